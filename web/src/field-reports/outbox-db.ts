/**
 * The outbox: reports a monitor filed that the server has not yet
 * acknowledged, kept in IndexedDB with their photo blobs so that nothing is
 * lost to a closed tab, a reload or a dead network. The server's idempotent
 * ids make a resend after a lost answer safe, so an item is only ever
 * removed by the monitor (discard) or, once sent, by age.
 *
 * Each item belongs to the user who filed it: on a shared phone another
 * user's session never sends it under their own name.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { FieldReportInputBody } from '../../../src/api/wire-field-reports.js';

export const OUTBOX_DB_NAME = 'truceline-field-reports';
const STORE = 'outbox';

/** How long a sent item stays listed (its photos' bytes are dropped at once). */
const KEEP_SENT_MS = 24 * 3600_000;

export type OutboxState = 'queued' | 'sending' | 'sent' | 'refused';

export interface OutboxPhoto {
  /** The attachment id (UUID) the server knows it by. */
  id: string;
  fileName: string;
  type: string;
  bytes: number;
  /** Dropped once the server holds the photo. */
  blob: Blob | null;
  sent: boolean;
}

/** Why the server refused an item: the monitor fixes it or discards it. */
export interface OutboxRefusal {
  status: number;
  message: string;
  field?: string;
  /** Set when a photo was refused after the report itself was accepted. */
  photoId?: string;
}

export interface OutboxItem {
  id: string;
  /** The user name of whoever filed it. */
  owner: string;
  input: FieldReportInputBody;
  photos: OutboxPhoto[];
  state: OutboxState;
  /** True once the server acknowledged the report (its photos may still be pending). */
  reportSent: boolean;
  queuedMs: number;
  attempts: number;
  /** The last network or server failure, retried. */
  lastError?: string;
  refusal?: OutboxRefusal;
  sentMs?: number;
}

interface OutboxSchema extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { byOwner: string } };
}

export class OutboxDb {
  private constructor(private readonly db: IDBPDatabase<OutboxSchema>) {}

  static async open(): Promise<OutboxDb> {
    const db = await openDB<OutboxSchema>(OUTBOX_DB_NAME, 1, {
      upgrade(d) {
        d.createObjectStore(STORE, { keyPath: 'id' }).createIndex('byOwner', 'owner');
      },
    });
    return new OutboxDb(db);
  }

  /** The owner's items, oldest first. */
  async list(owner: string): Promise<OutboxItem[]> {
    const items = await this.db.getAllFromIndex(STORE, 'byOwner', owner);
    return items.sort((a, b) => a.queuedMs - b.queuedMs);
  }

  async get(id: string): Promise<OutboxItem | undefined> {
    return this.db.get(STORE, id);
  }

  async put(item: OutboxItem): Promise<void> {
    await this.db.put(STORE, item);
  }

  async delete(id: string): Promise<void> {
    await this.db.delete(STORE, id);
  }

  /**
   * At page load: an item left `sending` by a closed tab is queued again,
   * and sent items past their time are dropped.
   */
  async tidy(owner: string, nowMs: number): Promise<void> {
    for (const item of await this.list(owner)) {
      if (item.state === 'sending') await this.put({ ...item, state: 'queued' });
      else if (item.state === 'sent' && nowMs - (item.sentMs ?? 0) > KEEP_SENT_MS) {
        await this.delete(item.id);
      }
    }
  }
}
