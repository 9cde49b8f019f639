/**
 * SBS-1 BaseStation CSV (dump1090/readsb port 30003) to observations. The
 * sender has decoded the Mode S already, and each `MSG` line carries only
 * part of an aircraft's state (MSG,1 callsign; MSG,2/3 position and
 * altitude; MSG,4 speed, track and vertical rate; MSG,5/6/7 altitude or
 * squawk and flags), so a state per address merges the parts: a line with a
 * position makes an observation with the other fields heard in the last
 * minute; a new callsign makes a static report; an emergency squawk without
 * a position updates the track at its last position (AircraftEmitter).
 *
 * Time is when the line arrived (or was read): the line's own generated
 * time is in the sender's idea of UTC, and only paces a replay.
 */
import type { Observation } from '../../core/types.js';
import {
  EMERGENCY_SQUAWKS,
  findRegistrationCountry,
  parseSbsLine,
  type SbsRecord,
} from '../../decode/adsb/index.js';
import { LineFramer } from '../../decode/line-framer.js';
import { AIRCRAFT_EXPIRE_MS } from './adsb-pipeline.js';
import { AircraftEmitter } from './aircraft-emitter.js';
import { LINE_TOO_LONG } from './ais-pipeline.js';
import type { SourceItem } from './ingest-queue.js';
import type { PipelineStats, StreamPipeline, StreamPipelineOptions } from './stream-pipeline.js';

/** A BaseStation line is ~100 characters; allow generous callsign and padding. */
const MAX_SBS_LINE_CHARS = 512;
/** Other BaseStation message types (aircraft, ID, status, selection, click): not traffic. */
const NON_MSG_TYPES = /^(AIR|ID|STA|SEL|CLK),/;

/** What is known of one address, each field with the time it was heard. */
interface SbsAircraft {
  trackId: string;
  flag: string | undefined;
  lastSeenMs: number;
  callsign?: string;
  reportedCallsign?: string;
  altFt?: number;
  altMs: number;
  gsKt?: number;
  gsMs: number;
  trackDeg?: number;
  trackMs: number;
  squawk?: string;
  squawkMs: number;
  /** The sender's emergency flag (dump1090: squawk 7500/7600/7700). */
  emergency: boolean;
  emergencyMs: number;
}

export class SbsPipeline implements StreamPipeline {
  readonly #stats: PipelineStats;
  readonly #onItem: (item: SourceItem, recordedMs: number | undefined) => void;
  readonly #sourceId: string;
  readonly #emitter: AircraftEmitter;
  readonly #framer: LineFramer;
  readonly #byAddress = new Map<string, SbsAircraft>();
  #rxMs = 0;

  constructor(options: StreamPipelineOptions) {
    this.#stats = options.stats;
    this.#onItem = options.onItem;
    this.#sourceId = options.sourceId;
    this.#emitter = new AircraftEmitter((observation, recordedMs) =>
      this.#onItem({ type: 'position', observation }, recordedMs),
    );
    this.#framer = new LineFramer(
      {
        maxLineLength: MAX_SBS_LINE_CHARS,
        onTooLong: () => this.#stats.countRejected(LINE_TOO_LONG),
      },
      (line) => this.#takeLine(line),
    );
  }

  get aircraft(): number {
    return this.#byAddress.size;
  }

  pushChunk(chunk: Uint8Array, rxMs: number): void {
    this.#rxMs = rxMs;
    this.#framer.push(chunk);
  }

  expire(nowMs: number): void {
    const gone: string[] = [];
    for (const [key, a] of this.#byAddress) {
      if (nowMs - a.lastSeenMs > AIRCRAFT_EXPIRE_MS) {
        this.#byAddress.delete(key);
        gone.push(a.trackId);
      }
    }
    this.#emitter.forget(gone);
  }

  end(nowMs: number): void {
    this.#rxMs = nowMs;
    this.#framer.end();
  }

  close(): void {
    this.#framer.reset();
  }

  #takeLine(line: string): void {
    if (line.trim() === '' || NON_MSG_TYPES.test(line)) return;
    const r = parseSbsLine(line);
    if (!r.ok) {
      this.#stats.countRejected(r.reason);
      return;
    }
    const rxMs = this.#rxMs;
    this.#stats.countMessages(1, rxMs);
    this.#apply(r.msg, rxMs);
  }

  #apply(m: SbsRecord, t: number): void {
    const key = `${m.non_icao ? '~' : ''}${m.icao24}`;
    let a = this.#byAddress.get(key);
    if (a === undefined) {
      a = {
        trackId: `icao:${key}`,
        flag: m.non_icao ? undefined : findRegistrationCountry(Number.parseInt(m.icao24, 16)),
        lastSeenMs: t,
        altMs: Number.NaN,
        gsMs: Number.NaN,
        trackMs: Number.NaN,
        squawkMs: Number.NaN,
        emergency: false,
        emergencyMs: Number.NaN,
      };
      this.#byAddress.set(key, a);
    }
    a.lastSeenMs = t;
    const recordedMs = m.generated_ms;
    if (m.callsign !== undefined) a.callsign = m.callsign;
    if (m.altitude_ft !== undefined) [a.altFt, a.altMs] = [m.altitude_ft, t];
    if (m.gs_kt !== undefined) [a.gsKt, a.gsMs] = [m.gs_kt, t];
    if (m.track_deg !== undefined) [a.trackDeg, a.trackMs] = [m.track_deg, t];
    if (m.squawk !== undefined) [a.squawk, a.squawkMs] = [m.squawk, t];
    if (m.emergency !== undefined) [a.emergency, a.emergencyMs] = [m.emergency, t];

    if (a.callsign !== undefined && a.callsign !== a.reportedCallsign) {
      a.reportedCallsign = a.callsign;
      const report = {
        trackId: a.trackId,
        kind: 'aircraft' as const,
        tMs: t,
        source: this.#sourceId,
      };
      this.#onItem(
        {
          type: 'static',
          report: { ...report, callsign: a.callsign, ...(a.flag ? { flag: a.flag } : {}) },
        },
        recordedMs,
      );
    }
    if (m.lat !== undefined && m.lon !== undefined) {
      this.#emitter.emitPosition(this.#observe(a, m.lon, m.lat, t), t, recordedMs);
    } else if (m.squawk !== undefined || m.emergency !== undefined) {
      const squawk = isFresh(a.squawkMs, t) ? a.squawk : undefined;
      this.#emitter.emitIfEmergencyChanged(a.trackId, squawk, findStatus(a, t), t, recordedMs);
    }
  }

  #observe(a: SbsAircraft, lon: number, lat: number, t: number): Observation {
    const o: Observation = {
      trackId: a.trackId,
      kind: 'aircraft',
      tMs: t,
      lon,
      lat,
      source: this.#sourceId,
    };
    if (a.altFt !== undefined && isFresh(a.altMs, t)) o.altFt = a.altFt;
    if (a.gsKt !== undefined && isFresh(a.gsMs, t)) o.speedKn = a.gsKt;
    if (a.trackDeg !== undefined && isFresh(a.trackMs, t)) o.courseDeg = a.trackDeg;
    if (a.squawk !== undefined && isFresh(a.squawkMs, t)) o.squawk = a.squawk;
    if (a.callsign !== undefined) o.callsign = a.callsign;
    if (a.flag !== undefined) o.flag = a.flag;
    const status = findStatus(a, t);
    if (status !== undefined) o.status = status;
    return o;
  }
}

function isFresh(heardMs: number, nowMs: number): boolean {
  return nowMs - heardMs <= AIRCRAFT_EXPIRE_MS;
}

/** `emergency 7700` for an emergency squawk; `emergency` for the sender's flag alone. */
function findStatus(a: SbsAircraft, t: number): string | undefined {
  if (a.squawk !== undefined && isFresh(a.squawkMs, t) && EMERGENCY_SQUAWKS.includes(a.squawk)) {
    return `emergency ${a.squawk}`;
  }
  if (a.emergency && isFresh(a.emergencyMs, t)) return 'emergency';
  return undefined;
}
