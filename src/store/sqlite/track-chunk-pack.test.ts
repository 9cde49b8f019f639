import { describe, expect, it } from 'vitest';
import { packTrackChunk, unpackTrackChunk } from './track-chunk-pack.js';

function roundTrip(rowids: number[], tMs: number[]) {
  const tMin = Math.min(...tMs);
  return unpackTrackChunk(rowids[0]!, tMin, packTrackChunk(rowids, tMs, 0, rowids.length, tMin));
}

describe('track chunk packing', () => {
  it('round-trips a single row as the offset of its time alone', () => {
    const blob = packTrackChunk([42], [1000], 0, 1, 1000);
    expect(blob.length).toBe(1);
    expect(unpackTrackChunk(42, 1000, blob)).toEqual({ rowids: [42], tMs: [1000] });
  });

  it('round-trips gaps and times of every varint width, past 2^32, in both time directions', () => {
    const rowids = [1, 2, 129, 130 + 16_384, 2 ** 31, 2 ** 32 + 7, 2 ** 40, 2 ** 50];
    const tMs = [1.75e12, 1.75e12 - 5, 1.75e12 + 200, 1.76e12, 1.7e12, 1.75e12, 0, 2 ** 45];
    expect(roundTrip(rowids, tMs)).toEqual({ rowids, tMs });
  });

  it('packs fractional times as whole milliseconds, floored', () => {
    const blob = packTrackChunk([1, 2, 3], [10.75, 10.25, 12.5], 0, 3, 10.25);
    expect(unpackTrackChunk(1, 10.25, blob)).toEqual({ rowids: [1, 2, 3], tMs: [10, 10, 12] });
  });

  it('packs only the slice asked for', () => {
    const rowids = [10, 20, 30, 40];
    const tMs = [1, 2, 3, 4];
    const blob = packTrackChunk(rowids, tMs, 1, 3, 2);
    expect(unpackTrackChunk(20, 2, blob)).toEqual({ rowids: [20, 30], tMs: [2, 3] });
  });

  it('takes about four bytes a row for interleaved tracks reporting every few seconds', () => {
    const rowids = Array.from({ length: 1000 }, (_, i) => 1_000_000 + i * 5000);
    const tMs = rowids.map((_, i) => 1.75e12 + i * 3000);
    expect(packTrackChunk(rowids, tMs, 0, 1000, tMs[0]!).length).toBeLessThanOrEqual(4 * 1000);
  });

  it('refuses rowids that are not strictly ascending', () => {
    expect(() => packTrackChunk([5, 5], [0, 0], 0, 2, 0)).toThrow(/strictly ascending/);
    expect(() => packTrackChunk([5, 4], [0, 0], 0, 2, 0)).toThrow(/got 5 then 4/);
  });

  it('reports a truncated blob instead of inventing a row', () => {
    expect(() => unpackTrackChunk(1, 0, Uint8Array.of(0x80))).toThrow(/truncated/);
    expect(() => unpackTrackChunk(1, 0, Uint8Array.of(0x00, 0x01))).toThrow(/rowid without a time/);
    expect(() => unpackTrackChunk(1, 0, Uint8Array.of())).toThrow(/empty/);
  });
});
