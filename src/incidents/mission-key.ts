/**
 * The mission key: the Ed25519 key pair that signs what the mission publishes
 * (src/incidents/report-signing.ts, docs/signed-reports.md). This module makes
 * and reads keys from PEM text; the files in the data directory are read and
 * written by src/incidents/signing-key-file.ts.
 *
 * A key is named by its id, the first 16 hex digits of the SHA-256 of the 32
 * raw public key bytes, so that signatures name the key that made them and
 * keys can rotate later.
 *
 * The private key lives only in a `KeyObject`: `JSON.stringify` and
 * `util.inspect` of one show no key material, so logging a MissionKey by
 * mistake leaks nothing. Its PEM exists only on the way to the file.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';

export const MISSION_KEY_ALGORITHM = 'Ed25519';
/** Where a server serves its MissionKeyDescription (RFC 8615 well-known URI). */
export const MISSION_KEY_WELL_KNOWN_PATH = '/.well-known/truceline/mission-key';
/** Hex digits of SHA-256(raw public key) in a key id. */
export const KEY_ID_HEX_DIGITS = 16;
const RAW_PUBLIC_KEY_BYTES = 32;

/** What anyone may know of a key: enough to verify, nothing to sign. */
export interface MissionPublicKey {
  /** First 16 hex digits of SHA-256 of the raw public key. */
  keyId: string;
  /** SubjectPublicKeyInfo, PEM (`-----BEGIN PUBLIC KEY-----`). */
  publicKeyPem: string;
  /** The 32 raw public key bytes, base64url without padding (RFC 8037 `x`). */
  rawPublicKeyBase64Url: string;
  keyObject: KeyObject;
}

export interface MissionKey {
  keyId: string;
  /** When the key pair was made (UTC ms). */
  createdAtMs: number;
  publicKey: MissionPublicKey;
  /** Never logged, never served; signs through report-signing.ts. */
  privateKey: KeyObject;
}

/** The public description served at /.well-known/truceline/mission-key. */
export interface MissionKeyDescription {
  keyId: string;
  algorithm: typeof MISSION_KEY_ALGORITHM;
  publicKeyPem: string;
  rawPublicKeyBase64Url: string;
  /** ISO 8601 UTC. */
  createdAt: string;
}

/** A PEM that is not an Ed25519 key of the kind expected, or a key file that does not hold. */
export class MissionKeyError extends Error {
  override name = 'MissionKeyError';
}

/** The key id of a raw 32-byte Ed25519 public key. */
export function missionKeyId(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, KEY_ID_HEX_DIGITS);
}

/** A new key pair and the PKCS#8 PEM of its private key (to be written once, mode 0600). */
export function generateMissionKey(createdAtMs: number): {
  key: MissionKey;
  privateKeyPem: string;
} {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = missionKeyFromPrivateKey(privateKey, createdAtMs);
  return { key, privateKeyPem: exportPrivateKeyPem(key) };
}

/** The PKCS#8 PEM of the private key: for the key file only. */
export function exportPrivateKeyPem(key: MissionKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Reads a PKCS#8 PEM private key; throws MissionKeyError unless it is Ed25519. */
export function parseMissionPrivateKeyPem(pem: string, createdAtMs: number): MissionKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new MissionKeyError(`not a PEM private key: ${(err as Error).message}`);
  }
  return missionKeyFromPrivateKey(privateKey, createdAtMs);
}

/**
 * Reads a public key PEM (SPKI; a private key PEM gives its public half);
 * throws MissionKeyError unless it is Ed25519.
 */
export function parseMissionPublicKeyPem(pem: string): MissionPublicKey {
  let keyObject: KeyObject;
  try {
    keyObject = createPublicKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new MissionKeyError(`not a PEM public key: ${(err as Error).message}`);
  }
  return describePublicKeyObject(keyObject);
}

/** The public key from its 32 raw bytes, base64url (as the well-known URL serves it). */
export function parseMissionPublicKeyRaw(rawBase64Url: string): MissionPublicKey {
  if (!/^[A-Za-z0-9_-]{43}$/.test(rawBase64Url)) {
    throw new MissionKeyError(
      `expected 32 bytes as 43 base64url characters, got ${JSON.stringify(rawBase64Url.slice(0, 60))}`,
    );
  }
  const keyObject = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: rawBase64Url },
    format: 'jwk',
  });
  return describePublicKeyObject(keyObject);
}

export function describeMissionKey(key: MissionKey): MissionKeyDescription {
  return {
    keyId: key.keyId,
    algorithm: MISSION_KEY_ALGORITHM,
    publicKeyPem: key.publicKey.publicKeyPem,
    rawPublicKeyBase64Url: key.publicKey.rawPublicKeyBase64Url,
    createdAt: new Date(key.createdAtMs).toISOString(),
  };
}

function missionKeyFromPrivateKey(privateKey: KeyObject, createdAtMs: number): MissionKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new MissionKeyError(
      `expected an Ed25519 private key, got ${privateKey.asymmetricKeyType ?? 'unknown'}`,
    );
  }
  if (!Number.isSafeInteger(createdAtMs) || createdAtMs < 0) {
    throw new TypeError(`mission key: createdAtMs: expected epoch ms, got ${createdAtMs}`);
  }
  const publicKey = describePublicKeyObject(createPublicKey(privateKey));
  return { keyId: publicKey.keyId, createdAtMs, publicKey, privateKey };
}

function describePublicKeyObject(keyObject: KeyObject): MissionPublicKey {
  if (keyObject.asymmetricKeyType !== 'ed25519') {
    throw new MissionKeyError(
      `expected an Ed25519 public key, got ${keyObject.asymmetricKeyType ?? 'unknown'}`,
    );
  }
  const x = keyObject.export({ format: 'jwk' }).x;
  const raw = Buffer.from(x ?? '', 'base64url');
  if (raw.length !== RAW_PUBLIC_KEY_BYTES) {
    throw new MissionKeyError(`expected a 32-byte Ed25519 public key, got ${raw.length} bytes`);
  }
  return {
    keyId: missionKeyId(raw),
    publicKeyPem: keyObject.export({ type: 'spki', format: 'pem' }).toString(),
    rawPublicKeyBase64Url: raw.toString('base64url'),
    keyObject,
  };
}
