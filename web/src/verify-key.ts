/**
 * The mission's public key, from GET /.well-known/truceline/mission-key
 * (src/api/well-known-route.ts), imported into WebCrypto. Public: no account
 * is needed. As `truceline report verify --server` does, the key id is
 * computed again from the key's bytes, never taken on the server's word.
 */
import type { ErrorBody, MissionKeyBody } from '../../src/api/wire.js';
import { decodeBase64, sha256Hex, type VerifyKey } from './verify-signature.js';

/** The well-known path (MISSION_KEY_WELL_KNOWN_PATH in src/incidents/mission-key.ts). */
export const MISSION_KEY_URL = '/.well-known/truceline/mission-key';
/** Hex digits of SHA-256(raw public key) in a key id (KEY_ID_HEX_DIGITS). */
const KEY_ID_HEX_DIGITS = 16;
const RAW_PUBLIC_KEY_BYTES = 32;

export interface MissionVerifyKey extends VerifyKey {
  /** ISO 8601 UTC, as the server describes the key. */
  createdAt: string;
}

/** Why the key could not be had: the server has none, or it could not be fetched or used. */
export class MissionKeyUnavailable extends Error {
  constructor(
    message: string,
    /** `no_mission_key` when the server signs nothing. */
    readonly code: 'no_mission_key' | 'unavailable',
  ) {
    super(message);
  }
}

export async function fetchMissionKey(signal?: AbortSignal): Promise<MissionVerifyKey> {
  let res: Response;
  let body: unknown;
  try {
    res = await fetch(MISSION_KEY_URL, { headers: { accept: 'application/json' }, signal });
    body = await res.json();
  } catch (err) {
    throw new MissionKeyUnavailable(
      `Could not fetch ${MISSION_KEY_URL}: ${(err as Error).message}`,
      'unavailable',
    );
  }
  if (!res.ok) {
    const error = (body as ErrorBody | null)?.error;
    throw new MissionKeyUnavailable(
      `${MISSION_KEY_URL} answered ${res.status}${error ? `: ${error.message}` : ''}`,
      error?.code === 'no_mission_key' ? 'no_mission_key' : 'unavailable',
    );
  }
  return importMissionKey(body as Partial<MissionKeyBody> | null);
}

async function importMissionKey(
  described: Partial<MissionKeyBody> | null,
): Promise<MissionVerifyKey> {
  const raw = described?.rawPublicKeyBase64Url;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    if (typeof raw !== 'string') throw new Error('no rawPublicKeyBase64Url');
    bytes = decodeBase64(raw);
    if (bytes.length !== RAW_PUBLIC_KEY_BYTES) {
      throw new Error(`expected ${RAW_PUBLIC_KEY_BYTES} raw key bytes, got ${bytes.length}`);
    }
  } catch (err) {
    throw new MissionKeyUnavailable(
      `${MISSION_KEY_URL} sent no usable key: ${(err as Error).message}`,
      'unavailable',
    );
  }
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await crypto.subtle.importKey('raw', bytes, { name: 'Ed25519' }, false, ['verify']);
  } catch (err) {
    throw new MissionKeyUnavailable(
      `This browser cannot use the Ed25519 key (${(err as Error).message}): try a current Chrome, Firefox or Safari, or \`truceline report verify\``,
      'unavailable',
    );
  }
  const keyId = (await sha256Hex(bytes)).slice(0, KEY_ID_HEX_DIGITS);
  if (described?.keyId !== keyId) {
    throw new MissionKeyUnavailable(
      `${MISSION_KEY_URL} names key ${String(described?.keyId)} but its public key's id is ${keyId}`,
      'unavailable',
    );
  }
  return { keyId, cryptoKey, createdAt: String(described.createdAt ?? '') };
}
