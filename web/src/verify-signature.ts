/**
 * Checks a signed envelope (`truceline-signed/1`) or a detached signature
 * (`truceline-signature/1`) in the browser, with WebCrypto's Ed25519 and the
 * key the server publishes (docs/signed-reports.md).
 *
 * The browser's twin of verifySignedDocument / verifyDetachedSignature in
 * src/incidents/report-signing.ts, which web/ may not import (it uses
 * node:crypto): the same checks in the same order, so that it fails for the
 * same reason with the same words as `truceline report verify`. The signed
 * text comes from the server's own canonicalJson (re-exported by wire.ts).
 * test/browser/verify-report.test.ts runs both on the same files.
 *
 * Takes untrusted input and never throws: a failure is a result.
 */
import { canonicalJson, type SignatureFailure } from '../../src/api/wire.js';

const SIGNED_DOCUMENT_FORMAT = 'truceline-signed/1';
const DETACHED_SIGNATURE_FORMAT = 'truceline-signature/1';

/** Patterns and field lists as report-signing.ts has them. */
const PAYLOAD_TYPE = /^[A-Za-z0-9][A-Za-z0-9._+/-]{0,99}$/;
const SIGNED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** 64 bytes in base64 with padding. */
const SIGNATURE_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ENVELOPE_FIELDS = [
  'format',
  'keyId',
  'signedAt',
  'payloadType',
  'payloadEncoding',
  'payloadSha256',
  'payload',
  'signature',
];
const DETACHED_FIELDS = ['format', 'keyId', 'signedAt', 'payloadType', 'sha256', 'signature'];

/** The key to check against: the served one, with its id recomputed from its bytes. */
export interface VerifyKey {
  keyId: string;
  cryptoKey: CryptoKey;
}

export type VerifyOutcome =
  | { ok: true; keyId: string; signedAt: string; payloadType: string; sha256: string }
  | { ok: false; failure: SignatureFailure; reason: string; keyId?: string };

/** Checks an envelope, e.g. `JSON.parse` of a downloaded `.signed.json`. */
export async function verifyEnvelope(doc: unknown, key: VerifyKey): Promise<VerifyOutcome> {
  const shape = checkShape(doc, SIGNED_DOCUMENT_FORMAT, ENVELOPE_FIELDS);
  if (typeof shape === 'string') return malformed(shape);
  const d = shape;
  if (d.payloadEncoding !== 'json' && d.payloadEncoding !== 'base64') {
    return malformed(
      `payloadEncoding: expected "json" or "base64", got ${show(d.payloadEncoding)}`,
    );
  }
  if (typeof d.payloadSha256 !== 'string' || !SHA256_HEX.test(d.payloadSha256)) {
    return malformed(
      `payloadSha256: expected 64 lowercase hex digits, got ${show(d.payloadSha256)}`,
    );
  }
  let payloadBytes: Uint8Array<ArrayBuffer>;
  if (d.payloadEncoding === 'base64') {
    if (typeof d.payload !== 'string' || !BASE64.test(d.payload)) {
      return malformed('payload: expected base64 (payloadEncoding is "base64")');
    }
    payloadBytes = decodeBase64(d.payload);
  } else {
    try {
      payloadBytes = encodeUtf8(canonicalJson(d.payload));
    } catch (err) {
      return malformed(`payload: ${(err as Error).message}`);
    }
  }
  const unknown = checkKeyId(d.keyId as string, key);
  if (unknown) return unknown;
  const sha256 = await sha256Hex(payloadBytes);
  if (sha256 !== d.payloadSha256) {
    return {
      ok: false,
      failure: 'payload_changed',
      reason: `payload changed after signing: its SHA-256 is ${sha256}, the signature covers ${d.payloadSha256}`,
      keyId: d.keyId as string,
    };
  }
  return checkSignature(d, key, sha256);
}

/** Checks a detached signature (a parsed `FILE.sig.json`) against FILE's bytes. */
export async function verifyDetached(
  sig: unknown,
  fileBytes: Uint8Array<ArrayBuffer>,
  key: VerifyKey,
): Promise<VerifyOutcome> {
  const shape = checkShape(sig, DETACHED_SIGNATURE_FORMAT, DETACHED_FIELDS);
  if (typeof shape === 'string') return malformed(shape);
  const s = shape;
  if (typeof s.sha256 !== 'string' || !SHA256_HEX.test(s.sha256)) {
    return malformed(`sha256: expected 64 lowercase hex digits, got ${show(s.sha256)}`);
  }
  const unknown = checkKeyId(s.keyId as string, key);
  if (unknown) return unknown;
  // The signature first, as the server does: it says whether the .sig.json
  // itself holds; only then does another digest mean that the file changed.
  const signed = await checkSignature(s, key, s.sha256);
  if (!signed.ok) return signed;
  const sha256 = await sha256Hex(fileBytes);
  if (sha256 !== s.sha256) {
    return {
      ok: false,
      failure: 'payload_changed',
      reason: `file changed after signing (or is another file): its SHA-256 is ${sha256}, the signature is for ${s.sha256}`,
      keyId: s.keyId as string,
    };
  }
  return signed;
}

/** The envelope's payload bytes when it holds them as base64 (for a preview); null otherwise. */
export function decodeEnvelopePayload(doc: unknown): Uint8Array<ArrayBuffer> | null {
  const d = doc as { payloadEncoding?: unknown; payload?: unknown } | null;
  if (d?.payloadEncoding !== 'base64' || typeof d.payload !== 'string') return null;
  return BASE64.test(d.payload) ? decodeBase64(d.payload) : null;
}

/** Lowercase hex SHA-256, through WebCrypto. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** RFC 4648 base64 (or base64url, without padding) to bytes; throws on other text. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), '='));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function encodeUtf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}

/** `FORMAT + "\n" + canonical(the object without signature)`, as UTF-8. */
function signedBytes(doc: Record<string, unknown>): Uint8Array<ArrayBuffer> {
  const { signature: _signature, ...body } = doc;
  return encodeUtf8(`${String(body.format)}\n${canonicalJson(body)}`);
}

function checkKeyId(keyId: string, key: VerifyKey): VerifyOutcome | null {
  if (keyId === key.keyId) return null;
  return {
    ok: false,
    failure: 'unknown_key',
    reason: `signed by key ${keyId}, which is not known here (the key this server publishes is ${key.keyId})`,
    keyId,
  };
}

async function checkSignature(
  doc: Record<string, unknown>,
  key: VerifyKey,
  sha256: string,
): Promise<VerifyOutcome> {
  let good: boolean;
  try {
    const signature = decodeBase64(doc.signature as string);
    good = await crypto.subtle.verify('Ed25519', key.cryptoKey, signature, signedBytes(doc));
  } catch (err) {
    return malformed(`cannot be checked: ${(err as Error).message}`);
  }
  if (!good) {
    return {
      ok: false,
      failure: 'bad_signature',
      reason: `signature does not verify with key ${key.keyId}: a signed field (signedAt, payloadType, …) was changed, or another key signed it`,
      keyId: doc.keyId as string,
    };
  }
  return {
    ok: true,
    keyId: doc.keyId as string,
    signedAt: doc.signedAt as string,
    payloadType: doc.payloadType as string,
    sha256,
  };
}

/** The object if it has this format's fields and no others, else why not. */
function checkShape(
  doc: unknown,
  format: string,
  fields: readonly string[],
): Record<string, unknown> | string {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return `expected a JSON object of format "${format}"`;
  }
  const d = doc as Record<string, unknown>;
  if (d.format !== format) return `format: expected "${format}", got ${show(d.format)}`;
  for (const f of fields) if (!(f in d)) return `${f}: missing`;
  const extra = Object.keys(d).filter((k) => !fields.includes(k));
  if (extra.length > 0)
    return `unexpected field ${show(extra[0])} (format ${format} has no such field)`;
  if (typeof d.keyId !== 'string' || !KEY_ID.test(d.keyId)) {
    return `keyId: expected 16 lowercase hex digits, got ${show(d.keyId)}`;
  }
  if (typeof d.signedAt !== 'string' || !SIGNED_AT.test(d.signedAt) || !validTime(d.signedAt)) {
    return `signedAt: expected an ISO 8601 UTC time like 2026-01-01T06:00:00.000Z, got ${show(d.signedAt)}`;
  }
  if (typeof d.payloadType !== 'string' || !PAYLOAD_TYPE.test(d.payloadType)) {
    return `payloadType: expected a short token such as "report/v1", got ${show(d.payloadType)}`;
  }
  if (typeof d.signature !== 'string' || !SIGNATURE_BASE64.test(d.signature)) {
    return 'signature: expected 64 bytes in base64 (88 characters)';
  }
  return d;
}

function malformed(reason: string): VerifyOutcome {
  return { ok: false, failure: 'malformed', reason: `malformed: ${reason}` };
}

/** Also refuses impossible dates (02-30) that the pattern lets through. */
function validTime(iso: string): boolean {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso;
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
