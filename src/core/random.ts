/**
 * Seeded pseudo-random numbers for simulations and benchmarks. Pure: the same
 * seed gives the same sequence on every platform, so a seeded run can be
 * replayed and compared byte for byte.
 */

/** Draws a number in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: 32 bits of state, fast, and good enough for traffic jitter and
 * benchmark inputs (not for anything an adversary may try to predict).
 */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent seed from a seed and a salt (murmur3's finaliser), so
 * each simulated track can own its stream: adding a track, or stepping in
 * other increments, does not change what the others draw.
 */
export function mixSeed(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [min, max). */
export function drawUniform(rand: Random, min: number, max: number): number {
  return min + (max - min) * rand();
}

/** An integer in [min, max], both included. */
export function drawInteger(rand: Random, min: number, max: number): number {
  return min + Math.floor((max - min + 1) * rand());
}

/** One item of a non-empty list. */
export function pickItem<T>(rand: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pickItem: expected a non-empty list, got an empty one');
  return items[Math.floor(items.length * rand())] as T;
}
