/**
 * The mission key's files in the data directory (the I/O around
 * mission-key.ts):
 *
 *   mission-key.pem       the private key, PKCS#8 PEM, mode 0600: never logged, never served
 *   mission-key.pub.pem   the public key, SPKI PEM (for `openssl pkeyutl -verify -pubin`)
 *   mission-key.json      { format, keyId, algorithm, createdAt }
 *
 * The private key file is the source of truth: the other two are derived
 * from it, rewritten when missing, and refused when they contradict it.
 * It is created once, atomically and exclusively (written to a temporary
 * file, then hard-linked into place), so two processes starting at once end
 * with one key.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  generateMissionKey,
  MISSION_KEY_ALGORITHM,
  type MissionKey,
  MissionKeyError,
  type MissionPublicKey,
  parseMissionPrivateKeyPem,
  parseMissionPublicKeyPem,
} from './mission-key.js';

export const MISSION_KEY_FILE = 'mission-key.pem';
export const MISSION_PUBLIC_KEY_FILE = 'mission-key.pub.pem';
export const MISSION_KEY_INFO_FILE = 'mission-key.json';
const INFO_FORMAT = 'truceline-mission-key/1';

interface MissionKeyInfo {
  format: typeof INFO_FORMAT;
  keyId: string;
  algorithm: typeof MISSION_KEY_ALGORITHM;
  createdAt: string;
}

/**
 * The data directory's mission key, made at the first call (`nowMs` is then
 * its creation time). Throws MissionKeyError when the files do not hold: a
 * private key file that is not an Ed25519 key or that others may read, or a
 * public key or info file that names another key.
 */
export async function loadOrCreateMissionKey(
  dataDir: string,
  nowMs: number = Date.now(),
): Promise<MissionKey> {
  const existing = await readMissionKey(dataDir);
  if (existing !== undefined) return existing;
  await mkdir(dataDir, { recursive: true });
  const { key, privateKeyPem } = generateMissionKey(nowMs);
  const created = await createExclusive(join(dataDir, MISSION_KEY_FILE), privateKeyPem);
  if (!created) {
    // Another process made the key first: use theirs.
    const theirs = await readMissionKey(dataDir);
    if (theirs === undefined)
      throw new MissionKeyError(`${MISSION_KEY_FILE} vanished in ${dataDir}`);
    return theirs;
  }
  await writeDerivedFiles(dataDir, key);
  return key;
}

/** The data directory's mission key, or undefined if it has none; never creates one. */
export async function readMissionKey(dataDir: string): Promise<MissionKey | undefined> {
  const file = join(dataDir, MISSION_KEY_FILE);
  const pem = await readIfExists(file);
  if (pem === undefined) return undefined;
  const st = await stat(file);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
    throw new MissionKeyError(
      `${file}: the private key may be read by others (mode ${(st.mode & 0o777).toString(8)}); run "chmod 600 ${file}" and check who copied it`,
    );
  }
  let key: MissionKey;
  try {
    key = parseMissionPrivateKeyPem(pem, Math.floor(st.mtimeMs));
  } catch (err) {
    throw new MissionKeyError(`${file}: ${(err as Error).message}`);
  }
  const info = await readInfo(dataDir);
  if (info !== undefined && info.keyId !== key.keyId) {
    throw new MissionKeyError(
      `${join(dataDir, MISSION_KEY_INFO_FILE)} names key ${info.keyId} but ${MISSION_KEY_FILE} holds key ${key.keyId}; if the key was replaced on purpose, remove ${MISSION_KEY_INFO_FILE} and ${MISSION_PUBLIC_KEY_FILE}`,
    );
  }
  const publicPem = await readIfExists(join(dataDir, MISSION_PUBLIC_KEY_FILE));
  if (publicPem !== undefined && parsePublicOrUndefined(publicPem)?.keyId !== key.keyId) {
    throw new MissionKeyError(
      `${join(dataDir, MISSION_PUBLIC_KEY_FILE)} is not the public half of ${MISSION_KEY_FILE} (key ${key.keyId}); if the key was replaced on purpose, remove ${MISSION_PUBLIC_KEY_FILE} and ${MISSION_KEY_INFO_FILE}`,
    );
  }
  const createdAtMs = info === undefined ? key.createdAtMs : Date.parse(info.createdAt);
  const loaded: MissionKey = { ...key, createdAtMs };
  if (info === undefined || publicPem === undefined) await writeDerivedFiles(dataDir, loaded);
  return loaded;
}

/**
 * The data directory's public key (from mission-key.pub.pem, which anyone may
 * read), or undefined if it has none.
 */
export async function readMissionPublicKey(dataDir: string): Promise<MissionPublicKey | undefined> {
  const file = join(dataDir, MISSION_PUBLIC_KEY_FILE);
  const pem = await readIfExists(file);
  if (pem === undefined) return undefined;
  try {
    return parseMissionPublicKeyPem(pem);
  } catch (err) {
    throw new MissionKeyError(`${file}: ${(err as Error).message}`);
  }
}

async function writeDerivedFiles(dataDir: string, key: MissionKey): Promise<void> {
  const info: MissionKeyInfo = {
    format: INFO_FORMAT,
    keyId: key.keyId,
    algorithm: MISSION_KEY_ALGORITHM,
    createdAt: new Date(key.createdAtMs).toISOString(),
  };
  await replaceFile(join(dataDir, MISSION_PUBLIC_KEY_FILE), key.publicKey.publicKeyPem);
  await replaceFile(join(dataDir, MISSION_KEY_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
}

/** Writes `text` to `file` with mode 0600 unless `file` exists; false if it did. */
async function createExclusive(file: string, text: string): Promise<boolean> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(tmp);
  }
}

async function replaceFile(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, text, { encoding: 'utf8', mode: 0o644 });
  await rename(tmp, file);
}

async function readInfo(dataDir: string): Promise<MissionKeyInfo | undefined> {
  const text = await readIfExists(join(dataDir, MISSION_KEY_INFO_FILE));
  if (text === undefined) return undefined;
  try {
    const info = JSON.parse(text) as Partial<MissionKeyInfo>;
    if (
      info.format === INFO_FORMAT &&
      typeof info.keyId === 'string' &&
      typeof info.createdAt === 'string' &&
      Number.isFinite(Date.parse(info.createdAt))
    ) {
      return info as MissionKeyInfo;
    }
  } catch {}
  // Unreadable: derived data, rewritten from the private key.
  return undefined;
}

function parsePublicOrUndefined(pem: string): MissionPublicKey | undefined {
  try {
    return parseMissionPublicKeyPem(pem);
  } catch {
    return undefined;
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
