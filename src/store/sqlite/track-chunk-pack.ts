/**
 * Packing of one track chunk for `obs_track_chunks.rowids`: the chunk's
 * rowids and, beside each, its observation time.
 *
 * The chunk row keeps the first rowid and the earliest time in their own
 * columns (both are in the primary key); the blob holds, as LEB128 varints,
 * the first row's time offset from t_min, then per further row the rowid gap
 * and the zigzag time delta from the previous row. Rowids of one track are
 * ascending and its times nearly so, and with ~5000 interleaved tracks a gap is
 * a few thousand and a delta a few seconds: 4-5 bytes a row, against ~25 for a
 * (track, t_ms) B-tree entry.
 *
 * The times let a query drop the rows outside its window before looking any
 * up, so a narrow window costs its own rows, not the whole chunk's. They are
 * packed as whole milliseconds (floored, so a fractional tMs stays possible):
 * a reader uses them to narrow, then re-checks each row's exact time.
 *
 * Arithmetic rather than bit operators, because JS bit operators are 32-bit
 * and rowids and millisecond times pass 2^32.
 */

const B7 = 0x80;

/** One chunk unpacked: parallel arrays, ascending rowid. */
export interface UnpackedChunk {
  rowids: number[];
  tMs: number[];
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Whole-ms time of row i minus that of the row before (or of t_min for the first). */
function floorDelta(tMs: readonly number[], i: number, from: number, tMinMs: number): number {
  return Math.floor(tMs[i]!) - Math.floor(i > from ? tMs[i - 1]! : tMinMs);
}

function measureVarint(n: number): number {
  let bytes = 1;
  while (n >= B7) {
    n = Math.floor(n / B7);
    bytes++;
  }
  return bytes;
}

function writeVarint(buf: Buffer, pos: number, n: number): number {
  while (n >= B7) {
    buf[pos++] = (n % B7) | B7;
    n = Math.floor(n / B7);
  }
  buf[pos++] = n;
  return pos;
}

/**
 * Pack rows [from, to) of parallel arrays. Rowids must be strictly ascending;
 * `tMinMs` must be at most every time (it is the chunk's t_min).
 */
export function packTrackChunk(
  rowids: readonly number[],
  tMs: readonly number[],
  from: number,
  to: number,
  tMinMs: number,
): Buffer {
  let size = 0;
  for (let i = from; i < to; i++) {
    if (i > from) {
      const gap = rowids[i]! - rowids[i - 1]!;
      if (!(gap > 0)) {
        throw new RangeError(
          `rowids must be strictly ascending: got ${rowids[i - 1]} then ${rowids[i]} at ${i}`,
        );
      }
      size += measureVarint(gap);
    }
    size += measureVarint(zigzag(floorDelta(tMs, i, from, tMinMs)));
  }
  const buf = Buffer.allocUnsafe(size);
  let pos = 0;
  for (let i = from; i < to; i++) {
    if (i > from) pos = writeVarint(buf, pos, rowids[i]! - rowids[i - 1]!);
    pos = writeVarint(buf, pos, zigzag(floorDelta(tMs, i, from, tMinMs)));
  }
  return buf;
}

/** The rows of a chunk from its first rowid, t_min and blob; times floored to whole ms. */
export function unpackTrackChunk(
  firstRowid: number,
  tMinMs: number,
  blob: Uint8Array,
): UnpackedChunk {
  const rowids: number[] = [];
  const tMs: number[] = [];
  const end = blob.length;
  let pos = 0;
  let rowid = firstRowid;
  let t = Math.floor(tMinMs);
  const read = (): number => {
    let b = blob[pos++]!;
    let n = b & 0x7f;
    let scale = B7;
    while (b & B7) {
      if (pos >= end) throw new RangeError(`truncated track chunk varint at byte ${pos}`);
      b = blob[pos++]!;
      n += (b & 0x7f) * scale;
      scale *= B7;
    }
    return n;
  };
  if (end === 0) throw new RangeError('empty track chunk: expected at least the first time');
  t += unzigzag(read());
  rowids.push(rowid);
  tMs.push(t);
  while (pos < end) {
    rowid += read();
    if (pos >= end) throw new RangeError(`truncated track chunk: rowid without a time at ${pos}`);
    t += unzigzag(read());
    rowids.push(rowid);
    tMs.push(t);
  }
  return { rowids, tMs };
}
