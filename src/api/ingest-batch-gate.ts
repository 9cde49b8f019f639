/**
 * Idempotent ingest: a batch POSTed to /api/observations with a `batchId` is
 * judged and stored once per sender, however often it is resent (a receiver
 * that timed out and sends again). The record of the first answer commits in
 * the transaction of the batch's observations (ingest-batch-store.ts), so a
 * resend after a crash finds either both or neither.
 *
 * Concurrent sends of one id are run one after the other here: the second
 * waits for the first to commit and then finds its record. That holds within
 * this process, which is the only one that appends observations.
 */
import { createHash } from 'node:crypto';
import type { IngestBatchRecord, IngestBatchStore } from '../store/ingest-batch-store.js';
import type { Principal } from './access.js';
import { ApiError } from './api-error.js';
import type { IngestBody } from './wire.js';

/** The first answer to a batch, and the record to commit with its observations. */
export type StoreFirstSend = (
  record: (answer: Pick<IngestBatchRecord, 'accepted' | 'rejected'>) => IngestBatchRecord,
) => Promise<IngestBody>;

export class IngestBatchGate {
  /** Sends being judged or stored, by sender and batch id. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly batches: IngestBatchStore,
    private readonly now: () => number,
  ) {}

  /**
   * Answer a send of batch `batchId`: from its record when the sender sent
   * this id before (409 if the content differs), or else by `storeFirst`,
   * which must commit the record it is handed with the observations.
   */
  async send(
    principal: Principal,
    batchId: string,
    body: unknown,
    storeFirst: StoreFirstSend,
  ): Promise<IngestBody> {
    const sender = senderOf(principal);
    const bodySha256 = hashBatchBody(body);
    const key = `${sender}\n${batchId}`;
    // Loop: when the send we waited for settles, another waiter may have started first.
    for (let running = this.inFlight.get(key); running !== undefined; ) {
      await running.catch(() => undefined);
      running = this.inFlight.get(key);
    }
    const attempt = this.answer(sender, batchId, bodySha256, storeFirst);
    this.inFlight.set(key, attempt);
    try {
      return await attempt;
    } finally {
      // Only our own entry: a waiter may already have put in its attempt.
      if (this.inFlight.get(key) === attempt) this.inFlight.delete(key);
    }
  }

  private async answer(
    sender: string,
    batchId: string,
    bodySha256: string,
    storeFirst: StoreFirstSend,
  ): Promise<IngestBody> {
    const known = await this.batches.getIngestBatch(sender, batchId);
    if (known === undefined) {
      const receivedMs = this.now();
      return storeFirst((answer) => ({ sender, batchId, bodySha256, receivedMs, ...answer }));
    }
    if (known.bodySha256 !== bodySha256) {
      throw new ApiError(
        409,
        'conflict',
        `batchId: ${batchId} was sent before with other content; give a new batch a new batchId`,
        { field: 'batchId' },
      );
    }
    return { accepted: known.accepted, rejected: [...known.rejected], duplicate: true };
  }
}

/** Whose batch ids these are: ids are matched only within one token or user. */
function senderOf(principal: Principal): string {
  switch (principal.kind) {
    case 'token':
      return `token:${principal.tokenId}`;
    case 'user':
      return `user:${principal.userId}`;
    default:
      // The access hook lets only tokens and users with observation:ingest through.
      throw new Error(`ingest batch from a ${principal.kind} principal`);
  }
}

/**
 * SHA-256 (hex) of the body as canonical JSON: object keys sorted at every
 * level, so a resend serialised with another key order is the same batch.
 */
export function hashBatchBody(body: unknown): string {
  let text: string;
  try {
    text = writeCanonical(body);
  } catch (err) {
    // Only a body nested deeper than the stack allows gets here.
    if (!(err instanceof RangeError)) throw err;
    throw new ApiError(400, 'invalid_body', 'observations: nested too deeply', {
      field: 'observations',
    });
  }
  return createHash('sha256').update(text).digest('hex');
}

/** JSON.stringify with sorted keys; a parsed JSON body holds nothing it cannot write. */
function writeCanonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(writeCanonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const fields = Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${writeCanonical(obj[k])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}
