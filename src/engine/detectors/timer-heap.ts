/**
 * A binary min-heap of timers: (dueMs, id) pairs, earliest due first, ties in
 * the order they were pushed, so two runs over the same input fire in the same
 * order (detection ids and replay diffs depend on it).
 *
 * Struct of arrays (due, sequence, id), grown by doubling: a push or pop moves
 * numbers, never allocates, and the garbage collector never sees a timer.
 *
 * There is no remove or decrease-key. Callers delete lazily: keep, per id, the
 * due time (or a generation number) of the timer that is still meant, and when
 * a popped entry does not match it, drop it and pop again:
 *
 *   while (heap.peekDue() <= nowMs) {
 *     const dueMs = heap.peekDue();
 *     const id = heap.pop();
 *     if (expectedDue[id] !== dueMs) continue; // stale: rescheduled or forgotten
 *     fire(id, dueMs);
 *   }
 *
 * Stale entries cost one slot each until they come due. A caller that
 * reschedules on every message should rather keep one live entry per id and,
 * when it pops, push again at the id's current due time if that moved later
 * (the silence detector does): the heap then holds at most one entry per id.
 */

const INITIAL_CAPACITY = 64;

export class TimerHeap {
  #due: Float64Array;
  /** Push order: the tie-break. A double counts exactly to 2^53, never wraps. */
  #seq: Float64Array;
  #id: Int32Array;
  #n = 0;
  #nextSeq = 0;

  constructor(initialCapacity = INITIAL_CAPACITY) {
    if (!(initialCapacity >= 1) || !Number.isInteger(initialCapacity)) {
      throw new Error(
        `TimerHeap: expected an integer initialCapacity >= 1, got ${initialCapacity}`,
      );
    }
    this.#due = new Float64Array(initialCapacity);
    this.#seq = new Float64Array(initialCapacity);
    this.#id = new Int32Array(initialCapacity);
  }

  get size(): number {
    return this.#n;
  }

  /** Bytes held by the arrays (capacity, not size). */
  get byteLength(): number {
    return this.#due.byteLength + this.#seq.byteLength + this.#id.byteLength;
  }

  /** The earliest due time, Infinity when empty. */
  peekDue(): number {
    return this.#n > 0 ? this.#due[0]! : Number.POSITIVE_INFINITY;
  }

  /** The id of the earliest timer, -1 when empty. */
  peekId(): number {
    return this.#n > 0 ? this.#id[0]! : -1;
  }

  push(dueMs: number, id: number): void {
    // NaN compares false with everything and would silently break the order.
    if (Number.isNaN(dueMs))
      throw new Error(`TimerHeap.push: expected a due time, got NaN (id ${id})`);
    if (this.#n === this.#due.length) this.#grow();
    const due = this.#due;
    const seq = this.#seq;
    const ids = this.#id;
    const s = this.#nextSeq++;
    // Sift up with a hole: move parents down, write the new entry once.
    let i = this.#n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pd = due[p]!;
      if (pd < dueMs || (pd === dueMs && seq[p]! < s)) break;
      due[i] = pd;
      seq[i] = seq[p]!;
      ids[i] = ids[p]!;
      i = p;
    }
    due[i] = dueMs;
    seq[i] = s;
    ids[i] = id;
  }

  /** Removes the earliest timer and returns its id (-1 when empty); read peekDue() first for its time. */
  pop(): number {
    const n = this.#n;
    if (n === 0) return -1;
    const due = this.#due;
    const seq = this.#seq;
    const ids = this.#id;
    const top = ids[0]!;
    const last = n - 1;
    this.#n = last;
    if (last > 0) {
      // Sift the last entry down from the root, again with a hole.
      const d = due[last]!;
      const s = seq[last]!;
      const id = ids[last]!;
      let i = 0;
      const half = last >> 1;
      while (i < half) {
        let c = 2 * i + 1;
        const r = c + 1;
        if (r < last && (due[r]! < due[c]! || (due[r] === due[c] && seq[r]! < seq[c]!))) c = r;
        const cd = due[c]!;
        if (d < cd || (d === cd && s < seq[c]!)) break;
        due[i] = cd;
        seq[i] = seq[c]!;
        ids[i] = ids[c]!;
        i = c;
      }
      due[i] = d;
      seq[i] = s;
      ids[i] = id;
    }
    if (last === 0) this.#nextSeq = 0;
    return top;
  }

  /** Empties the heap; capacity is kept. */
  clear(): void {
    this.#n = 0;
    this.#nextSeq = 0;
  }

  #grow(): void {
    const cap = this.#due.length * 2;
    const due = new Float64Array(cap);
    const seq = new Float64Array(cap);
    const ids = new Int32Array(cap);
    due.set(this.#due);
    seq.set(this.#seq);
    ids.set(this.#id);
    this.#due = due;
    this.#seq = seq;
    this.#id = ids;
  }
}
