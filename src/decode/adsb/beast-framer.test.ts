import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import {
  BEAST_MAX_FRAME_BYTES,
  BEAST_MODE_AC,
  BEAST_MODE_S_LONG,
  BEAST_MODE_S_SHORT,
  type BeastFrame,
  BeastFramer,
} from './beast-framer.js';
import { formatHex } from './mode-s-message.js';
import { TESTDATA_DIR } from './testdata.fixture.js';

/** A frame on the wire: 0x1a, type, 6-byte counter, signal, message, every 0x1a doubled. */
function encodeBeast(type: number, ticks: number, signal: number, message: number[]): number[] {
  const body = [
    ...Array.from({ length: 6 }, (_, i) => Math.floor(ticks / 256 ** (5 - i)) % 256),
    signal,
    ...message,
  ];
  const out = [0x1a, type];
  for (const b of body) out.push(...(b === 0x1a ? [0x1a, 0x1a] : [b]));
  return out;
}

function fromHex(hex: string): number[] {
  return (hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16));
}

/** Frames and problems as text, so runs can be compared whole. */
function describeFrame(f: BeastFrame): string {
  if (f.problem !== null) return `${f.offset} ${f.problem} ${formatHex(f.raw!, 0, f.raw!.length)}`;
  return `${f.offset} ${f.type.toString(16)} ${f.ticks} ${f.signal} ${formatHex(f.data, 0, f.len)} esc${f.escapes}`;
}

function frameAll(chunks: Uint8Array[]): string[] {
  const framer = new BeastFramer();
  const out: string[] = [];
  for (const c of chunks) framer.push(c, (f) => out.push(describeFrame(f)));
  framer.end((f) => out.push(describeFrame(f)));
  return out;
}

// Own fixture: a long frame with 0x1a in counter, signal and message; a short; a Mode A/C.
const LONG = encodeBeast(
  BEAST_MODE_S_LONG,
  0x1a0000001a1a,
  0x1a,
  fromHex('8d4840d6202cc371c32ce0576098'),
);
const SHORT = encodeBeast(BEAST_MODE_S_SHORT, 12_000_000, 77, fromHex('5d484fdea248f5'));
const MODE_AC = encodeBeast(BEAST_MODE_AC, 5, 9, [0x77, 0x00]);
const STREAM = new Uint8Array([...LONG, ...SHORT, ...MODE_AC]);

describe('BeastFramer', () => {
  it('splits frames and undoes the doubled 0x1a in counter, signal and message', () => {
    expect(frameAll([STREAM])).toEqual([
      `0 33 ${0x1a0000001a1a} 26 8d4840d6202cc371c32ce0576098 esc4`,
      `${LONG.length} 32 12000000 77 5d484fdea248f5 esc0`,
      `${LONG.length + SHORT.length} 31 5 9 7700 esc0`,
    ]);
  });

  it('gives the same frames wherever the stream is cut, and for any chunking', () => {
    const whole = frameAll([STREAM]);
    for (let k = 0; k <= STREAM.length; k++) {
      expect(frameAll([STREAM.subarray(0, k), STREAM.subarray(k)]), `cut at ${k}`).toEqual(whole);
    }
    const bytes = [...STREAM].map((b) => new Uint8Array([b]));
    expect(frameAll(bytes)).toEqual(whole);
  });

  it('reports bytes before the first frame as garbage and resynchronises on 0x1a and a type', () => {
    const junk = [0x00, 0x1a, 0x1a, 0x32, 0x1a, 0x99, 0x41];
    const out = frameAll([new Uint8Array([...junk, ...SHORT])]);
    expect(out).toEqual([
      `0 garbage 001a1a321a9941`,
      `${junk.length} 32 12000000 77 5d484fdea248f5 esc0`,
    ]);
  });

  it('returns a frame cut short by the next frame start as truncated, then reads the next frame', () => {
    const cut = SHORT.slice(0, 8);
    const out = frameAll([new Uint8Array([...cut, ...SHORT])]);
    expect(out[0]).toBe(`0 truncated ${formatHex(new Uint8Array(cut), 0, cut.length)}`);
    expect(out[1]).toBe(`8 32 12000000 77 5d484fdea248f5 esc0`);
  });

  it('reports a partial frame left at the end of the stream as truncated', () => {
    const out = frameAll([new Uint8Array(SHORT.slice(0, 10))]);
    expect(out).toEqual([`0 truncated ${formatHex(new Uint8Array(SHORT), 0, 10)}`]);
  });

  it('never carries more than one frame, whatever arrives', () => {
    const framer = new BeastFramer();
    const rnd = createRandom(7);
    let frames = 0;
    for (let i = 0; i < 2000; i++) {
      const chunk = new Uint8Array(1 + Math.floor(rnd() * 300)).map(() =>
        rnd() < 0.3 ? 0x1a : rnd() * 256,
      );
      framer.push(chunk, () => frames++);
      expect((framer as unknown as { carried: number }).carried).toBeLessThanOrEqual(
        BEAST_MAX_FRAME_BYTES,
      );
    }
    expect(frames).toBeGreaterThan(0);
    expect(framer.counters.garbage + framer.counters.truncated).toBeGreaterThan(0);
  });
});

const BEAST = join(TESTDATA_DIR, 'bulk/beastblackbox-ulss7-part1.beast');

/** An order-sensitive hash of everything the framer reports. */
function hashFrames(chunks: Uint8Array[]): number {
  const framer = new BeastFramer();
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    h = Math.imul(h ^ (v & 0xffff), 16777619) ^ Math.imul(h ^ Math.floor(v / 65536), 16777619);
  };
  const on = (f: BeastFrame) => {
    mix(f.offset);
    mix(f.type);
    mix(f.ticks % 2 ** 31);
    mix(f.signal);
    for (let i = 0; i < f.len; i++) mix(f.data[i]!);
    mix(f.problem === null ? 0 : f.problem.length);
  };
  for (const c of chunks) framer.push(c, on);
  framer.end(on);
  return h >>> 0;
}

describe.runIf(existsSync(BEAST))('BeastFramer on the beastblackbox capture', () => {
  const data = existsSync(BEAST) ? new Uint8Array(readFileSync(BEAST)) : new Uint8Array();

  it('finds its 7975 frames, 651 of them with escapes, and nothing bad', () => {
    const framer = new BeastFramer();
    let escaped = 0;
    framer.push(data, (f) => {
      if (f.escapes > 0) escaped++;
    });
    framer.end(() => {});
    const c = framer.counters;
    expect([c.modeSShort, c.modeSLong, c.modeAc, c.garbage, c.truncated]).toEqual([
      2952, 2407, 2616, 0, 0,
    ]);
    expect(escaped).toBe(651);
  });

  it('decodes identically when cut at every offset of the first 600 bytes, around every escape, and every 97th byte', () => {
    const whole = hashFrames([data]);
    const cuts = new Set<number>();
    for (let k = 0; k <= 600; k++) cuts.add(k);
    // every doubled 0x1a (escape), cut before, inside and after the pair
    for (let i = 0; i + 1 < data.length; i++) {
      if (data[i] === 0x1a && data[i + 1] === 0x1a) {
        for (let d = -1; d <= 2; d++) cuts.add(i + d);
        i++;
      }
    }
    for (let k = 0; k <= data.length; k += 97) cuts.add(k);
    for (const k of cuts) {
      const h = hashFrames([data.subarray(0, k), data.subarray(k)]);
      if (h !== whole) expect.fail(`cut at byte ${k} changes the frames`);
    }
    expect(cuts.size).toBeGreaterThan(3000);
  });

  it('decodes identically in seeded random chunks of 1 to 64 bytes', () => {
    const rnd = createRandom(11);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < data.length; ) {
      const n = 1 + Math.floor(rnd() * 64);
      chunks.push(data.subarray(i, i + n));
      i += n;
    }
    expect(hashFrames(chunks)).toBe(hashFrames([data]));
  });
});
