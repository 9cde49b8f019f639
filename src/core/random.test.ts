import { describe, expect, it } from 'vitest';
import { createRandom, drawInteger, drawUniform, mixSeed, pickItem } from './random.js';

describe('createRandom', () => {
  it('gives the same sequence for the same seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const seqA = Array.from({ length: 100 }, a);
    const seqB = Array.from({ length: 100 }, b);
    expect(seqA).toEqual(seqB);
  });

  it('gives different sequences for different seeds', () => {
    const a = Array.from({ length: 10 }, createRandom(1));
    const b = Array.from({ length: 10 }, createRandom(2));
    expect(a).not.toEqual(b);
  });

  it('draws numbers in [0, 1) spread over the whole range', () => {
    const rand = createRandom(7);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const x = rand();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      buckets[Math.floor(x * 10)]!++;
    }
    for (const n of buckets) expect(n).toBeGreaterThan(800);
  });
});

describe('helpers', () => {
  it('mixSeed gives distinct seeds for distinct salts', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => mixSeed(1, i)));
    expect(seeds.size).toBe(1000);
  });

  it('drawInteger stays within both bounds and reaches them', () => {
    const rand = createRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(drawInteger(rand, 2, 5));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
  });

  it('drawUniform stays within [min, max)', () => {
    const rand = createRandom(4);
    for (let i = 0; i < 1000; i++) {
      const x = drawUniform(rand, 8, 20);
      expect(x >= 8 && x < 20).toBe(true);
    }
  });

  it('pickItem refuses an empty list', () => {
    expect(() => pickItem(createRandom(1), [])).toThrow(/non-empty/);
  });
});
