/**
 * Per-address aircraft state built from decoded Mode S messages, turned into
 * the core vocabulary: an Observation for every message that yields a
 * position, a StaticReport when identity or transponder changes. Pure: the
 * time of each message is passed in (receiver clock or wall clock, in ms),
 * nothing is read from a clock here.
 */
import type { Observation, StaticReport } from '../../core/types.js';
import { describeCategory } from './aircraft-category.js';
import {
  createPositionCounters,
  type PositionContext,
  type PositionCounters,
  updatePosition,
} from './aircraft-position.js';
import { type AircraftField, AircraftState, type Transponder } from './aircraft-state.js';
import { formatSquawk } from './altitude-codes.js';
import type { CprPosition } from './cpr.js';
import { findRegistrationCountry } from './icao-blocks.js';
import { EMERGENCY_STATES, type ModeSMessage } from './mode-s-message.js';

export interface AircraftTableOptions {
  /** `source` of the observations and static reports (default `adsb`). */
  source?: string;
  /** Forget an aircraft after this much silence (default 60 s). */
  expireAfterMs?: number;
  /** Field values older than this are left out of observations (default: expireAfterMs). */
  fieldMaxAgeMs?: number;
  /** Receiver position: reference for surface positions and lone frames. */
  receiver?: { lon: number; lat: number };
  /** Refuse positions further than this from the receiver (needs `receiver`). */
  receiverRangeNm?: number;
  /** How long an address seen in a DF11/17/18 stays trusted for DF0/4/5/16/20/21 (default 60 s). */
  addressTtlMs?: number;
  /**
   * Refuse positions that need an impossible speed from the last one (default
   * true). Turn off only when message times are not real (a file of untimed
   * lines read in a blink).
   */
  checkSpeed?: boolean;
}

export interface AircraftTableCounters {
  messages: number;
  /** Address/parity replies (DF0/4/5/16/20/21/24) from addresses not heard with a checked CRC: likely noise. */
  unknownAddress: number;
  aircraft: number;
  expired: number;
  emergencies: number;
  positions: PositionCounters;
}

/** The outcome of one update. Reused by the next call: copy what you keep. */
export interface AircraftUpdate {
  /** `unknown_address`: an address/parity reply the table would not trust. */
  rejected: 'unknown_address' | null;
  aircraft: AircraftState | undefined;
  /** This message yielded a position (`lat`, `lon`). */
  position: boolean;
  lat: number;
  lon: number;
  observation?: Observation;
  staticReport?: StaticReport;
}

/** Squawks that declare an emergency: hijack, radio failure, general emergency. */
export const EMERGENCY_SQUAWKS: readonly string[] = ['7500', '7600', '7700'];

/** Address/parity formats: the address comes out of the CRC, so it cannot be checked alone. */
const ADDRESS_PARITY_DF = new Uint8Array(25);
for (const df of [0, 4, 5, 16, 20, 21, 24]) ADDRESS_PARITY_DF[df] = 1;

/** NIC by position type code, without / with both NIC supplements A and B set (DO-260B Table 2-14). */
const NIC_BY_TC = [-1, -1, -1, -1, -1, 11, 10, 8, 0, 11, 10, 8, 7, 6, 5, 4, 2, 1, 0, -1, 11, 10, 0];
const NIC_BY_TC_AB = [
  -1, -1, -1, -1, -1, 11, 10, 9, 0, 11, 10, 9, 7, 6, 5, 4, 3, 1, 0, -1, 11, 10, 0,
];

function positiveOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`AircraftTable: ${name} must be > 0, got ${value}`);
  return value;
}

export class AircraftTable {
  readonly counters: AircraftTableCounters = {
    messages: 0,
    unknownAddress: 0,
    aircraft: 0,
    expired: 0,
    emergencies: 0,
    positions: createPositionCounters(),
  };
  private readonly aircraft = new Map<number, AircraftState>();
  /** Address -> time last heard with a checked CRC. */
  private readonly known = new Map<number, number>();
  private readonly source: string;
  private readonly expireAfterMs: number;
  private readonly fieldMaxAgeMs: number;
  private readonly addressTtlMs: number;
  private readonly ctx: PositionContext;
  private readonly pos: CprPosition = { lat: 0, lon: 0 };
  private readonly result: AircraftUpdate = {
    rejected: null,
    aircraft: undefined,
    position: false,
    lat: Number.NaN,
    lon: Number.NaN,
  };

  constructor(options: AircraftTableOptions = {}) {
    this.source = options.source ?? 'adsb';
    this.expireAfterMs = positiveOption('expireAfterMs', options.expireAfterMs, 60_000);
    this.fieldMaxAgeMs = positiveOption('fieldMaxAgeMs', options.fieldMaxAgeMs, this.expireAfterMs);
    this.addressTtlMs = positiveOption('addressTtlMs', options.addressTtlMs, 60_000);
    const r = options.receiver;
    if (r !== undefined && !(Math.abs(r.lat) <= 90 && Math.abs(r.lon) <= 180)) {
      throw new RangeError(
        `AircraftTable: receiver must be lon -180..180, lat -90..90, got ${r.lon}, ${r.lat}`,
      );
    }
    const rangeNm = positiveOption(
      'receiverRangeNm',
      options.receiverRangeNm,
      Number.POSITIVE_INFINITY,
    );
    this.ctx = {
      receiverLat: r?.lat ?? Number.NaN,
      receiverLon: r?.lon ?? Number.NaN,
      receiverRangeM: r === undefined ? Number.POSITIVE_INFINITY : rangeNm * 1852,
      counters: this.counters.positions,
      checkSpeed: options.checkSpeed ?? true,
    };
  }

  get size(): number {
    return this.aircraft.size;
  }

  /** The state of an address (`nonIcao` for DF18 anonymous addresses). */
  get(icao: number, nonIcao = false): AircraftState | undefined {
    return this.aircraft.get(nonIcao ? icao + 0x1000000 : icao);
  }

  /** All aircraft currently held. */
  values(): IterableIterator<AircraftState> {
    return this.aircraft.values();
  }

  /** Applies one decoded message received at `tMs`. */
  update(m: ModeSMessage, tMs: number): AircraftUpdate {
    const u = this.result;
    u.rejected = null;
    u.aircraft = undefined;
    u.position = false;
    u.lat = Number.NaN;
    u.lon = Number.NaN;
    u.observation = undefined;
    u.staticReport = undefined;
    if (m.df < 0 || m.icao < 0) return u;
    if (ADDRESS_PARITY_DF[m.df] === 1) {
      const seen = this.known.get(m.icao);
      if (seen === undefined || Math.abs(tMs - seen) > this.addressTtlMs) {
        this.counters.unknownAddress++;
        u.rejected = 'unknown_address';
        return u;
      }
    } else if (!m.nonIcao) {
      this.known.set(m.icao, tMs);
    }
    this.counters.messages++;
    const key = m.nonIcao ? m.icao + 0x1000000 : m.icao;
    let a = this.aircraft.get(key);
    if (a === undefined) {
      const flag = m.nonIcao ? undefined : findRegistrationCountry(m.icao);
      a = new AircraftState(m.icao, m.nonIcao, flag, tMs);
      this.aircraft.set(key, a);
      this.counters.aircraft++;
    }
    u.aircraft = a;
    a.lastSeenMs = tMs;
    a.messages++;
    const transponder = findTransponder(m);
    if (transponder !== undefined) a.transponder = transponder;
    const wasEmergency = this.findEmergency(a, tMs) !== undefined;
    this.applyFields(a, m, tMs);
    if (!wasEmergency && this.findEmergency(a, tMs) !== undefined) this.counters.emergencies++;

    if (m.cprType !== 0 && updatePosition(a, m, tMs, this.ctx, this.pos)) {
      const tc = m.tc;
      a.nic = (a.nicA === 1 && m.nicB === 1 ? NIC_BY_TC_AB : NIC_BY_TC)[tc] ?? -1;
      u.position = true;
      u.lat = this.pos.lat;
      u.lon = this.pos.lon;
      u.observation = this.buildObservation(a, tMs);
    }

    const type = a.category === '' ? undefined : describeCategory(a.category);
    const signature = `${a.callsign}|${type ?? ''}|${a.transponder}`;
    if (signature !== a.reportedStatic) {
      a.reportedStatic = signature;
      const s: StaticReport = {
        trackId: a.trackId,
        kind: 'aircraft',
        tMs,
        source: this.source,
        transponder: a.transponder,
      };
      if (a.callsign !== '') s.callsign = a.callsign;
      if (type !== undefined) s.type = type;
      if (a.flag !== undefined) s.flag = a.flag;
      u.staticReport = s;
    }
    return u;
  }

  /** Forgets aircraft silent for longer than `expireAfterMs`; returns their track ids. */
  expire(nowMs: number): string[] {
    const gone: string[] = [];
    for (const [key, a] of this.aircraft) {
      if (nowMs - a.lastSeenMs > this.expireAfterMs) {
        this.aircraft.delete(key);
        gone.push(a.trackId);
      }
    }
    for (const [icao, t] of this.known) if (nowMs - t > this.addressTtlMs) this.known.delete(icao);
    this.counters.expired += gone.length;
    return gone;
  }

  /** `emergency 7700` for an emergency squawk, `emergency unlawful` for a TC28 state; fresh values only. */
  findEmergency(a: AircraftState, nowMs: number): string | undefined {
    if (a.squawk >= 0 && this.isFresh(a, 'squawk', nowMs)) {
      const sq = formatSquawk(a.squawk);
      if (EMERGENCY_SQUAWKS.includes(sq)) return `emergency ${sq}`;
    }
    if (a.emergency > 0 && this.isFresh(a, 'emergency', nowMs)) {
      return `emergency ${EMERGENCY_STATES[a.emergency]}`;
    }
    return undefined;
  }

  private isFresh(a: AircraftState, field: AircraftField, nowMs: number): boolean {
    return a.fieldAgeMs(field, nowMs) <= this.fieldMaxAgeMs;
  }

  private applyFields(a: AircraftState, m: ModeSMessage, tMs: number): void {
    const s = a.seenMs;
    if (!Number.isNaN(m.altFt)) {
      if (m.altGnss) {
        a.altGnssFt = m.altFt;
        s.altGnssFt = tMs;
      } else {
        a.altFt = m.altFt;
        s.altFt = tMs;
      }
    }
    if (!Number.isNaN(m.gsKt)) {
      a.gsKt = m.gsKt;
      s.gsKt = tMs;
    }
    if (!Number.isNaN(m.trackDeg)) {
      a.trackDeg = m.trackDeg;
      s.trackDeg = tMs;
    }
    if (!Number.isNaN(m.headingDeg)) {
      a.headingDeg = m.headingDeg;
      s.headingDeg = tMs;
    }
    if (!Number.isNaN(m.tasKt)) {
      a.tasKt = m.tasKt;
      s.tasKt = tMs;
    }
    if (!Number.isNaN(m.iasKt)) {
      a.iasKt = m.iasKt;
      s.iasKt = tMs;
    }
    if (!Number.isNaN(m.vrateFpm)) {
      a.vrateFpm = m.vrateFpm;
      s.vrateFpm = tMs;
    }
    if (m.squawk >= 0) {
      a.squawk = m.squawk;
      s.squawk = tMs;
    }
    if (m.emergency >= 0) {
      a.emergency = m.emergency;
      s.emergency = tMs;
    }
    if (m.callsign !== '') {
      a.callsign = m.callsign;
      s.callsign = tMs;
    }
    if (m.category !== '') {
      a.category = m.category;
      s.category = tMs;
    }
    if (m.onGround >= 0) {
      a.onGround = m.onGround;
      s.onGround = tMs;
    }
    if (m.nicB >= 0) a.nicB = m.nicB;
    if (m.adsbVersion >= 0) {
      a.adsbVersion = m.adsbVersion;
      if (m.nicA >= 0) a.nicA = m.nicA;
      if (m.nacP >= 0) a.nacP = m.nacP;
      if (m.sil >= 0) a.sil = m.sil;
      if (m.silSupplement >= 0) a.silSupplement = m.silSupplement;
      s.integrity = tMs;
    }
  }

  private buildObservation(a: AircraftState, tMs: number): Observation {
    const o: Observation = {
      trackId: a.trackId,
      kind: 'aircraft',
      tMs,
      lon: a.lon,
      lat: a.lat,
      source: this.source,
    };
    if (this.isFresh(a, 'altFt', tMs)) o.altFt = a.altFt;
    else if (this.isFresh(a, 'altGnssFt', tMs)) o.altFt = a.altGnssFt;
    if (this.isFresh(a, 'gsKt', tMs)) o.speedKn = a.gsKt;
    if (this.isFresh(a, 'trackDeg', tMs)) o.courseDeg = a.trackDeg;
    if (this.isFresh(a, 'headingDeg', tMs)) o.headingDeg = a.headingDeg;
    if (a.squawk >= 0 && this.isFresh(a, 'squawk', tMs)) o.squawk = formatSquawk(a.squawk);
    if (a.callsign !== '') o.callsign = a.callsign;
    if (a.flag !== undefined) o.flag = a.flag;
    if (a.nic >= 0) o.nic = a.nic;
    if (a.nacP >= 0) o.nacP = a.nacP;
    if (a.sil >= 0) o.sil = a.sil;
    const status = this.findEmergency(a, tMs);
    if (status !== undefined) o.status = status;
    return o;
  }
}

/** What kind of transmitter a message shows; undefined for replies that say nothing new. */
function findTransponder(m: ModeSMessage): Transponder | undefined {
  if (m.df === 17) return 'ADS-B';
  if (m.df !== 18) return undefined;
  if (m.cf === 0 || m.cf === 1) return 'ADS-B non-transponder';
  if (m.cf === 6) return 'ADS-R';
  return 'TIS-B';
}
