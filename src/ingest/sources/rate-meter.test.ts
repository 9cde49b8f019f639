import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter.js';

const T0 = 1_767_225_600_000;

describe('RateMeter', () => {
  it('averages events over the last ten seconds', () => {
    const m = new RateMeter(10_000, 1000);
    for (let s = 0; s < 10; s++) m.add(5, T0 + s * 1000 + 300);
    expect(m.perSecond(T0 + 9500)).toBe(5);
  });

  it('forgets buckets that left the window', () => {
    const m = new RateMeter(10_000, 1000);
    m.add(100, T0);
    expect(m.perSecond(T0 + 9999)).toBe(10);
    expect(m.perSecond(T0 + 10_000)).toBe(0);
    m.add(20, T0 + 25_000); // reuses the slot of T0 + 5 s, T0 + 15 s
    expect(m.perSecond(T0 + 25_500)).toBe(2);
  });

  it('refuses a window shorter than a bucket', () => {
    expect(() => new RateMeter(500, 1000)).toThrow(/windowMs >= bucketMs/);
  });
});
