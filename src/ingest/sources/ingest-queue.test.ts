import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Observation } from '../../core/types.js';
import { IngestQueue, type SourceBatch, type SourceItem } from './ingest-queue.js';

const T0 = 1_767_225_600_000;

function position(i: number): SourceItem {
  const observation: Observation = {
    trackId: `mmsi:${200_000_000 + i}`,
    kind: 'vessel',
    tMs: T0 + i,
    lon: 31,
    lat: 45,
    source: 'test',
  };
  return { type: 'position', observation };
}

/** An ingest whose batches stay "being stored" until released. */
function createSlowIngest() {
  const batches: SourceBatch[] = [];
  const releases: Array<() => void> = [];
  return {
    batches,
    ingest: (b: SourceBatch) => {
      batches.push(b);
      return new Promise<void>((resolve) => releases.push(resolve));
    },
    releaseOne: () => releases.shift()?.(),
    releaseAll: () => {
      for (const r of releases.splice(0)) r();
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('IngestQueue', () => {
  it('sends a batch as soon as it holds maxBatchItems', () => {
    const slow = createSlowIngest();
    const q = new IngestQueue({ ingest: slow.ingest, maxBatchItems: 3, flushMs: 10_000 });
    for (let i = 0; i < 7; i++) q.push(position(i));
    expect(slow.batches.map((b) => b.observations.length)).toEqual([3, 3]);
    expect(q.queued).toBe(7);
  });

  it('sends a partial batch flushMs after its first item', () => {
    vi.useFakeTimers();
    const slow = createSlowIngest();
    const q = new IngestQueue({ ingest: slow.ingest, maxBatchItems: 100, flushMs: 200 });
    q.push(position(1));
    vi.advanceTimersByTime(150);
    q.push(position(2));
    expect(slow.batches).toHaveLength(0);
    vi.advanceTimersByTime(50);
    expect(slow.batches).toHaveLength(1);
    expect(slow.batches[0]!.observations).toHaveLength(2);
  });

  it('keeps static reports apart from observations in the batch', () => {
    const slow = createSlowIngest();
    const q = new IngestQueue({ ingest: slow.ingest, maxBatchItems: 2 });
    q.push(position(1));
    q.push({
      type: 'static',
      report: { trackId: 'mmsi:200000001', kind: 'vessel', tMs: T0, source: 'test', name: 'A' },
    });
    expect(slow.batches[0]!.observations).toHaveLength(1);
    expect(slow.batches[0]!.statics).toEqual([expect.objectContaining({ name: 'A' })]);
  });

  it('is full with every slot busy and a full batch waiting, and refuses tryPush then', async () => {
    const slow = createSlowIngest();
    const q = new IngestQueue({
      ingest: slow.ingest,
      maxBatchItems: 2,
      maxInFlightBatches: 2,
      flushMs: 10_000,
    });
    let accepted = 0;
    for (let i = 0; i < 20; i++) if (q.tryPush(position(i))) accepted++;
    // Two batches being stored and one full batch waiting: 6 items at most.
    expect(accepted).toBe(6);
    expect(q.isFull).toBe(true);
    expect(q.queued).toBe(6);
    expect(slow.batches).toHaveLength(2);

    let space = false;
    q.onSpace(() => {
      space = true;
    });
    slow.releaseOne();
    await vi.waitFor(() => expect(space).toBe(true));
    // The waiting batch went out in the freed slot.
    expect(slow.batches).toHaveLength(3);
    expect(q.isFull).toBe(false);
  });

  it('drains: sends what waits and resolves once everything is stored', async () => {
    const stored: number[] = [];
    const q = new IngestQueue({
      ingest: async (b) => {
        await new Promise((r) => setTimeout(r, 5));
        stored.push(b.observations.length);
      },
      maxBatchItems: 4,
      maxInFlightBatches: 1,
      flushMs: 60_000,
    });
    for (let i = 0; i < 10; i++) q.push(position(i));
    await q.drain();
    expect(stored.reduce((a, b) => a + b, 0)).toBe(10);
    expect(q.queued).toBe(0);
  });

  it('reports a failed batch with the number of items lost, and carries on', async () => {
    const lost: number[] = [];
    let calls = 0;
    const q = new IngestQueue({
      ingest: async () => {
        calls++;
        if (calls === 1) throw new Error('disk full');
      },
      maxBatchItems: 2,
      onError: (_err, n) => lost.push(n),
    });
    for (let i = 0; i < 4; i++) q.push(position(i));
    await q.drain();
    expect(lost).toEqual([2]);
    expect(calls).toBe(2);
  });

  it('refuses nonsense options at construction', () => {
    expect(() => new IngestQueue({ ingest: async () => {}, maxBatchItems: 0 })).toThrow(
      /maxBatchItems a positive integer, got 0/,
    );
  });
});
