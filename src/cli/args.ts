/** Small helpers for the CLI's flags: numbers with ranges, clear errors. */

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
