/**
 * Checks a signed envelope (`truceline-signed/1`) or a detached signature
 * (`truceline-signature/1`) in the browser, with WebCrypto's Ed25519 and the
 * key the server publishes (docs/signed-reports.md).
 *
 * The shapes, the signed text and the words of every verdict come from the
 * server's own src/incidents/signature-format.ts (through wire.ts), the code
 * `truceline report verify` uses too; only hashing and verifying are
 * WebCrypto's here, node:crypto's there. test/browser/verify-report.test.ts
 * runs both on the same files.
 *
 * Takes untrusted input and never throws: a failure is a result.
 */
import {
  BASE64,
  canonicalJson,
  checkDetachedFields,
  checkEnvelopeFields,
  refuseBadSignature,
  refuseFileChanged,
  refuseMalformed,
  refusePayloadChanged,
  refuseUnknownKey,
  type SignatureRefusal,
  signedText,
} from '../../src/api/wire.js';

/** The key to check against: the served one, with its id recomputed from its bytes. */
export interface VerifyKey {
  keyId: string;
  cryptoKey: CryptoKey;
}

export type VerifyOutcome =
  | { ok: true; keyId: string; signedAt: string; payloadType: string; sha256: string }
  | SignatureRefusal;

/** Checks an envelope, e.g. `JSON.parse` of a downloaded `.signed.json`. */
export async function verifyEnvelope(doc: unknown, key: VerifyKey): Promise<VerifyOutcome> {
  const d = checkEnvelopeFields(doc);
  if (typeof d === 'string') return refuseMalformed(d);
  let payloadBytes: Uint8Array<ArrayBuffer>;
  if (d.payloadEncoding === 'base64') payloadBytes = decodeBase64(d.payload as string);
  else {
    try {
      payloadBytes = encodeUtf8(canonicalJson(d.payload as Parameters<typeof canonicalJson>[0]));
    } catch (err) {
      return refuseMalformed(`payload: ${(err as Error).message}`);
    }
  }
  if (d.keyId !== key.keyId) return refuseUnknownKey(d.keyId, describeKey(key));
  const sha256 = await sha256Hex(payloadBytes);
  if (sha256 !== d.payloadSha256) return refusePayloadChanged(d.keyId, sha256, d.payloadSha256);
  return checkSignature(d, key, sha256);
}

/** Checks a detached signature (a parsed `FILE.sig.json`) against FILE's bytes. */
export async function verifyDetached(
  sig: unknown,
  fileBytes: Uint8Array<ArrayBuffer>,
  key: VerifyKey,
): Promise<VerifyOutcome> {
  const s = checkDetachedFields(sig);
  if (typeof s === 'string') return refuseMalformed(s);
  if (s.keyId !== key.keyId) return refuseUnknownKey(s.keyId, describeKey(key));
  // The signature first, as the server does: it says whether the .sig.json
  // itself holds; only then does another digest mean that the file changed.
  const signed = await checkSignature(s, key, s.sha256);
  if (!signed.ok) return signed;
  const sha256 = await sha256Hex(fileBytes);
  if (sha256 !== s.sha256) return refuseFileChanged(s.keyId, sha256, s.sha256);
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

function describeKey(key: VerifyKey): string {
  return `the key this server publishes is ${key.keyId}`;
}

async function checkSignature(
  doc: { keyId: string; signedAt: string; payloadType: string; signature: string },
  key: VerifyKey,
  sha256: string,
): Promise<VerifyOutcome> {
  let good: boolean;
  try {
    const signature = decodeBase64(doc.signature);
    good = await crypto.subtle.verify(
      'Ed25519',
      key.cryptoKey,
      signature,
      encodeUtf8(signedText(doc)),
    );
  } catch (err) {
    return refuseMalformed(`cannot be checked: ${(err as Error).message}`);
  }
  if (!good) return refuseBadSignature(doc.keyId, key.keyId);
  return {
    ok: true,
    keyId: doc.keyId,
    signedAt: doc.signedAt,
    payloadType: doc.payloadType,
    sha256,
  };
}
