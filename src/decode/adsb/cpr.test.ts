import { describe, expect, it } from 'vitest';
import {
  CPR_BAD,
  CPR_OK,
  CPR_ZONE_MISMATCH,
  computeNl,
  decodeCprAirborne,
  decodeCprRelative,
} from './cpr.js';

describe('CPR', () => {
  it('counts longitude zones as DO-260B tabulates them', () => {
    // transition latitudes from the DO-260B table: NL 59 below 10.4704713°, 2 up to 87°, then 1
    expect(computeNl(0)).toBe(59);
    expect(computeNl(10.47)).toBe(59);
    expect(computeNl(10.48)).toBe(58);
    expect(computeNl(-52.2572)).toBe(36);
    expect(computeNl(53.0951)).toBe(36);
    expect(computeNl(53.0952)).toBe(35);
    expect(computeNl(86.9)).toBe(2);
    expect(computeNl(87)).toBe(2);
    expect(computeNl(87.1)).toBe(1);
  });

  it('resolves the textbook pair, the newer frame deciding', () => {
    const out = { lat: 0, lon: 0 };
    expect(decodeCprAirborne(93000, 51372, 74158, 50194, false, out)).toBe(CPR_OK);
    expect(out.lat).toBeCloseTo(52.2572, 4);
    expect(out.lon).toBeCloseTo(3.91937, 5);
  });

  it('refuses a pair whose frames fall in different zone counts', () => {
    // an even frame just below and an odd frame just above the NL 36/35 boundary (53.09516°)
    const out = { lat: 0, lon: 0 };
    const enc = (lat: number, odd: boolean) => {
      const dlat = 360 / (odd ? 59 : 60);
      return Math.floor((131072 * (((lat % dlat) + dlat) % dlat)) / dlat + 0.5) % 131072;
    };
    const rc = decodeCprAirborne(enc(53.094, false), 0, enc(53.096, true), 0, true, out);
    expect(rc).toBe(CPR_ZONE_MISMATCH);
  });

  it('resolves a lone frame in the cell nearest its reference, and refuses latitudes past the pole', () => {
    const out = { lat: 0, lon: 0 };
    expect(decodeCprRelative(52, 0, 80536, 9432, false, false, out)).toBe(CPR_OK);
    expect([out.lat, out.lon].map((v) => v.toFixed(6))).toEqual(['51.686646', '0.700156']);
    // the same frame seen from 179.9° E lands in that longitude cell instead
    expect(decodeCprRelative(52, 179.9, 80536, 9432, false, false, out)).toBe(CPR_OK);
    expect(out.lon).toBeCloseTo(175.835, 3);
    // from 89.9°, a fraction of 0.01 is nearest in the cell above 90°: no such place
    expect(decodeCprRelative(89.9, 0, 1311, 0, false, false, out)).toBe(CPR_BAD);
  });
});
