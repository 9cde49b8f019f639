/**
 * AIS lines in, messages or reasons out. One AisDecoder per feed: it holds
 * the fragments of multi-sentence messages until their last part arrives.
 *
 * Reassembly: fragments are keyed by talker+formatter, fragment count,
 * sequence id and channel. A pending message is dropped as missing_fragment
 * when a new first fragment with its key arrives, when more than
 * maxPendingMessages are pending (oldest first), or when its first fragment
 * is older than fragmentTimeoutMs of receive time. A later fragment whose
 * message is not pending is an orphan_fragment; one that skips a part drops
 * the pending message too (missing_fragment, then orphan_fragment); a repeat
 * of a part already taken is an orphan and the message still completes.
 * Time is the caller's receive time, never read here.
 */
import type { AisMessage } from './ais-message.js';
import { decodePayload } from './decode-payload.js';
import { parseSentence, SentenceFields } from './parse-sentence.js';
import { findInvalidArmor, packedLength, packPayload } from './payload-bits.js';
import { type AisRejectReason, createRejectCounters } from './reject-reason.js';

/** What a tag block said about the message (its first sentence's, else a later one's). */
export interface AisTagBlock {
  source?: string;
  /** Time of reception at the source, UTC ms (`c:`, seconds or ms on the wire). */
  timeMs?: number;
}

export interface AisDecoded {
  message: AisMessage;
  /** The raw lines of the message, in order. */
  lines: string[];
  tagBlock?: AisTagBlock;
  /** VHF channel letter or number of the first sentence (`A`, `B`, `1`, `2`), when sent. */
  channel?: string;
}

export interface AisRejected {
  error: AisRejectReason;
  /** The raw lines refused together (one, or the fragments of a message). */
  lines: string[];
}

export type AisResult = AisDecoded | AisRejected;

export function isAisRejected(r: AisResult): r is AisRejected {
  return (r as Partial<AisRejected>).error !== undefined;
}

export interface AisDecoderOptions {
  /** Receive time after which a message still missing parts is dropped (default 10 s). */
  fragmentTimeoutMs?: number;
  /** Messages waiting for parts before the oldest is dropped (default 64). */
  maxPendingMessages?: number;
}

export const DEFAULT_FRAGMENT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_PENDING_MESSAGES = 64;

interface Pending {
  count: number;
  /** Number of the part expected next. */
  next: number;
  firstRxMs: number;
  lines: string[];
  /** Armoured payload of the parts so far (checked against the alphabet). */
  payload: string;
  tagBlock: AisTagBlock | undefined;
  channel: string | undefined;
}

export class AisDecoder {
  readonly counters: {
    lines: number;
    messages: number;
    rejected: Record<AisRejectReason, number>;
  } = { lines: 0, messages: 0, rejected: createRejectCounters() };
  private readonly timeoutMs: number;
  private readonly maxPending: number;
  private readonly f = new SentenceFields();
  /** Packed payload bits of the message being decoded; grows for long messages. */
  private bytes = new Uint8Array(packedLength(256));
  /** Insertion order is arrival order of first parts: the first entry is the oldest. */
  private readonly pending = new Map<string, Pending>();
  /** A lower bound of the pending messages' first receive times. */
  private oldestRxMs = Number.POSITIVE_INFINITY;

  constructor(options: AisDecoderOptions = {}) {
    const t = options.fragmentTimeoutMs ?? DEFAULT_FRAGMENT_TIMEOUT_MS;
    const n = options.maxPendingMessages ?? DEFAULT_MAX_PENDING_MESSAGES;
    if (!(t >= 0)) throw new RangeError(`AisDecoder: fragmentTimeoutMs must be >= 0, got ${t}`);
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`AisDecoder: maxPendingMessages must be an integer >= 1, got ${n}`);
    this.timeoutMs = t;
    this.maxPending = n;
  }

  /**
   * One line without its terminator; rxMs = receive time (fragment expiry).
   * Calls emit for each message completed or input rejected by this line, in
   * order: expired messages first, then what the line itself completes or
   * refuses. Lines that are not VDM/VDO sentences (other NMEA, comments,
   * blank lines) are counted and skipped.
   */
  pushLine(line: string, rxMs: number, emit: (r: AisResult) => void): void {
    this.counters.lines++;
    if (this.pending.size > 0 && rxMs - this.oldestRxMs > this.timeoutMs) this.expire(rxMs, emit);
    const f = this.f;
    const outcome = parseSentence(line, f);
    if (outcome === 'ignored') return;
    if (outcome !== 'ok') {
      this.reject(outcome, [line], emit);
      return;
    }
    const p = f.commas;
    const payloadStart = p[4]! + 1;
    const payloadEnd = p[5]!;
    const channel = p[4]! - p[3]! > 1 ? line.slice(p[3]! + 1, p[4]!) : undefined;
    const tagBlock = this.takeTagBlock();

    if (f.count === 1) {
      this.decode(line, payloadStart, payloadEnd, f.fill, [line], tagBlock, channel, emit);
      return;
    }
    if (findInvalidArmor(line, payloadStart, payloadEnd) >= 0) {
      this.reject('invalid_armor_char', [line], emit);
      return;
    }
    // Talker+formatter and count, then seq id and channel: everything but the part number.
    const key = line.slice(f.start + 1, p[1]) + line.slice(p[2], p[4]);
    const payload = line.slice(payloadStart, payloadEnd);
    const m = this.pending.get(key);
    if (f.number === 1) {
      if (m !== undefined) {
        this.pending.delete(key);
        this.reject('missing_fragment', m.lines, emit);
      }
      this.pending.set(key, {
        count: f.count,
        next: 2,
        firstRxMs: rxMs,
        lines: [line],
        payload,
        tagBlock,
        channel,
      });
      if (rxMs < this.oldestRxMs) this.oldestRxMs = rxMs;
      if (this.pending.size > this.maxPending) this.dropOldest(emit);
      return;
    }
    if (m === undefined || f.number < m.next) {
      this.reject('orphan_fragment', [line], emit);
      return;
    }
    if (f.number > m.next) {
      this.pending.delete(key);
      this.reject('missing_fragment', m.lines, emit);
      this.reject('orphan_fragment', [line], emit);
      return;
    }
    m.lines.push(line);
    m.payload += payload;
    m.next++;
    if (m.tagBlock === undefined) m.tagBlock = tagBlock;
    if (f.number < m.count) return;
    this.pending.delete(key);
    // Fill bits of the last part only: the others end on a whole char.
    this.decode(m.payload, 0, m.payload.length, f.fill, m.lines, m.tagBlock, m.channel, emit);
  }

  /** Reject (missing_fragment) pending fragments older than the window at nowMs; call at end of input with Infinity. */
  expire(nowMs: number, emit: (r: AisResult) => void): void {
    let oldest = Number.POSITIVE_INFINITY;
    for (const [key, m] of this.pending) {
      if (nowMs - m.firstRxMs > this.timeoutMs || nowMs === Number.POSITIVE_INFINITY) {
        this.pending.delete(key);
        this.reject('missing_fragment', m.lines, emit);
      } else if (m.firstRxMs < oldest) {
        oldest = m.firstRxMs;
      }
    }
    this.oldestRxMs = oldest;
  }

  private takeTagBlock(): AisTagBlock | undefined {
    const f = this.f;
    if (f.source === undefined && f.timeMs === undefined) return undefined;
    return { source: f.source, timeMs: f.timeMs };
  }

  private dropOldest(emit: (r: AisResult) => void): void {
    for (const [key, m] of this.pending) {
      this.pending.delete(key);
      this.reject('missing_fragment', m.lines, emit);
      return;
    }
  }

  private decode(
    s: string,
    start: number,
    end: number,
    fill: number,
    lines: string[],
    tagBlock: AisTagBlock | undefined,
    channel: string | undefined,
    emit: (r: AisResult) => void,
  ): void {
    const chars = end - start;
    if (chars === 0) {
      this.reject('empty_payload', lines, emit);
      return;
    }
    if (this.bytes.length < packedLength(chars))
      this.bytes = new Uint8Array(packedLength(chars * 2));
    if (!packPayload(s, start, end, this.bytes)) {
      this.reject('invalid_armor_char', lines, emit);
      return;
    }
    const message = decodePayload(this.bytes, chars * 6 - fill);
    if (typeof message === 'string') {
      this.reject(message, lines, emit);
      return;
    }
    this.counters.messages++;
    emit({ message, lines, tagBlock, channel });
  }

  private reject(error: AisRejectReason, lines: string[], emit: (r: AisResult) => void): void {
    this.counters.rejected[error]++;
    emit({ error, lines });
  }
}
