/**
 * The audit chain: every change to an agreement, incident, user or token is
 * an entry, and each entry holds the SHA-256 of the one before it, so that an
 * entry edited, deleted, inserted or moved after it was written is found by
 * anyone who walks the chain (docs/audit.md, with the recipe in Python).
 *
 *   hash = hex(SHA-256(UTF-8("truceline-audit/1\n" + canonicalJson(entry without `hash`))))
 *
 * The entry without `hash` includes `prevHash` (the previous entry's `hash`,
 * 64 zeros for the first entry) and `seq` (1, 2, 3, … without gaps).
 * canonicalJson is RFC 8785; `details` are further held to values whose
 * canonical form is also what Python's `json.dumps(sort_keys=True,
 * separators=(',', ':'), ensure_ascii=False)` writes: integers only (no
 * fractions, whose decimal forms differ between languages) and ASCII keys
 * (whose sort order is the same whether code units or code points are
 * compared).
 *
 * Pure apart from hashing: the store assigns `seq`, reads the head and
 * writes the row in one transaction (src/store/sqlite/audit-table.ts).
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from './canonical-json.js';

/** Hashed before the canonical entry: names the recipe, so that a later one can differ. */
export const AUDIT_HASH_PREFIX = 'truceline-audit/1\n';
/** The `prevHash` of entry #1. */
export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_SUBJECT_TYPES = [
  'agreement',
  'incident',
  'user',
  'token',
  'field_report',
  'report',
] as const;
export type AuditSubjectType = (typeof AUDIT_SUBJECT_TYPES)[number];

/** A JSON object of strings, safe integers, booleans, null, arrays and objects. */
export type AuditDetails = { [key: string]: JsonValue };

/** What a caller appends; the store adds `seq`, `prevHash` and `hash`. */
export interface NewAuditEntry {
  /** When the change was made (UTC ms). */
  tMs: number;
  /** Who made it: a user name, `system`, `operator (SIGHUP)`. */
  actor: string;
  /** What was done, `subject.verb`: `agreement.reloaded`, `incident.verified`. */
  action: string;
  subjectType: AuditSubjectType;
  subjectId: string;
  details: AuditDetails;
}

export interface AuditEntry extends NewAuditEntry {
  /** 1 for the first entry, then one more per entry, without gaps. */
  seq: number;
  /** The `hash` of entry `seq - 1`; GENESIS_HASH for entry 1. */
  prevHash: string;
  /** SHA-256 of this entry (AUDIT_HASH_PREFIX + canonical JSON without `hash`), lowercase hex. */
  hash: string;
}

/** The newest entry's seq and hash; `{ seq: 0, hash: GENESIS_HASH }` for an empty log. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export const EMPTY_AUDIT_HEAD: AuditHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/**
 * `missing`: the entry with this seq is not there (deleted); `out_of_order`:
 * an entry comes after one with a higher or equal seq; `edited`: its content
 * does not match its hash; `relinked`: its `prevHash` is not the previous
 * entry's hash (that one was rewritten and re-hashed, or this one was inserted
 * or moved).
 */
export type AuditBreakKind = 'missing' | 'out_of_order' | 'edited' | 'relinked';

/** The first entry at which the chain does not hold, and why. */
export interface AuditBreak {
  seq: number;
  kind: AuditBreakKind;
  reason: string;
}

export type AuditChainResult =
  | { ok: true; count: number; head: AuditHead }
  | {
      ok: false;
      /** Entries that held before the break. */
      count: number;
      /** The last entry that held. */
      head: AuditHead;
      broken: AuditBreak;
    };

const ACTION = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The text whose SHA-256 is the entry's hash. */
export function auditHashInput(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, tMs, actor, action, subjectType, subjectId, details, prevHash } = entry;
  return (
    AUDIT_HASH_PREFIX +
    canonicalJson({ seq, tMs, actor, action, subjectType, subjectId, details, prevHash })
  );
}

export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(auditHashInput(entry));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The entry that follows `head`; throws a TypeError if `entry` is not fit to be logged. */
export function chainAuditEntry(head: AuditHead, entry: NewAuditEntry): AuditEntry {
  checkNewAuditEntry(entry);
  const { tMs, actor, action, subjectType, subjectId, details } = entry;
  const body = { seq: head.seq + 1, tMs, actor, action, subjectType, subjectId, details };
  const unhashed = { ...body, prevHash: head.hash };
  return { ...unhashed, hash: hashAuditEntry(unhashed) };
}

/** Our own misuse: throws with what was expected and what came. */
export function checkNewAuditEntry(e: NewAuditEntry): void {
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new TypeError(`audit entry: ${field}: expected ${expected}, got ${JSON.stringify(got)}`);
  };
  if (!Number.isSafeInteger(e.tMs) || e.tMs < 0) fail('tMs', 'epoch ms (an integer)', e.tMs);
  if (typeof e.actor !== 'string' || e.actor.trim() === '') {
    fail('actor', 'a non-empty string', e.actor);
  }
  if (typeof e.action !== 'string' || !ACTION.test(e.action)) {
    fail('action', 'subject.verb in lower case, e.g. "agreement.reloaded"', e.action);
  }
  if (!(AUDIT_SUBJECT_TYPES as readonly string[]).includes(e.subjectType)) {
    fail('subjectType', `one of ${AUDIT_SUBJECT_TYPES.join(', ')}`, e.subjectType);
  }
  if (typeof e.subjectId !== 'string' || e.subjectId === '') {
    fail('subjectId', 'a non-empty string', e.subjectId);
  }
  if (!isPlainObject(e.details)) fail('details', 'a JSON object', e.details);
  checkDetailsValue(e.details, 'details');
  // Lone surrogates and the like, anywhere in the entry.
  canonicalJson(e);
}

function checkDetailsValue(v: unknown, path: string): void {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) {
      throw new TypeError(
        `audit entry: ${path}: expected an integer (write fractions as strings), got ${v}`,
      );
    }
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => {
      checkDetailsValue(item, `${path}[${i}]`);
    });
  } else if (typeof v === 'object' && v !== null) {
    if (!isPlainObject(v)) throw new TypeError(`audit entry: ${path}: expected a plain object`);
    for (const [key, item] of Object.entries(v)) {
      if (!PRINTABLE_ASCII.test(key)) {
        throw new TypeError(
          `audit entry: ${path}: expected keys of printable ASCII, got ${JSON.stringify(key)}`,
        );
      }
      checkDetailsValue(item, `${path}.${key}`);
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Walks a chain one entry at a time (so a long log can be read in pages) and
 * stops believing it at the first entry that does not hold. Entries are
 * untrusted input here: whatever a row was edited into, `push` reports it and
 * does not throw.
 */
export class AuditChainVerifier {
  #head: AuditHead;
  #count = 0;
  #broken: AuditBreak | undefined;

  /** Start after `from` (default: the empty log), e.g. at a head verified before. */
  constructor(from: AuditHead = EMPTY_AUDIT_HEAD) {
    this.#head = { seq: from.seq, hash: from.hash };
  }

  /** The first break, once found; later entries are then ignored. */
  push(entry: AuditEntry): AuditBreak | undefined {
    if (this.#broken !== undefined) return this.#broken;
    const found = findBreak(this.#head, entry);
    if (found !== undefined) {
      this.#broken = found;
      return found;
    }
    this.#head = { seq: entry.seq, hash: entry.hash };
    this.#count++;
    return undefined;
  }

  result(): AuditChainResult {
    const head = { ...this.#head };
    return this.#broken === undefined
      ? { ok: true, count: this.#count, head }
      : { ok: false, count: this.#count, head, broken: this.#broken };
  }
}

/** Verify a whole chain (or, with `from`, the entries after a head verified before). */
export function verifyAuditChain(
  entries: Iterable<AuditEntry>,
  from: AuditHead = EMPTY_AUDIT_HEAD,
): AuditChainResult {
  const verifier = new AuditChainVerifier(from);
  for (const e of entries) {
    if (verifier.push(e) !== undefined) break;
  }
  return verifier.result();
}

function findBreak(prev: AuditHead, e: AuditEntry): AuditBreak | undefined {
  const expected = prev.seq + 1;
  if (e.seq !== expected) {
    if (Number.isSafeInteger(e.seq) && e.seq > expected) {
      const gap = e.seq - expected === 1 ? `#${expected}` : `#${expected} to #${e.seq - 1}`;
      return {
        seq: expected,
        kind: 'missing',
        reason: `missing (deleted?): ${gap} absent, the next entry present is #${e.seq}`,
      };
    }
    return {
      seq: expected,
      kind: 'out_of_order',
      reason: `expected #${expected} after #${prev.seq}, found #${String(e.seq)}`,
    };
  }
  let recomputed: string;
  try {
    recomputed = hashAuditEntry(e);
  } catch (err) {
    return { seq: e.seq, kind: 'edited', reason: `cannot be hashed: ${(err as Error).message}` };
  }
  if (typeof e.hash !== 'string' || !SHA256_HEX.test(e.hash) || recomputed !== e.hash) {
    return {
      seq: e.seq,
      kind: 'edited',
      reason: `content does not match its hash (edited after it was written): stored ${String(e.hash)}, recomputed ${recomputed}`,
    };
  }
  if (e.prevHash !== prev.hash) {
    const before = prev.seq === 0 ? 'the genesis hash (64 zeros)' : `the hash of #${prev.seq}`;
    return {
      seq: e.seq,
      kind: 'relinked',
      reason: `prevHash is not ${before}: #${prev.seq} was rewritten and re-hashed, or #${e.seq} was inserted or moved`,
    };
  }
  return undefined;
}
