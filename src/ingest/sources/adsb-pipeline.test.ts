import { describe, expect, it } from 'vitest';
import type { Observation, StaticReport } from '../../core/types.js';
import {
  BOOK_EVEN,
  BOOK_IDENT,
  BOOK_ODD,
  encodeAvr,
  encodeBeast,
  encodeEmergencyStatus,
  encodeIdentityReply,
  encodePosition,
  hexToBytes,
} from './adsb-frames.fixture.js';
import { AdsbPipeline } from './adsb-pipeline.js';
import { SourceStats } from './source-stats.js';
import type { PipelineTiming } from './stream-pipeline.js';

const T0 = Date.UTC(2026, 2, 1, 6, 0, 0);
const ICAO = 0x4ca1b2; // Ireland
const TRACK = 'icao:4ca1b2';

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function startPipeline(format: 'beast' | 'avr', timing: PipelineTiming = 'live') {
  const stats = new SourceStats();
  const observations: Observation[] = [];
  const statics: StaticReport[] = [];
  const recorded: (number | undefined)[] = [];
  const pipeline = new AdsbPipeline(format, {
    sourceId: 'rx',
    stats,
    timing,
    receiver: { lat: 52.3, lon: 4.8 },
    onItem: (item, recordedMs) => {
      recorded.push(recordedMs);
      if (item.type === 'position') observations.push(item.observation);
      else statics.push(item.report);
    },
  });
  return { pipeline, stats, observations, statics, recorded };
}

/** Odd first: the newer frame of the pair is the even one, whose position the book gives. */
const BOOK_BEAST = concat([BOOK_IDENT, BOOK_ODD, BOOK_EVEN].map((h) => encodeBeast(hexToBytes(h))));

describe('AdsbPipeline', () => {
  it('decodes the book examples from Beast frames split at every byte offset', () => {
    for (let cut = 0; cut <= BOOK_BEAST.length; cut++) {
      const p = startPipeline('beast');
      p.pipeline.pushChunk(BOOK_BEAST.subarray(0, cut), T0);
      p.pipeline.pushChunk(BOOK_BEAST.subarray(cut), T0 + 5);
      expect(p.stats.rejectedTotal, `cut at ${cut}`).toBe(0);
      expect(p.stats.messagesTotal).toBe(3);
      expect(p.statics.find((s) => s.trackId === 'icao:4840d6')).toMatchObject({
        kind: 'aircraft',
        callsign: 'KLM1023',
        transponder: 'ADS-B',
        source: 'rx',
      });
      expect(p.observations).toHaveLength(1);
      const o = p.observations[0]!;
      expect(o).toMatchObject({ trackId: 'icao:40621d', kind: 'aircraft', altFt: 38000 });
      expect(o.lat).toBeCloseTo(52.2572, 3);
      expect(o.lon).toBeCloseTo(3.9194, 3);
      expect(o.tMs).toBe(cut === BOOK_BEAST.length ? T0 : T0 + 5);
    }
  });

  it('times live AVR lines without a counter by when they arrived', () => {
    const p = startPipeline('avr');
    const lines = [BOOK_ODD, BOOK_EVEN].map((h) => encodeAvr(hexToBytes(h)));
    p.pipeline.pushChunk(Buffer.from(`${lines[0]}\r\n`), T0);
    p.pipeline.pushChunk(Buffer.from(`${lines[1]}\r\n`), T0 + 800);
    expect(p.observations).toHaveLength(1);
    expect(p.observations[0]!.tMs).toBe(T0 + 800);
    expect(p.recorded.at(-1)).toBeUndefined();
  });

  it('pairs replayed AVR MLAT lines by the receiver counter, not by read time', () => {
    const ticksPerS = 12_000_000;
    const pairAt = (gapS: number) => {
      const p = startPipeline('avr', 'replay');
      const odd = encodeAvr(hexToBytes(BOOK_ODD), 1000 * ticksPerS);
      const even = encodeAvr(hexToBytes(BOOK_EVEN), (1000 + gapS) * ticksPerS);
      // Read in one blink: only the counter tells 1 s from 30 s apart.
      p.pipeline.pushChunk(Buffer.from(`${odd}\n${even}\n`), T0);
      return p;
    };
    const near = pairAt(1);
    expect(near.observations).toHaveLength(1);
    expect(near.observations[0]!.tMs).toBe(T0);
    expect(near.recorded.at(-1)).toBe(1001_000);
    // A CPR pair 30 s apart is not trusted (the aircraft may have crossed a zone boundary).
    expect(pairAt(30).observations).toHaveLength(0);
  });

  it('counts what it refuses by reason: framing, CRC, unknown address, AVR syntax', () => {
    const beast = startPipeline('beast');
    const damaged = hexToBytes(BOOK_IDENT);
    damaged[6]! ^= 0x10;
    beast.pipeline.pushChunk(
      concat([
        Uint8Array.from([0x01, 0x02, 0x03]),
        encodeBeast(damaged),
        encodeBeast(encodeIdentityReply(0x3c6586, '1000')),
      ]),
      T0,
    );
    expect(beast.stats.rejected).toEqual({ garbage: 1, bad_crc: 1, unknown_address: 1 });
    expect(beast.stats.messagesTotal).toBe(0);

    const avr = startPipeline('avr');
    avr.pipeline.pushChunk(
      Buffer.from(`*8D4840D6202CC371C32CE05760ZZ;\n*8D4840;\nhello\n${'*'.repeat(300)}\n`),
      T0,
    );
    expect(avr.stats.rejected).toEqual({
      bad_hex: 1,
      bad_length: 1,
      bad_frame: 1,
      line_too_long: 1,
    });
  });

  it('puts an emergency squawk on the track at its last position, and its end too', () => {
    const p = startPipeline('beast');
    const at = (ms: number, ...frames: Uint8Array[]) =>
      p.pipeline.pushChunk(concat(frames.map((f) => encodeBeast(f))), T0 + ms);
    at(0, encodePosition(ICAO, 4.9, 52.4, false, 12000));
    at(500, encodePosition(ICAO, 4.9, 52.4, true, 12000));
    expect(p.observations).toHaveLength(1);
    at(1000, encodeIdentityReply(ICAO, '7700'));
    expect(p.observations).toHaveLength(2);
    const held = p.observations[1]!;
    expect(held).toMatchObject({
      trackId: TRACK,
      tMs: T0 + 1000,
      squawk: '7700',
      status: 'emergency 7700 (general emergency)',
      altFt: 12000,
    });
    expect(held.lat).toBe(p.observations[0]!.lat);
    // The same squawk again changes nothing.
    at(1500, encodeIdentityReply(ICAO, '7700'));
    expect(p.observations).toHaveLength(2);
    at(2000, encodeIdentityReply(ICAO, '2000'));
    expect(p.observations).toHaveLength(3);
    expect(p.observations[2]!.squawk).toBe('2000');
    expect(p.observations[2]!.status).toBeUndefined();
  });

  it('spells out a TC28 emergency state in the status', () => {
    const p = startPipeline('beast');
    p.pipeline.pushChunk(
      concat([
        encodeBeast(encodePosition(ICAO, 4.9, 52.4, false)),
        encodeBeast(encodePosition(ICAO, 4.9, 52.4, true)),
      ]),
      T0,
    );
    p.pipeline.pushChunk(encodeBeast(encodeEmergencyStatus(ICAO, 5, '7500')), T0 + 100);
    expect(p.observations.at(-1)).toMatchObject({
      squawk: '7500',
      status: 'emergency 7500 (unlawful interference)',
    });
  });

  it('gives two positions of one aircraft read in the same millisecond increasing times', () => {
    const p = startPipeline('beast', 'replay');
    const frames = [false, true, false, true].map((odd, i) =>
      encodeBeast(encodePosition(ICAO, 4.9 + i / 1000, 52.4, odd), (100 + i) * 12_000_000),
    );
    p.pipeline.pushChunk(concat(frames), T0);
    expect(p.observations.map((o) => o.tMs)).toEqual([T0, T0 + 1, T0 + 2]);
  });

  it('forgets aircraft silent for a minute', () => {
    const p = startPipeline('beast');
    p.pipeline.pushChunk(BOOK_BEAST, T0);
    expect(p.pipeline.aircraft).toBe(2);
    p.pipeline.expire(T0 + 30_000);
    expect(p.pipeline.aircraft).toBe(2);
    p.pipeline.expire(T0 + 61_000);
    expect(p.pipeline.aircraft).toBe(0);
  });
});
