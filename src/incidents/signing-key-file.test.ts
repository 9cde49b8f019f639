import { chmod, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateMissionKey } from './mission-key.js';
import {
  loadOrCreateMissionKey,
  MISSION_KEY_FILE,
  MISSION_KEY_INFO_FILE,
  MISSION_PUBLIC_KEY_FILE,
  readMissionKey,
  readMissionPublicKey,
} from './signing-key-file.js';

const CREATED_MS = Date.UTC(2026, 0, 1);
const LATER_MS = Date.UTC(2026, 5, 1);
const posix = process.platform !== 'win32';

describe('mission key files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'truceline-key-')), 'data');
  });
  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it.runIf(posix)(
    'creates the private key with mode 0600 and the public key beside it',
    async () => {
      const key = await loadOrCreateMissionKey(dir, CREATED_MS);
      expect((await stat(join(dir, MISSION_KEY_FILE))).mode & 0o777).toBe(0o600);
      expect(await readFile(join(dir, MISSION_KEY_FILE), 'utf8')).toMatch(
        /^-----BEGIN PRIVATE KEY-----\n/,
      );
      expect(await readFile(join(dir, MISSION_PUBLIC_KEY_FILE), 'utf8')).toBe(
        key.publicKey.publicKeyPem,
      );
      expect(JSON.parse(await readFile(join(dir, MISSION_KEY_INFO_FILE), 'utf8'))).toEqual({
        format: 'truceline-mission-key/1',
        keyId: key.keyId,
        algorithm: 'Ed25519',
        createdAt: '2026-01-01T00:00:00.000Z',
      });
    },
  );

  it('reuses the key at the next start, with its first creation time', async () => {
    const first = await loadOrCreateMissionKey(dir, CREATED_MS);
    const again = await loadOrCreateMissionKey(dir, LATER_MS);
    expect(again.keyId).toBe(first.keyId);
    expect(again.createdAtMs).toBe(CREATED_MS);
    expect((await readMissionPublicKey(dir))?.keyId).toBe(first.keyId);
  });

  it('makes one key when two starts race for it', async () => {
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateMissionKey(dir, CREATED_MS)));
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(1);
  });

  it('reads nothing and creates nothing where there is no key', async () => {
    expect(await readMissionKey(dir)).toBeUndefined();
    expect(await readMissionPublicKey(dir)).toBeUndefined();
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes the public key and info again when they are missing', async () => {
    const key = await loadOrCreateMissionKey(dir, CREATED_MS);
    await unlink(join(dir, MISSION_PUBLIC_KEY_FILE));
    await unlink(join(dir, MISSION_KEY_INFO_FILE));
    expect((await loadOrCreateMissionKey(dir, LATER_MS)).keyId).toBe(key.keyId);
    expect((await readMissionPublicKey(dir))?.keyId).toBe(key.keyId);
  });

  it.runIf(posix)('refuses a private key file that others may read', async () => {
    await loadOrCreateMissionKey(dir, CREATED_MS);
    await chmod(join(dir, MISSION_KEY_FILE), 0o644);
    await expect(loadOrCreateMissionKey(dir)).rejects.toThrow(
      /the private key may be read by others \(mode 644\); run "chmod 600/,
    );
  });

  it("refuses a public key file that is not the private key's other half", async () => {
    await loadOrCreateMissionKey(dir, CREATED_MS);
    const stranger = generateMissionKey(CREATED_MS).key;
    await writeFile(join(dir, MISSION_PUBLIC_KEY_FILE), stranger.publicKey.publicKeyPem);
    await expect(loadOrCreateMissionKey(dir)).rejects.toThrow(
      /mission-key.pub.pem is not the public half of mission-key.pem/,
    );
  });

  it.runIf(posix)('refuses a private key file that is not an Ed25519 key', async () => {
    await loadOrCreateMissionKey(dir, CREATED_MS);
    await writeFile(join(dir, MISSION_KEY_FILE), 'not a key\n', { mode: 0o600 });
    await expect(loadOrCreateMissionKey(dir)).rejects.toThrow(
      /mission-key.pem: not a PEM private key/,
    );
  });
});
