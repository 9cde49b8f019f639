/**
 * The audit log (src/incidents/audit-chain.ts) in the `audit_log` table.
 *
 * An append reads the head and inserts the next entry inside one IMMEDIATE
 * transaction: the write lock is taken before the head is read, so two
 * connections (or processes) appending at once are serialised and the second
 * chains onto the first, never onto the same head. `seq` is also the primary
 * key, so even a writer that skipped the lock could not store a fork.
 *
 * Rows are returned as stored, not checked: verifying is the reader's job
 * (AuditChainVerifier), and a row edited into nonsense must reach it rather
 * than stop the listing.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import {
  type AuditDetails,
  type AuditEntry,
  type AuditHead,
  type AuditSubjectType,
  chainAuditEntry,
  EMPTY_AUDIT_HEAD,
  type NewAuditEntry,
} from '../../incidents/audit-chain.js';
import { canonicalJson } from '../../incidents/canonical-json.js';
import { InvalidQueryError } from '../invalid-query-error.js';
import type { AuditQuery } from '../store.js';

export const DEFAULT_AUDIT_PAGE = 100;
export const MAX_AUDIT_PAGE = 1000;

interface AuditRow {
  seq: number;
  t_ms: number;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: string;
  prev_hash: string;
  hash: string;
}

export class AuditTable {
  private readonly insert: Statement<
    [number, number, string, string, string, string, string, string, string]
  >;
  private readonly selectHead: Statement<[]>;
  private readonly selectPage: Statement<[number, number]>;
  private readonly appendTx: Transaction<(entry: NewAuditEntry) => AuditEntry>;

  constructor(db: Database) {
    this.insert = db.prepare(
      `INSERT INTO audit_log
         (seq, t_ms, actor, action, subject_type, subject_id, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectHead = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.selectPage = db.prepare(
      `SELECT seq, t_ms, actor, action, subject_type, subject_id, details, prev_hash, hash
       FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    this.appendTx = db.transaction((entry: NewAuditEntry) => {
      const e = chainAuditEntry(this.head(), entry);
      this.insert.run(
        e.seq,
        e.tMs,
        e.actor,
        e.action,
        e.subjectType,
        e.subjectId,
        canonicalJson(e.details),
        e.prevHash,
        e.hash,
      );
      return e;
    });
  }

  append(entry: NewAuditEntry): AuditEntry {
    return this.appendTx.immediate(entry);
  }

  head(): AuditHead {
    const row = this.selectHead.get() as AuditHead | undefined;
    return row === undefined ? { ...EMPTY_AUDIT_HEAD } : { seq: row.seq, hash: row.hash };
  }

  list(q: AuditQuery = {}): AuditEntry[] {
    const afterSeq = q.afterSeq ?? 0;
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
      throw new InvalidQueryError('afterSeq', `expected an integer >= 0, got ${q.afterSeq}`);
    }
    const rows = this.selectPage.all(afterSeq, readPageLimit(q.limit)) as AuditRow[];
    return rows.map(decodeRow);
  }
}

function decodeRow(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    tMs: r.t_ms,
    actor: r.actor,
    action: r.action,
    subjectType: r.subject_type as AuditSubjectType,
    subjectId: r.subject_id,
    details: decodeDetails(r.details),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * Details that no longer parse come back as their text, so that the verifier
 * names the entry (its hash cannot match) instead of the listing throwing.
 */
function decodeDetails(text: string): AuditDetails {
  try {
    return JSON.parse(text) as AuditDetails;
  } catch {
    return text as unknown as AuditDetails;
  }
}

function readPageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_AUDIT_PAGE;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidQueryError('limit', `expected a positive integer, got ${limit}`);
  }
  return Math.min(limit, MAX_AUDIT_PAGE);
}
