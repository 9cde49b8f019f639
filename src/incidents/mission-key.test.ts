import { createHash, generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  describeMissionKey,
  exportPrivateKeyPem,
  generateMissionKey,
  MissionKeyError,
  parseMissionPrivateKeyPem,
  parseMissionPublicKeyPem,
  parseMissionPublicKeyRaw,
} from './mission-key.js';

const CREATED_MS = Date.UTC(2026, 0, 1);

describe('mission key', () => {
  it('names a key by the first 16 hex digits of the SHA-256 of its 32 raw bytes', () => {
    const { key } = generateMissionKey(CREATED_MS);
    const raw = Buffer.from(key.publicKey.rawPublicKeyBase64Url, 'base64url');
    expect(raw).toHaveLength(32);
    expect(key.keyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
  });

  it('reads back the same key from its private PEM, its public PEM and its raw bytes', () => {
    const { key, privateKeyPem } = generateMissionKey(CREATED_MS);
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(parseMissionPrivateKeyPem(privateKeyPem, CREATED_MS).keyId).toBe(key.keyId);
    expect(parseMissionPublicKeyPem(key.publicKey.publicKeyPem).keyId).toBe(key.keyId);
    expect(parseMissionPublicKeyRaw(key.publicKey.rawPublicKeyBase64Url).keyId).toBe(key.keyId);
  });

  it('describes only the public half, with its creation time', () => {
    const { key, privateKeyPem } = generateMissionKey(CREATED_MS);
    const described = describeMissionKey(key);
    expect(described).toEqual({
      keyId: key.keyId,
      algorithm: 'Ed25519',
      publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n/),
      rawPublicKeyBase64Url: key.publicKey.rawPublicKeyBase64Url,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(described)).not.toContain('PRIVATE');
    expect(exportPrivateKeyPem(key)).toBe(privateKeyPem);
  });

  it('shows no private key material when a key is logged by mistake', () => {
    const { key, privateKeyPem } = generateMissionKey(CREATED_MS);
    const secret = privateKeyPem.split('\n')[1]!;
    const rawPrivate = key.privateKey.export({ format: 'jwk' }).d!;
    for (const text of [JSON.stringify(key), inspect(key, { depth: 10, showHidden: true })]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(rawPrivate);
    }
  });

  it('refuses keys that are not Ed25519, and text that is not a key', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecPrivate = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const ecPublic = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parseMissionPrivateKeyPem(ecPrivate, CREATED_MS)).toThrow(
      /expected an Ed25519 private key, got ec/,
    );
    expect(() => parseMissionPublicKeyPem(ecPublic)).toThrow(MissionKeyError);
    expect(() => parseMissionPublicKeyPem('hello')).toThrow(/not a PEM public key/);
    expect(() => parseMissionPublicKeyRaw('short')).toThrow(/43 base64url characters/);
  });
});
