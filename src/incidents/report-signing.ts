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
import {
  checkDetachedFields,
  checkEnvelopeFields,
  DETACHED_SIGNATURE_FORMAT,
  PAYLOAD_TYPE,
  refuseBadSignature,
  refuseFileChanged,
  refuseMalformed,
  refusePayloadChanged,
  refuseUnknownKey,
  SIGNED_DOCUMENT_FORMAT,
  type SignatureRefusal,
  show,
  signedText,
} from './signature-format.js';

export {
  DETACHED_SIGNATURE_FORMAT,
  SIGNED_DOCUMENT_FORMAT,
  type SignatureFailure,
} from './signature-format.js';

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

export type SignatureCheck =
  | {
      ok: true;
      keyId: string;
      signedAtMs: number;
      payloadType: string;
      /** SHA-256 (hex) of the payload's bytes or the file. */
      sha256: string;
    }
  | SignatureRefusal;

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
  return Buffer.from(signedText(doc), 'utf8');
}

/** Checks an envelope (untrusted: e.g. `JSON.parse` of a downloaded file) against known keys. */
export function verifySignedDocument(
  doc: unknown,
  publicKeys: readonly MissionPublicKey[],
): SignatureCheck {
  const d = checkEnvelopeFields(doc);
  if (typeof d === 'string') return refuseMalformed(d);
  let payloadBytes: Uint8Array;
  if (d.payloadEncoding === 'base64') payloadBytes = Buffer.from(d.payload as string, 'base64');
  else {
    try {
      payloadBytes = Buffer.from(canonicalJson(d.payload as JsonValue), 'utf8');
    } catch (err) {
      return refuseMalformed(`payload: ${(err as Error).message}`);
    }
  }
  const key = findKey(d.keyId, publicKeys);
  if (key === undefined) return refuseUnknownKey(d.keyId, describeKeys(publicKeys));
  const sha256 = sha256Hex(payloadBytes);
  if (sha256 !== d.payloadSha256) return refusePayloadChanged(d.keyId, sha256, d.payloadSha256);
  return checkSignature(d, key, sha256);
}

/** Checks a detached signature (untrusted, e.g. a parsed `FILE.sig.json`) against FILE's bytes. */
export function verifyDetachedSignature(
  sig: unknown,
  fileBytes: Uint8Array,
  publicKeys: readonly MissionPublicKey[],
): SignatureCheck {
  const s = checkDetachedFields(sig);
  if (typeof s === 'string') return refuseMalformed(s);
  const key = findKey(s.keyId, publicKeys);
  if (key === undefined) return refuseUnknownKey(s.keyId, describeKeys(publicKeys));
  // The signature first: it says whether the .sig.json itself holds; only
  // then does a different digest mean that the file changed.
  const signed = checkSignature(s, key, s.sha256);
  if (!signed.ok) return signed;
  const sha256 = sha256Hex(fileBytes);
  if (sha256 !== s.sha256) return refuseFileChanged(s.keyId, sha256, s.sha256);
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
  doc: { keyId: string; signedAt: string; payloadType: string; signature: string },
  key: MissionPublicKey,
  sha256: string,
): SignatureCheck {
  let good: boolean;
  try {
    good = verify(null, signedBytes(doc), key.keyObject, Buffer.from(doc.signature, 'base64'));
  } catch (err) {
    return refuseMalformed(`cannot be checked: ${(err as Error).message}`);
  }
  if (!good) return refuseBadSignature(doc.keyId, key.keyId);
  return {
    ok: true,
    keyId: doc.keyId,
    signedAtMs: Date.parse(doc.signedAt),
    payloadType: doc.payloadType,
    sha256,
  };
}

function findKey(keyId: string, keys: readonly MissionPublicKey[]): MissionPublicKey | undefined {
  return keys.find((k) => k.keyId === keyId);
}

function describeKeys(keys: readonly MissionPublicKey[]): string {
  return keys.length === 0
    ? 'no key was given'
    : `the keys given are ${keys.map((k) => k.keyId).join(', ')}`;
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
