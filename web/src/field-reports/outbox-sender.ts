/**
 * Sends the outbox, oldest first, one item at a time: the report, then each
 * photo. Runs at page load, when the browser says it is online again, and on
 * a retry timer that backs off while the server stays out of reach.
 *
 * What an answer means for an item:
 * - 2xx: done (201 stored now, 200 already stored: a resend after a lost answer);
 * - no answer, 5xx, 408, 429: kept queued and tried again later;
 * - 401, or a CSRF refusal: kept queued until the monitor logs in again;
 * - any other 4xx: refused, shown with the server's reason, kept until the
 *   monitor fixes or discards it. Resending it unchanged would only be refused again.
 *
 * One tab sends at a time (Web Locks), so two open tabs do not both post the
 * same photo; the ids would make that harmless, but not free on a slow link.
 */
import type { AttachmentBody, FieldReportBody } from '../../../src/api/wire-field-reports.js';
import { ApiFailure, apiFetch, apiJson, loadSession } from '../session-client.js';
import type { OutboxDb, OutboxItem, OutboxPhoto } from './outbox-db.js';

const LOCK_NAME = 'truceline-field-report-outbox';

export interface RetryPolicy {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstMs: 5_000, maxMs: 120_000 };

type Failure =
  | { kind: 'retry'; message: string }
  | { kind: 'login'; message: string }
  | { kind: 'refused'; status: number; message: string; field?: string };

export class OutboxSender {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delayMs: number;
  /** Set after a 401: the next pass asks the server for the session anew. */
  private sessionStale = false;

  constructor(
    private readonly db: OutboxDb,
    private readonly owner: string,
    /** Called after every change to an item, with the item as it now is. */
    private readonly onChange: (item: OutboxItem) => void,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.delayMs = retry.firstMs;
  }

  start(): void {
    window.addEventListener('online', () => {
      this.delayMs = this.retry.firstMs;
      void this.flush();
    });
    void this.flush();
  }

  /** Sends what is queued; a call while a pass runs makes one more pass after it. */
  flush(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    clearTimeout(this.timer);
    this.running = this.runExclusive()
      .catch((err: unknown) => console.error('outbox: pass failed', err))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.flush();
        }
      });
    return this.running;
  }

  private async runExclusive(): Promise<void> {
    if (navigator.locks === undefined) return this.pass();
    await navigator.locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
      // Another tab is sending; its pass covers ours, and our timer tries again.
      if (lock === null) this.schedule();
      else await this.pass();
    });
  }

  private async pass(): Promise<void> {
    if (this.sessionStale) {
      await loadSession(true).catch(() => undefined);
      this.sessionStale = false;
    }
    for (const listed of await this.db.list(this.owner)) {
      // Holding the lock, an item marked `sending` was left so by a tab that closed mid-send.
      if (listed.state !== 'queued' && listed.state !== 'sending') continue;
      const failure = await this.sendItem(listed);
      if (failure?.kind === 'retry' || failure?.kind === 'login') {
        // The network or the session is down for every item alike: wait.
        this.schedule();
        return;
      }
    }
    this.delayMs = this.retry.firstMs;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
    this.delayMs = Math.min(this.delayMs * 2, this.retry.maxMs);
  }

  /** Sends one item as far as it goes; the failure that stopped it, if any. */
  private async sendItem(start: OutboxItem): Promise<Failure | undefined> {
    let item = await this.update(start.id, { state: 'sending', attempts: start.attempts + 1 });
    if (item === undefined) return undefined;
    if (!item.reportSent) {
      const input = item.input;
      const failure = await attempt(() =>
        apiJson<FieldReportBody>('/api/field-reports', { body: input }),
      );
      if (failure !== undefined) return this.recordFailure(item.id, failure);
      item = await this.update(item.id, { reportSent: true });
      if (item === undefined) return undefined;
    }
    for (const photo of item.photos) {
      if (photo.sent) continue;
      const reportId = item.id;
      const failure = await attempt(() => sendPhoto(reportId, photo));
      if (failure !== undefined) return this.recordFailure(reportId, failure, photo.id);
      item = await this.markPhotoSent(reportId, photo.id);
      if (item === undefined) return undefined;
    }
    await this.update(item.id, { state: 'sent', sentMs: Date.now(), lastError: undefined });
    return undefined;
  }

  private async recordFailure(id: string, f: Failure, photoId?: string): Promise<Failure> {
    if (f.kind === 'refused') {
      const { status, message, field } = f;
      await this.update(id, {
        state: 'refused',
        refusal: {
          status,
          message,
          ...(field === undefined ? {} : { field }),
          ...(photoId === undefined ? {} : { photoId }),
        },
      });
    } else {
      if (f.kind === 'login') this.sessionStale = true;
      await this.update(id, { state: 'queued', lastError: f.message });
    }
    return f;
  }

  private async markPhotoSent(id: string, photoId: string): Promise<OutboxItem | undefined> {
    const item = await this.db.get(id);
    if (item === undefined) return undefined;
    const photos = item.photos.map((p) =>
      p.id === photoId ? { ...p, sent: true, blob: null } : p,
    );
    return this.update(id, { photos });
  }

  /** Writes a change to the stored item (gone if the monitor discarded it meanwhile). */
  private async update(id: string, patch: Partial<OutboxItem>): Promise<OutboxItem | undefined> {
    const item = await this.db.get(id);
    if (item === undefined) return undefined;
    const next = { ...item, ...patch };
    await this.db.put(next);
    this.onChange(next);
    return next;
  }
}

async function sendPhoto(reportId: string, photo: OutboxPhoto): Promise<AttachmentBody> {
  if (photo.blob === null) throw new Error(`photo ${photo.fileName} has no bytes to send`);
  const query = new URLSearchParams({ attachmentId: photo.id, fileName: photo.fileName });
  const res = await apiFetch(`/api/field-reports/${reportId}/attachments?${query}`, {
    method: 'POST',
    headers: { 'content-type': photo.type },
    body: photo.blob,
  });
  return (await res.json()) as AttachmentBody;
}

function classify(err: unknown): Failure {
  if (!(err instanceof ApiFailure)) {
    // fetch rejects with a TypeError when there is no answer at all.
    return { kind: 'retry', message: navigator.onLine ? 'Server out of reach' : 'Offline' };
  }
  if (err.status === 401 || err.code === 'csrf') {
    return { kind: 'login', message: 'Log in again to send' };
  }
  if (err.status >= 500 || err.status === 408 || err.status === 429) {
    return { kind: 'retry', message: `Server busy or failing (${err.status})` };
  }
  return {
    kind: 'refused',
    status: err.status,
    message: err.message,
    ...(err.field === undefined ? {} : { field: err.field }),
  };
}

/** Runs a request; what went wrong, if anything, as a Failure. */
async function attempt(send: () => Promise<unknown>): Promise<Failure | undefined> {
  try {
    await send();
    return undefined;
  } catch (err) {
    return classify(err);
  }
}
