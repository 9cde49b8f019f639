import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_PARAMS,
  findPasswordProblem,
  generatePassword,
  hashPassword,
  needsRehash,
  parsePasswordHash,
  verifyPasswordHash,
} from './passwords.js';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('passwords', () => {
  it('hashes with the default parameters into a self-describing string that verifies', async () => {
    const encoded = await hashPassword('correct horse battery');
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPasswordHash('correct horse battery', encoded)).toBe(true);
    expect(await verifyPasswordHash('correct horse batterY', encoded)).toBe(false);
    expect(await verifyPasswordHash('', encoded)).toBe(false);
  });

  it('salts every hash, so one password never hashes the same twice', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password!', CHEAP),
      hashPassword('same password!', CHEAP),
    ]);
    expect(a).not.toBe(b);
    expect(await verifyPasswordHash('same password!', a)).toBe(true);
    expect(await verifyPasswordHash('same password!', b)).toBe(true);
  });

  it('verifies with the parameters the hash names, not the current defaults', async () => {
    const encoded = await hashPassword('an older password', { N: 2 ** 11, r: 4, p: 2 });
    expect(parsePasswordHash(encoded)?.params).toEqual({ N: 2048, r: 4, p: 2 });
    expect(await verifyPasswordHash('an older password', encoded)).toBe(true);
    // The same salt and key under other parameters no longer match.
    const relabelled = encoded.replace('scrypt$2048$4$2$', 'scrypt$2048$8$1$');
    expect(await verifyPasswordHash('an older password', relabelled)).toBe(false);
    expect(needsRehash(encoded)).toBe(true);
    expect(needsRehash(await hashPassword('x'.repeat(12)))).toBe(false);
  });

  it('treats stored hashes that do not parse, or ask for absurd parameters, as no match', async () => {
    for (const bad of [
      '',
      'plain',
      'bcrypt$2b$10$abc',
      'scrypt$1000$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA',
      `scrypt$${2 ** 30}$8$1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA`,
      'scrypt$1024$8$1$not base64!$aGFzaGhhc2hoYXNoaGFzaA',
    ]) {
      expect(await verifyPasswordHash('whatever password', bad)).toBe(false);
      expect(needsRehash(bad)).toBe(true);
    }
  });

  it('refuses to hash with parameters scrypt would not take', async () => {
    await expect(hashPassword('long enough pw', { N: 1000, r: 8, p: 1 })).rejects.toThrow(
      /expected N a power of two/,
    );
  });

  it('compares the same password typed in composed or decomposed Unicode as equal', async () => {
    const encoded = await hashPassword('caf\u00e9 au lait!!', CHEAP);
    expect(await verifyPasswordHash('cafe\u0301 au lait!!', encoded)).toBe(true);
  });

  it('holds passwords to 12..256 characters and refuses the user name in any case', () => {
    expect(findPasswordProblem('short', 'alice')).toBe('expected at least 12 characters, got 5');
    expect(findPasswordProblem('x'.repeat(257), 'alice')).toBe(
      'expected at most 256 characters, got 257',
    );
    expect(findPasswordProblem('Alice.Monitor', 'alice.monitor')).toBe('must not be the user name');
    expect(findPasswordProblem('🔑'.repeat(12), 'alice')).toBeUndefined();
    expect(findPasswordProblem('twelve chars', 'alice')).toBeUndefined();
  });

  it('generates 20-character base64url passwords that pass the policy', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const pw = generatePassword();
      expect(pw).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(findPasswordProblem(pw, 'admin')).toBeUndefined();
      seen.add(pw);
    }
    expect(seen.size).toBe(50);
    expect(DEFAULT_SCRYPT_PARAMS.N).toBeGreaterThanOrEqual(2 ** 15);
  });
});
