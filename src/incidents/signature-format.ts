/**
 * The two signed forms (`truceline-signed/1`, `truceline-signature/1`) as
 * data: their fields, the checks of their shape, the text a signature
 * covers, and the words of every verdict. Pure and free of node:crypto, so
 * that the server (report-signing.ts, with node:crypto) and the browser
 * (web/src/verify-signature.ts, with WebCrypto) check a document with one
 * piece of code, in the same order and with the same words; each only
 * hashes and verifies with its own crypto.
 */
import { canonicalJson } from './canonical-json.js';

export const SIGNED_DOCUMENT_FORMAT = 'truceline-signed/1';
export const DETACHED_SIGNATURE_FORMAT = 'truceline-signature/1';

/**
 * Why a signed document does not hold. `malformed`: not a document of this
 * format; `unknown_key`: signed by a key not among those given;
 * `payload_changed`: the payload or file is not what was signed;
 * `bad_signature`: the signature does not verify (a signed field was edited,
 * or another key signed it).
 */
export type SignatureFailure = 'malformed' | 'unknown_key' | 'payload_changed' | 'bad_signature';

/** A refusal, as both verifiers answer it. */
export interface SignatureRefusal {
  ok: false;
  failure: SignatureFailure;
  reason: string;
  keyId?: string;
}

export const PAYLOAD_TYPE = /^[A-Za-z0-9][A-Za-z0-9._+/-]{0,99}$/;
const SIGNED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** 64 bytes in base64 with padding. */
const SIGNATURE_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

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

/** An envelope whose fields are all well formed (its signature not yet checked). */
export interface EnvelopeFields {
  keyId: string;
  signedAt: string;
  payloadType: string;
  payloadEncoding: 'json' | 'base64';
  payloadSha256: string;
  /** A JSON value, or base64 text when `payloadEncoding` is `base64`. */
  payload: unknown;
  signature: string;
  [field: string]: unknown;
}

/** A detached signature whose fields are all well formed. */
export interface DetachedFields {
  keyId: string;
  signedAt: string;
  payloadType: string;
  sha256: string;
  signature: string;
  [field: string]: unknown;
}

/** The envelope if every field is well formed (base64 payload included), else why not. */
export function checkEnvelopeFields(doc: unknown): EnvelopeFields | string {
  const d = checkShape(doc, SIGNED_DOCUMENT_FORMAT, ENVELOPE_FIELDS);
  if (typeof d === 'string') return d;
  if (d.payloadEncoding !== 'json' && d.payloadEncoding !== 'base64') {
    return `payloadEncoding: expected "json" or "base64", got ${show(d.payloadEncoding)}`;
  }
  if (typeof d.payloadSha256 !== 'string' || !SHA256_HEX.test(d.payloadSha256)) {
    return `payloadSha256: expected 64 lowercase hex digits, got ${show(d.payloadSha256)}`;
  }
  if (
    d.payloadEncoding === 'base64' &&
    (typeof d.payload !== 'string' || !BASE64.test(d.payload))
  ) {
    return 'payload: expected base64 (payloadEncoding is "base64")';
  }
  return d as EnvelopeFields;
}

/** The detached signature if every field is well formed, else why not. */
export function checkDetachedFields(sig: unknown): DetachedFields | string {
  const s = checkShape(sig, DETACHED_SIGNATURE_FORMAT, DETACHED_FIELDS);
  if (typeof s === 'string') return s;
  if (typeof s.sha256 !== 'string' || !SHA256_HEX.test(s.sha256)) {
    return `sha256: expected 64 lowercase hex digits, got ${show(s.sha256)}`;
  }
  return s as DetachedFields;
}

/** `FORMAT + "\n" + canonicalJson(the object without signature)`: what a signature signs, as text. */
export function signedText(doc: object): string {
  const { signature: _signature, ...body } = doc as Record<string, unknown>;
  return `${String(body.format)}\n${canonicalJson(body)}`;
}

export function refuseMalformed(reason: string): SignatureRefusal {
  return { ok: false, failure: 'malformed', reason: `malformed: ${reason}` };
}

/** Signed by a key not among `known` (how the verifier names the keys it holds). */
export function refuseUnknownKey(keyId: string, known: string): SignatureRefusal {
  return {
    ok: false,
    failure: 'unknown_key',
    reason: `signed by key ${keyId}, which is not known here (${known})`,
    keyId,
  };
}

export function refusePayloadChanged(
  keyId: string,
  sha256: string,
  signedSha256: string,
): SignatureRefusal {
  return {
    ok: false,
    failure: 'payload_changed',
    reason: `payload changed after signing: its SHA-256 is ${sha256}, the signature covers ${signedSha256}`,
    keyId,
  };
}

export function refuseFileChanged(
  keyId: string,
  sha256: string,
  signedSha256: string,
): SignatureRefusal {
  return {
    ok: false,
    failure: 'payload_changed',
    reason: `file changed after signing (or is another file): its SHA-256 is ${sha256}, the signature is for ${signedSha256}`,
    keyId,
  };
}

export function refuseBadSignature(keyId: string, checkedWith: string): SignatureRefusal {
  return {
    ok: false,
    failure: 'bad_signature',
    reason: `signature does not verify with key ${checkedWith}: a signed field (signedAt, payloadType, …) was changed, or another key signed it`,
    keyId,
  };
}

/** A value as an error message quotes it: JSON, at most 80 characters. */
export function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** The object if it has this format's fields and no others, each common one well formed, else why not. */
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
  if (typeof d.signedAt !== 'string' || !SIGNED_AT.test(d.signedAt) || !isExactTime(d.signedAt)) {
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

/** Also refuses impossible dates (02-30) that the pattern lets through. */
function isExactTime(iso: string): boolean {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso;
}
