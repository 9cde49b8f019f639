/**
 * Seeded fuzzing: random payloads with valid checksums (every type, every
 * length), mutated sentences (flipped chars, cuts, duplicated and shuffled
 * fragments) and random bytes never make the decoder throw, and never give
 * a field outside what its bits can say, or an observation outside WGS84.
 */
import { describe, expect, it } from 'vitest';
import { createRandom, drawInteger, pickItem, type Random } from '../../core/random.js';
import { LineFramer } from '../line-framer.js';
import {
  AisDecoder,
  type AisMessage,
  type AisResult,
  aisToObservation,
  aisToStatic,
  formatAisJsonFull,
  isAisRejected,
} from './index.js';
import { buildSentences, wrap } from './sentence-builder.fixture.js';

const ARMOR_CHARS = '0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW`abcdefghijklmnopqrstuvw';
const NOISE_CHARS = `${ARMOR_CHARS}!$*,\\/xyz~ \t\u00e9`;

/** Largest |degrees| of a 28-bit lon / 27-bit lat in 1/10 000 minute (what the bits can say). */
const MAX_LON_RAW_DEG = 2 ** 27 / 600_000;
const MAX_LAT_RAW_DEG = 2 ** 26 / 600_000;

function randomPayload(rnd: Random, type: number, chars: number): string {
  let s = ARMOR_CHARS[type < 40 ? type : type + 8] ?? '1';
  for (let i = 1; i < chars; i++) s += pickItem(rnd, [...ARMOR_CHARS]);
  return s;
}

function randomSentences(rnd: Random): string[] {
  // Mostly defined types, at lengths around theirs; sometimes anything.
  const type = rnd() < 0.9 ? drawInteger(rnd, 1, 27) : drawInteger(rnd, 0, 63);
  const chars = rnd() < 0.5 ? drawInteger(rnd, 10, 60) : drawInteger(rnd, 0, 180);
  const fill = drawInteger(rnd, 0, 5);
  const payload = randomPayload(rnd, type, chars);
  const per = drawInteger(rnd, 20, 70);
  const parts: string[] = [];
  for (let i = 0; i < payload.length; i += per) parts.push(payload.slice(i, i + per));
  if (parts.length === 0 || parts.length > 9)
    return [wrap(`AIVDM,1,1,,A,${payload.slice(0, 60)},${fill}`)];
  return parts.map((p, k) =>
    wrap(`AIVDM,${parts.length},${k + 1},${k % 10},B,${p},${k === parts.length - 1 ? fill : 0}`),
  );
}

function mutate(rnd: Random, line: string): string {
  const i = drawInteger(rnd, 0, Math.max(0, line.length - 1));
  switch (drawInteger(rnd, 0, 4)) {
    case 0:
      return line.slice(0, i) + pickItem(rnd, [...NOISE_CHARS]) + line.slice(i + 1);
    case 1:
      return line.slice(0, i);
    case 2:
      return line.slice(0, i) + line.slice(i + 1);
    case 3:
      return line.slice(0, i) + pickItem(rnd, [...NOISE_CHARS]) + line.slice(i);
    default:
      return Array.from({ length: drawInteger(rnd, 0, 90) }, () =>
        pickItem(rnd, [...NOISE_CHARS]),
      ).join('');
  }
}

/** Every field is finite, an integer where the schema has integers, and within what its bits can say. */
function checkMessage(m: AisMessage): void {
  for (const [k, v] of Object.entries(m)) {
    if (v === undefined || typeof v === 'boolean') continue;
    if (typeof v === 'string') {
      expect(v).toMatch(k === 'data' ? /^\d+:[0-9a-f]*$/ : /^[\x20-\x5f]*$/);
      continue;
    }
    expect(Number.isFinite(v), `${k} = ${v}`).toBe(true);
    if (
      k !== 'lat' &&
      k !== 'lon' &&
      !/_lat|_lon/.test(k) &&
      !['sog', 'cog', 'draught'].includes(k)
    )
      expect(Number.isInteger(v), `${k} = ${v}`).toBe(true);
  }
  expect(m.type).toBeGreaterThanOrEqual(1);
  expect(m.type).toBeLessThanOrEqual(27);
  expect(m.mmsi).toBeGreaterThanOrEqual(0);
  expect(m.mmsi).toBeLessThan(2 ** 30);
  if ('lat' in m && 'lon' in m) {
    expect(Math.abs(m.lat)).toBeLessThanOrEqual(MAX_LAT_RAW_DEG);
    expect(Math.abs(m.lon)).toBeLessThanOrEqual(MAX_LON_RAW_DEG);
  }
  if ('sog' in m && m.type !== 9 && m.type !== 27) expect(m.sog).toBeLessThanOrEqual(102.3);
  if ('cog' in m && m.type !== 27) expect(m.cog).toBeLessThanOrEqual(409.5);
  if ('heading' in m) expect(m.heading).toBeLessThanOrEqual(511);
}

function checkResult(r: AisResult): void {
  expect(r.lines.length).toBeGreaterThan(0);
  if (isAisRejected(r)) return;
  checkMessage(r.message);
  const o = aisToObservation(r.message, 0, 'fuzz');
  if (o !== null) {
    expect(o.lat).toBeGreaterThanOrEqual(-90);
    expect(o.lat).toBeLessThanOrEqual(90);
    expect(o.lon).toBeGreaterThanOrEqual(-180);
    expect(o.lon).toBeLessThanOrEqual(180);
    expect(o.trackId).toMatch(/^mmsi:\d{9}$/);
    if (o.speedKn !== undefined) expect(o.speedKn).toBeGreaterThanOrEqual(0);
    if (o.courseDeg !== undefined) expect(o.courseDeg).toBeLessThan(360);
    if (o.headingDeg !== undefined) expect(o.headingDeg).toBeLessThan(360);
    if (o.altFt !== undefined) expect(o.altFt).toBeLessThan(4095 * 3.3);
  }
  const s = aisToStatic(r.message, 0, 'fuzz');
  if (s !== null) expect(s.trackId).toMatch(/^mmsi:\d{9}$/);
}

describe('decoding random and broken input', () => {
  it('never throws and never gives a field outside its range, for random payloads of every type', () => {
    const rnd = createRandom(20261001);
    const d = new AisDecoder();
    let messages = 0;
    for (let n = 0; n < 20_000; n++) {
      for (const line of randomSentences(rnd))
        d.pushLine(line, n, (r) => {
          checkResult(r);
          if (!isAisRejected(r)) messages++;
        });
    }
    d.expire(Number.POSITIVE_INFINITY, checkResult);
    expect(messages).toBeGreaterThan(4000);
  });

  it('gives the same result for a message whatever the decoder decoded before (no stale bits)', () => {
    const rnd = createRandom(7);
    const shared = new AisDecoder();
    for (let n = 0; n < 5000; n++) {
      const lines = randomSentences(rnd);
      const fresh = new AisDecoder();
      const a: string[] = [];
      const b: string[] = [];
      const show = (r: AisResult) => (isAisRejected(r) ? r.error : formatAisJsonFull(r.message));
      shared.expire(Number.POSITIVE_INFINITY, () => {}); // same pending state: none
      for (const l of lines) {
        fresh.pushLine(l, 0, (r) => a.push(show(r)));
        shared.pushLine(l, 0, (r) => b.push(show(r)));
      }
      expect(b).toEqual(a);
    }
  });

  it('never throws on mutated, cut, duplicated and shuffled sentences', () => {
    const rnd = createRandom(42);
    const d = new AisDecoder({ maxPendingMessages: 8 });
    const base = [
      ...buildSentences('0'.repeat(6) + '1'.repeat(418), { charsPerFragment: 30 }),
      ...randomSentences(rnd),
    ];
    for (let n = 0; n < 30_000; n++) {
      let line = pickItem(rnd, base);
      for (let k = drawInteger(rnd, 0, 3); k > 0; k--) line = mutate(rnd, line);
      if (rnd() < 0.1) line = `\\s:rx${n},c:${n}*${drawInteger(rnd, 0, 99)}\\${line}`;
      d.pushLine(line, n * 100, checkResult);
      if (rnd() < 0.01) base.push(...randomSentences(rnd));
    }
    d.expire(Number.POSITIVE_INFINITY, checkResult);
    expect(d.counters.lines).toBe(30_000);
  });

  it('never throws on random bytes through the line framer', () => {
    const rnd = createRandom(99);
    const d = new AisDecoder();
    const f = new LineFramer({ maxLineLength: 120 }, (l) => d.pushLine(l, 0, checkResult));
    for (let n = 0; n < 2000; n++) {
      const chunk = new Uint8Array(drawInteger(rnd, 0, 300));
      for (let i = 0; i < chunk.length; i++)
        chunk[i] = rnd() < 0.05 ? 10 : drawInteger(rnd, 0, 255);
      f.push(chunk);
    }
    f.end();
    expect(f.counters.lines + f.counters.tooLong).toBeGreaterThan(1000);
  });
});
