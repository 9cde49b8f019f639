/**
 * Password hashing with scrypt (node:crypto), a memory-hard KDF: each guess
 * costs an attacker 128·N·r bytes of memory (32 MiB at the defaults) as well
 * as time, which is what makes GPU and ASIC guessing expensive.
 *
 * A stored hash names its parameters, `scrypt$N$r$p$salt$hash` (salt and
 * hash base64url), so that DEFAULT_SCRYPT_PARAMS can be raised later: old
 * hashes still verify with the parameters they were made with, and
 * `needsRehash` tells the login path to store a new one.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
}

/** OWASP's scrypt floor is N=2^17 at r=8; 2^15 costs ~50-100 ms and 32 MiB per guess here. */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({
  N: 2 ** 15,
  r: 8,
  p: 1,
});
export const SALT_BYTES = 16;
export const KEY_BYTES = 32;

/**
 * Parameters read from a stored hash are capped, so that a row edited to
 * N=2^40 cannot make one login take the machine's memory.
 */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export const MIN_PASSWORD_CHARS = 12;
export const MAX_PASSWORD_CHARS = 256;

const B64URL = /^[A-Za-z0-9_-]+$/;

/** `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, params, KEY_BYTES);
  const { N, r, p } = params;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * True if `password` matches `encoded`, by the parameters `encoded` names;
 * false for a wrong password or a hash that does not parse (never throws on
 * stored data). The comparison takes the same time wherever the keys differ.
 */
export async function verifyPasswordHash(password: string, encoded: string): Promise<boolean> {
  const parsed = parsePasswordHash(encoded);
  if (parsed === undefined) return false;
  const key = await deriveKey(password, parsed.salt, parsed.params, parsed.hash.length);
  return timingSafeEqual(key, parsed.hash);
}

/** True when `encoded` was made with weaker parameters than `target` (or does not parse). */
export function needsRehash(
  encoded: string,
  target: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): boolean {
  const parsed = parsePasswordHash(encoded);
  if (parsed === undefined) return true;
  const { N, r, p } = parsed.params;
  return N < target.N || r < target.r || p < target.p || parsed.hash.length < KEY_BYTES;
}

export interface ParsedPasswordHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

export function parsePasswordHash(encoded: string): ParsedPasswordHash | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const params = { N, r, p };
  if (findParamsProblem(params) !== undefined) return undefined;
  if (!B64URL.test(parts[4]!) || !B64URL.test(parts[5]!)) return undefined;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const hash = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { params, salt, hash };
}

/**
 * The password policy: 12 to 256 characters (code points), and not the user
 * name itself in any case. Length is what matters (NIST SP 800-63B): no rules
 * on character classes. Returns why a password is refused, or undefined.
 */
export function findPasswordProblem(password: string, username: string): string | undefined {
  const chars = [...password].length;
  if (chars < MIN_PASSWORD_CHARS) {
    return `expected at least ${MIN_PASSWORD_CHARS} characters, got ${chars}`;
  }
  if (chars > MAX_PASSWORD_CHARS) {
    return `expected at most ${MAX_PASSWORD_CHARS} characters, got ${chars}`;
  }
  if (password.toLowerCase() === username.toLowerCase()) {
    return 'must not be the user name';
  }
  return undefined;
}

/** 15 random bytes as 20 base64url characters: 120 bits, typeable, passes the policy. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

function deriveKey(
  password: string,
  salt: Buffer,
  { N, r, p }: ScryptParams,
  keyLen: number,
): Promise<Buffer> {
  // scrypt refuses to run when 128·N·r·p reaches maxmem (32 MiB by default),
  // which N=2^15, r=8 exactly does: allow twice what the parameters need.
  const maxmem = 256 * N * r * p;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLen, { N, r, p, maxmem }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

function checkParams(params: ScryptParams): void {
  const problem = findParamsProblem(params);
  if (problem !== undefined) throw new TypeError(`scrypt parameters: ${problem}`);
}

function findParamsProblem({ N, r, p }: ScryptParams): string | undefined {
  if (!Number.isInteger(N) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0) {
    return `expected N a power of two from 2 to 2^20, got ${N}`;
  }
  if (!Number.isInteger(r) || r < 1 || r > MAX_R) return `expected r from 1 to ${MAX_R}, got ${r}`;
  if (!Number.isInteger(p) || p < 1 || p > MAX_P) return `expected p from 1 to ${MAX_P}, got ${p}`;
  return undefined;
}
