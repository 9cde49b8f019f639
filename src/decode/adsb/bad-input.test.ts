/**
 * Bad input is normal traffic: seeded random bytes, random lines and mutated
 * real frames go through every entry point without a throw, and every
 * outcome is a message or a counted reason.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { AircraftTable } from './aircraft-table.js';
import { AvrFrame, parseAvrLine } from './avr-line.js';
import { BeastFramer } from './beast-framer.js';
import { decodeModeSHex, ModeSDecoder } from './decode-mode-s.js';
import { ModeSMessage } from './mode-s-message.js';
import { parseSbsLine } from './sbs-line.js';

// Real frames (textbook and capture) to mutate: identification, position, velocity, DF4/5/11/20
const FRAMES = [
  '8d4840d6202cc371c32ce0576098',
  '8d40621d58c382d690c8ac2863a7',
  '8d485020994409940838175b284f',
  '8da05f219b06b6af189400cbc33f',
  '8f400159e1181500000000d94095',
  '20001718029fcd',
  '2a00516d492b80',
  '5d484fdea248f5',
  'a0001690200414b5d32820a11db7',
].map((h) => Uint8Array.from(Buffer.from(h, 'hex')));

describe('ADS-B decoding of hostile input', () => {
  it('never throws on seeded random bytes through the Beast framer, decoder and table', () => {
    const rnd = createRandom(2026);
    const framer = new BeastFramer();
    const decoder = new ModeSDecoder({ fixSingleBitErrors: true });
    const table = new AircraftTable({ receiver: { lon: 33, lat: 45 } });
    const m = new ModeSMessage();
    let t = 0;
    for (let i = 0; i < 3000; i++) {
      const chunk = new Uint8Array(1 + Math.floor(rnd() * 200)).map(() => {
        const r = rnd();
        return r < 0.15 ? 0x1a : r < 0.3 ? 0x31 + Math.floor(rnd() * 4) : Math.floor(rnd() * 256);
      });
      framer.push(chunk, (f) => {
        if (f.problem !== null || f.len < 7) return;
        t += 50;
        if (decoder.decode(f.data, 0, f.len, m) === null) table.update(m, t);
      });
    }
    framer.end(() => {});
    const c = decoder.counters;
    const rejected = Object.values(c.rejected).reduce((a, b) => a + b, 0);
    expect(c.decoded + rejected).toBeGreaterThan(0);
    table.expire(t + 1e9);
    expect(table.size).toBe(0);
  });

  it('never throws on real frames with 1 to 8 random bit flips, and accepts few of the DF17 ones', () => {
    const rnd = createRandom(5);
    const decoder = new ModeSDecoder();
    const table = new AircraftTable();
    const m = new ModeSMessage();
    let accepted = 0;
    let tried = 0;
    for (let i = 0; i < 20_000; i++) {
      const src = FRAMES[i % FRAMES.length]!;
      const b = src.slice();
      const flips = 1 + Math.floor(rnd() * 8);
      for (let k = 0; k < flips; k++) {
        const bit = Math.floor(rnd() * b.length * 8);
        b[bit >>> 3]! ^= 0x80 >>> (bit & 7);
      }
      // also cut or pad now and then
      const len = rnd() < 0.05 ? Math.floor(rnd() * 16) : b.length;
      const buf = new Uint8Array(16);
      buf.set(b.subarray(0, Math.min(len, b.length)));
      if (decoder.decode(buf, 0, len, m) === null) {
        table.update(m, i * 10);
        if (m.df === 17 && src[0] === 0x8d) accepted++;
      }
      if (src[0] === 0x8d) tried++;
    }
    // a flipped DF17 passes its CRC only if the flips land on the DF field's don't-care
    // combinations or cancel out: the CRC catches (almost) all of them
    expect(accepted / tried).toBeLessThan(0.01);
  });

  it('never throws on random text through the AVR, SBS and hex entry points', () => {
    const rnd = createRandom(9);
    const alphabet = '*@%<:;0123456789ABCDEFabcdefXYZ,MSG-. ~\r\t';
    const avr = new AvrFrame();
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      const n = Math.floor(rnd() * 50);
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      parseAvrLine(s, avr);
      parseSbsLine(s);
      parseSbsLine(`MSG,${s}`);
      decodeModeSHex(s);
    }
    expect(parseSbsLine(',,,,,,,,,,,,,,,,,,,,,,,,,').ok).toBe(false);
  });
});
