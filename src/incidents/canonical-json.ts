/**
 * Canonical JSON: one exact byte string per JSON value, so that a hash of it
 * can be recomputed by anyone, in any language. It is RFC 8785 (JSON
 * Canonicalization Scheme):
 *
 * - no whitespace;
 * - object members sorted by key, comparing UTF-16 code units (what
 *   `Array.prototype.sort` does by default); members whose value is
 *   `undefined` are left out, as `JSON.stringify` does;
 * - strings and numbers written as ECMAScript's `JSON.stringify` writes them
 *   (numbers shortest round-trip, `1e+21`, `-0` as `0`).
 *
 * It refuses what has no single JSON text: non-finite numbers, lone
 * surrogates, `undefined` inside arrays, functions, symbols, bigints and
 * objects other than plain ones and arrays (a Date, a Map).
 */

/** A JSON value as the audit log holds it. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A lone (unpaired) UTF-16 surrogate: I-JSON (RFC 7493) and so RFC 8785 forbid them. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The canonical JSON text of `value`; throws a TypeError naming the path of what it refuses. */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  writeValue(value, '$', parts);
  return parts.join('');
}

function writeValue(value: unknown, path: string, out: string[]): void {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) {
        throw new TypeError(`canonicalJson: ${path}: a string with a lone UTF-16 surrogate`);
      }
      out.push(JSON.stringify(value));
      return;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonicalJson: ${path}: expected a finite number, got ${value}`);
      }
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) {
        out.push('null');
      } else if (Array.isArray(value)) {
        writeArray(value, path, out);
      } else {
        writeObject(value, path, out);
      }
      return;
    default:
      throw new TypeError(`canonicalJson: ${path}: ${typeof value} has no JSON form`);
  }
}

function writeArray(items: readonly unknown[], path: string, out: string[]): void {
  out.push('[');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out.push(',');
    if (items[i] === undefined) {
      throw new TypeError(`canonicalJson: ${path}[${i}]: undefined has no JSON form`);
    }
    writeValue(items[i], `${path}[${i}]`, out);
  }
  out.push(']');
}

function writeObject(obj: object, path: string, out: string[]): void {
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new TypeError(`canonicalJson: ${path}: expected a plain object or array, got ${name}`);
  }
  const record = obj as Record<string, unknown>;
  // Default sort compares UTF-16 code units, which is RFC 8785's order.
  const keys = Object.keys(record).sort();
  out.push('{');
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    if (LONE_SURROGATE.test(key)) {
      throw new TypeError(`canonicalJson: ${path}: a key with a lone UTF-16 surrogate`);
    }
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    writeValue(v, `${path}.${key}`, out);
  }
  out.push('}');
}
