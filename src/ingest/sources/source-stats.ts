/**
 * The counters behind a source's health: messages, rejects by reason, drops,
 * the moving rate and the silence check. Time is passed in: sources read the
 * clock (they are I/O), tests inject it.
 */
import { RateMeter } from './rate-meter.js';
import type { SourceFormat, SourceHealth, SourceKind, SourceState } from './source.js';

/** Default: a source that had traffic and then none for a minute is silent. */
export const DEFAULT_SILENT_AFTER_MS = 60_000;
/** At most one warning per source per interval when observations are dropped. */
const DROP_WARN_EVERY_MS = 10_000;

export interface SourceIdentity {
  id: string;
  kind: SourceKind;
  address: string;
  format?: SourceFormat;
}

export interface SourceCondition {
  state: SourceState;
  lastError?: string;
  queued: number;
  connections?: number;
  aircraft?: number;
  /** Since when it has been connecting, reconnecting or in error. */
  troubleSinceMs?: number;
}

/**
 * A source unable to reach its peer for this long is failing, not merely
 * reconnecting: longer than the first few backoff retries (1 s, 2 s, 4 s).
 */
export const FAILING_AFTER_MS = 10_000;

export class SourceStats {
  messagesTotal = 0;
  rejectedTotal = 0;
  readonly rejected: Record<string, number> = {};
  dropped = 0;
  lastMessageMs: number | undefined;
  readonly #rate = new RateMeter();
  readonly #silentAfterMs: number;
  #lastDropWarnMs = Number.NEGATIVE_INFINITY;
  #droppedSinceWarn = 0;

  constructor(silentAfterMs = DEFAULT_SILENT_AFTER_MS) {
    if (!(silentAfterMs > 0)) {
      throw new Error(`SourceStats: expected silentAfterMs > 0, got ${silentAfterMs}`);
    }
    this.#silentAfterMs = silentAfterMs;
  }

  countMessages(n: number, rxMs: number): void {
    this.messagesTotal += n;
    this.lastMessageMs = rxMs;
    this.#rate.add(n, rxMs);
  }

  countRejected(reason: string): void {
    this.rejectedTotal++;
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
  }

  /**
   * Count drops; returns how many were dropped since the last warning when
   * one is due now (0 otherwise), so a flood logs one line per interval.
   */
  countDropped(n: number, nowMs: number): number {
    this.dropped += n;
    this.#droppedSinceWarn += n;
    if (nowMs - this.#lastDropWarnMs < DROP_WARN_EVERY_MS) return 0;
    this.#lastDropWarnMs = nowMs;
    const since = this.#droppedSinceWarn;
    this.#droppedSinceWarn = 0;
    return since;
  }

  /** Had traffic, and none for the threshold; a finished or stopped source is never silent. */
  isSilent(nowMs: number, state: SourceState): boolean {
    if (state === 'finished' || state === 'stopped' || this.lastMessageMs === undefined) {
      return false;
    }
    return nowMs - this.lastMessageMs >= this.#silentAfterMs;
  }

  describe(nowMs: number, who: SourceIdentity, how: SourceCondition): SourceHealth {
    const health: SourceHealth = {
      id: who.id,
      kind: who.kind,
      address: who.address,
      state: how.state,
      messagesTotal: this.messagesTotal,
      messagesPerS: Math.round(this.#rate.perSecond(nowMs) * 10) / 10,
      rejected: { ...this.rejected },
      rejectedTotal: this.rejectedTotal,
      dropped: this.dropped,
      silent: this.isSilent(nowMs, how.state),
      failing:
        how.state === 'error' ||
        (how.troubleSinceMs !== undefined && nowMs - how.troubleSinceMs >= FAILING_AFTER_MS),
      queued: how.queued,
    };
    if (how.troubleSinceMs !== undefined) health.troubleSinceMs = how.troubleSinceMs;
    if (who.format !== undefined) health.format = who.format;
    if (how.lastError !== undefined) health.lastError = how.lastError;
    if (this.lastMessageMs !== undefined) health.lastMessageMs = this.lastMessageMs;
    if (how.connections !== undefined) health.connections = how.connections;
    if (how.aircraft !== undefined) health.aircraft = how.aircraft;
    return health;
  }
}
