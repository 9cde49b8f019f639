/** Small helpers for the CLI's flags: numbers with ranges, data directories, clear errors. */
import { statSync } from 'node:fs';
import { join } from 'node:path';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** A number flag within [min, max]; `integer` refuses fractions. */
export function parseNumberFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
  integer = false,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  const ok = integer ? Number.isInteger(n) : Number.isFinite(n);
  if (value.trim() === '' || !ok || n < min || n > max) {
    const what = integer ? 'an integer' : 'a number';
    throw new UsageError(`--${name}: expected ${what} from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

export function parseIntFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  return parseNumberFlag(name, value, fallback, min, max, true);
}

export function parseTimeFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const t = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(t))
    throw new UsageError(`--${name}: expected epoch ms or an ISO 8601 time, got "${value}"`);
  return t;
}

/**
 * The store's file in a data directory (DB_FILE_NAME of sqlite-store.ts,
 * not imported so that checking a flag does not load SQLite).
 */
const STORE_FILE = 'truceline.db';

/**
 * Refuses a data directory without a store: opening one would create an
 * empty database where the user meant an existing one. `hint` says what to
 * give instead.
 */
export function requireStoreDir(flag: string, dir: string, hint: string): void {
  try {
    if (statSync(join(dir, STORE_FILE)).isFile()) return;
  } catch {}
  throw new UsageError(
    `${flag}: no Truceline store in ${dir} (expected ${join(dir, STORE_FILE)}); ${hint}`,
  );
}
