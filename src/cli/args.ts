/** Small helpers for the CLI's flags: numbers with ranges, clear errors. */

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseIntFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name}: expected an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

export function parseNumberFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name}: expected a number from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

export function parseTimeFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const t = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(t))
    throw new UsageError(`--${name}: expected epoch ms or an ISO 8601 time, got "${value}"`);
  return t;
}
