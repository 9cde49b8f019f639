import { describe, expect, it } from 'vitest';
import { createRandom, drawInteger } from '../../core/random.js';
import { TimerHeap } from './timer-heap.js';

interface Entry {
  due: number;
  id: number;
  seq: number;
}

/** The reference: a list kept sorted by (due, push order). */
function popReference(ref: Entry[]): Entry | undefined {
  let best = -1;
  for (let i = 0; i < ref.length; i++) {
    const e = ref[i]!;
    const b = ref[best];
    if (b === undefined || e.due < b.due || (e.due === b.due && e.seq < b.seq)) best = i;
  }
  return best < 0 ? undefined : ref.splice(best, 1)[0];
}

describe('TimerHeap', () => {
  it('is empty at first: peekDue is Infinity, pop returns -1', () => {
    const h = new TimerHeap();
    expect(h.size).toBe(0);
    expect(h.peekDue()).toBe(Number.POSITIVE_INFINITY);
    expect(h.peekId()).toBe(-1);
    expect(h.pop()).toBe(-1);
  });

  it('pops in due order', () => {
    const h = new TimerHeap();
    h.push(30, 3);
    h.push(10, 1);
    h.push(20, 2);
    const out: number[] = [];
    while (h.size > 0) {
      out.push(h.peekDue());
      h.pop();
    }
    expect(out).toEqual([10, 20, 30]);
  });

  it('breaks ties by push order', () => {
    const h = new TimerHeap(1);
    for (const id of [5, 3, 9, 1, 7, 2, 8]) h.push(100, id);
    h.push(50, 42);
    const out: number[] = [];
    while (h.size > 0) out.push(h.pop());
    expect(out).toEqual([42, 5, 3, 9, 1, 7, 2, 8]);
  });

  it('matches a sorted reference over a seeded sequence of pushes and pops, with growth', () => {
    for (const seed of [1, 2, 3, 99]) {
      const rand = createRandom(seed);
      const h = new TimerHeap(2);
      const ref: Entry[] = [];
      let seq = 0;
      for (let step = 0; step < 5000; step++) {
        if (rand() < 0.6 || ref.length === 0) {
          // Few distinct due times, so ties are common.
          const due = drawInteger(rand, 0, 50) * 1000;
          const id = drawInteger(rand, 0, 1_000_000);
          h.push(due, id);
          ref.push({ due, id, seq: seq++ });
        } else {
          const want = popReference(ref)!;
          expect(h.peekDue()).toBe(want.due);
          expect(h.peekId()).toBe(want.id);
          expect(h.pop()).toBe(want.id);
        }
        expect(h.size).toBe(ref.length);
        if (ref.length === 0) seq = 0;
      }
      while (ref.length > 0) {
        const want = popReference(ref)!;
        expect(h.peekDue()).toBe(want.due);
        expect(h.pop()).toBe(want.id);
      }
      expect(h.size).toBe(0);
    }
  });

  it('supports lazy deletion by an expected due time per id', () => {
    const h = new TimerHeap();
    const expected = new Float64Array(3).fill(Number.NaN);
    const schedule = (id: number, due: number) => {
      expected[id] = due;
      h.push(due, id);
    };
    schedule(0, 100);
    schedule(1, 200);
    schedule(0, 300); // rescheduled: the entry at 100 is now stale
    schedule(2, 150);
    expected[2] = Number.NaN; // forgotten
    const fired: Array<[number, number]> = [];
    while (h.peekDue() <= 1000) {
      const due = h.peekDue();
      const id = h.pop();
      if (expected[id] !== due) continue;
      fired.push([id, due]);
    }
    expect(fired).toEqual([
      [1, 200],
      [0, 300],
    ]);
  });

  it('clear empties but keeps capacity', () => {
    const h = new TimerHeap(4);
    for (let i = 0; i < 10; i++) h.push(i, i);
    const bytes = h.byteLength;
    expect(bytes).toBe(16 * (8 + 8 + 4));
    h.clear();
    expect(h.size).toBe(0);
    expect(h.peekDue()).toBe(Number.POSITIVE_INFINITY);
    expect(h.byteLength).toBe(bytes);
    h.push(5, 7);
    expect(h.pop()).toBe(7);
  });

  it('throws on a NaN due time and on a bad capacity', () => {
    expect(() => new TimerHeap().push(Number.NaN, 1)).toThrow(/NaN/);
    expect(() => new TimerHeap(0)).toThrow(/initialCapacity/);
  });
});
