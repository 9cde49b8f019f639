/**
 * Signed documents: what the mission publishes, signed with its Ed25519 key
 * (mission-key.ts) so that anyone holding the public key can check that a
 * downloaded copy is what was published (docs/signed-reports.md, with the
 * recipe for OpenSSL and Python).
 *
 * Two forms:
 *
 * - an envelope (`truceline-signed/1`): one JSON file holding the payload (a
 *   JSON document, or bytes as base64) and its signature;
 * - a detached signature (`truceline-signature/1`), `FILE.sig.json` beside a
 *   file whose bytes it signs through their SHA-256 (a PDF, a CSV, GeoJSON).
 *
 * Either way the signature is Ed25519 (pure, no pre-hash) over
 *
 *   UTF-8(FORMAT + "\n" + canonicalJson(the object without `signature`))
 *
 * where FORMAT is the object's own `format`: the prefix keeps a signature of
 * one form from being taken for the other, or for anything else the key signs.
 *
 * Pure apart from hashing and signing: no files, no clock (the time of
 * signing is passed in). Verification takes untrusted input and never throws:
 * it answers why a document does not hold.
 */
import { createHash, sign, verify } from 'node:crypto';
import { canonicalJson, type JsonValue } from './canonical-json.js';
import type { MissionKey, MissionPublicKey } from './mission-key.js';

export const SIGNED_DOCUMENT_FORMAT = 'truceline-signed/1';
export const DETACHED_SIGNATURE_FORMAT = 'truceline-signature/1';

/** How an envelope carries its payload: the JSON value itself, or bytes as base64. */
export type PayloadEncoding = 'json' | 'base64';

export interface SignedDocument {
  format: typeof SIGNED_DOCUMENT_FORMAT;
  /** The signing key's id (mission-key.ts). */
  keyId: string;
  /** When it was signed, ISO 8601 UTC with milliseconds (`2026-01-01T06:00:00.000Z`). */
  signedAt: string;
  /** What the payload is: `report/v1` (JSON), `report.csv`, `report.geojson` (bytes). */
  payloadType: string;
  payloadEncoding: PayloadEncoding;
  /** SHA-256 (hex) of the payload's bytes: canonical JSON as UTF-8, or the decoded base64. */
  payloadSha256: string;
  payload: JsonValue;
  /** Ed25519 signature, base64 (88 characters). */
  signature: string;
}

/** `FILE.sig.json`: signs FILE's bytes by their SHA-256. */
export interface DetachedSignature {
  format: typeof DETACHED_SIGNATURE_FORMAT;
  keyId: string;
  signedAt: string;
  payloadType: string;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  signature: string;
}

/**
 * Why a signed document does not hold. `malformed`: not a document of this
 * format; `unknown_key`: signed by a key not among those given;
 * `payload_changed`: the payload or file is not what was signed;
 * `bad_signature`: the signature does not verify (a signed field was edited,
 * or another key signed it).
 */
export type SignatureFailure = 'malformed' | 'unknown_key' | 'payload_changed' | 'bad_signature';

export type SignatureCheck =
  | {
      ok: true;
      keyId: string;
      signedAtMs: number;
      payloadType: string;
      /** SHA-256 (hex) of the payload's bytes or the file. */
      sha256: string;
    }
  | { ok: false; failure: SignatureFailure; reason: string; keyId?: string };

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
] as const;
const DETACHED_FIELDS = [
  'format',
  'keyId',
  'signedAt',
  'payloadType',
  'sha256',
  'signature',
] as const;

/**
 * Signs a JSON document (`payload` a JSON value) or bytes (a Uint8Array,
 * carried as base64). Throws a TypeError on our own misuse: a payload type
 * that is not a short token, a time that is not epoch ms, a payload with no
 * canonical JSON form.
 */
export function signDocument(
  key: MissionKey,
  payloadType: string,
  payload: JsonValue | Uint8Array,
  signedAtMs: number,
): SignedDocument {
  checkPayloadType(payloadType);
  const bytes = payload instanceof Uint8Array;
  const payloadBytes = bytes ? payload : Buffer.from(canonicalJson(payload), 'utf8');
  const body: Omit<SignedDocument, 'signature'> = {
    format: SIGNED_DOCUMENT_FORMAT,
    keyId: key.keyId,
    signedAt: formatSignedAt(signedAtMs),
    payloadType,
    payloadEncoding: bytes ? 'base64' : 'json',
    payloadSha256: sha256Hex(payloadBytes),
    payload: bytes ? Buffer.from(payload).toString('base64') : payload,
  };
  return { ...body, signature: signBody(key, body) };
}

/** A detached signature of a file's bytes, for `FILE.sig.json`. */
export function signDetached(
  key: MissionKey,
  payloadType: string,
  fileBytes: Uint8Array,
  signedAtMs: number,
): DetachedSignature {
  checkPayloadType(payloadType);
  const body: Omit<DetachedSignature, 'signature'> = {
    format: DETACHED_SIGNATURE_FORMAT,
    keyId: key.keyId,
    signedAt: formatSignedAt(signedAtMs),
    payloadType,
    sha256: sha256Hex(fileBytes),
  };
  return { ...body, signature: signBody(key, body) };
}

/** The exact bytes an envelope's or detached signature's `signature` signs. */
export function signedBytes(doc: object): Buffer {
  const { signature: _signature, ...body } = doc as Record<string, unknown>;
  return Buffer.from(`${String(body.format)}\n${canonicalJson(body)}`, 'utf8');
}

/** Checks an envelope (untrusted: e.g. `JSON.parse` of a downloaded file) against known keys. */
export function verifySignedDocument(
  doc: unknown,
  publicKeys: readonly MissionPublicKey[],
): SignatureCheck {
  const shape = checkShape(doc, SIGNED_DOCUMENT_FORMAT, ENVELOPE_FIELDS);
  if (typeof shape === 'string') return malformed(shape);
  const d = shape as unknown as SignedDocument;
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
  let payloadBytes: Uint8Array;
  if (d.payloadEncoding === 'base64') {
    if (typeof d.payload !== 'string' || !BASE64.test(d.payload)) {
      return malformed('payload: expected base64 (payloadEncoding is "base64")');
    }
    payloadBytes = Buffer.from(d.payload, 'base64');
  } else {
    try {
      payloadBytes = Buffer.from(canonicalJson(d.payload), 'utf8');
    } catch (err) {
      return malformed(`payload: ${(err as Error).message}`);
    }
  }
  const key = findKey(d.keyId, publicKeys);
  if (typeof key === 'string')
    return { ok: false, failure: 'unknown_key', reason: key, keyId: d.keyId };
  const sha256 = sha256Hex(payloadBytes);
  if (sha256 !== d.payloadSha256) {
    return {
      ok: false,
      failure: 'payload_changed',
      reason: `payload changed after signing: its SHA-256 is ${sha256}, the signature covers ${d.payloadSha256}`,
      keyId: d.keyId,
    };
  }
  return checkSignature(d, key, sha256);
}

/** Checks a detached signature (untrusted, e.g. a parsed `FILE.sig.json`) against FILE's bytes. */
export function verifyDetachedSignature(
  sig: unknown,
  fileBytes: Uint8Array,
  publicKeys: readonly MissionPublicKey[],
): SignatureCheck {
  const shape = checkShape(sig, DETACHED_SIGNATURE_FORMAT, DETACHED_FIELDS);
  if (typeof shape === 'string') return malformed(shape);
  const s = shape as unknown as DetachedSignature;
  if (typeof s.sha256 !== 'string' || !SHA256_HEX.test(s.sha256)) {
    return malformed(`sha256: expected 64 lowercase hex digits, got ${show(s.sha256)}`);
  }
  const key = findKey(s.keyId, publicKeys);
  if (typeof key === 'string')
    return { ok: false, failure: 'unknown_key', reason: key, keyId: s.keyId };
  // The signature first: it says whether the .sig.json itself holds; only
  // then does a different digest mean that the file changed.
  const signed = checkSignature(s, key, s.sha256);
  if (!signed.ok) return signed;
  const sha256 = sha256Hex(fileBytes);
  if (sha256 !== s.sha256) {
    return {
      ok: false,
      failure: 'payload_changed',
      reason: `file changed after signing (or is another file): its SHA-256 is ${sha256}, the signature is for ${s.sha256}`,
      keyId: s.keyId,
    };
  }
  return signed;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function signBody(
  key: MissionKey,
  body: Omit<SignedDocument, 'signature'> | Omit<DetachedSignature, 'signature'>,
): string {
  return sign(null, signedBytes(body), key.privateKey).toString('base64');
}

function checkSignature(
  doc: SignedDocument | DetachedSignature,
  key: MissionPublicKey,
  sha256: string,
): SignatureCheck {
  let good: boolean;
  try {
    good = verify(null, signedBytes(doc), key.keyObject, Buffer.from(doc.signature, 'base64'));
  } catch (err) {
    return malformed(`cannot be checked: ${(err as Error).message}`);
  }
  if (!good) {
    return {
      ok: false,
      failure: 'bad_signature',
      reason: `signature does not verify with key ${key.keyId}: a signed field (signedAt, payloadType, …) was changed, or another key signed it`,
      keyId: doc.keyId,
    };
  }
  return {
    ok: true,
    keyId: doc.keyId,
    signedAtMs: Date.parse(doc.signedAt),
    payloadType: doc.payloadType,
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

function findKey(keyId: string, keys: readonly MissionPublicKey[]): MissionPublicKey | string {
  const key = keys.find((k) => k.keyId === keyId);
  if (key !== undefined) return key;
  const known =
    keys.length === 0
      ? 'no key was given'
      : `the keys given are ${keys.map((k) => k.keyId).join(', ')}`;
  return `signed by key ${keyId}, which is not known here (${known})`;
}

function malformed(reason: string): SignatureCheck {
  return { ok: false, failure: 'malformed', reason: `malformed: ${reason}` };
}

function checkPayloadType(payloadType: string): void {
  if (typeof payloadType !== 'string' || !PAYLOAD_TYPE.test(payloadType)) {
    throw new TypeError(
      `signDocument: payloadType: expected a short token such as "report/v1" or "report.csv", got ${show(payloadType)}`,
    );
  }
}

function formatSignedAt(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > 253_402_300_799_999) {
    throw new TypeError(`signDocument: signedAtMs: expected epoch ms (an integer), got ${ms}`);
  }
  return new Date(ms).toISOString();
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
