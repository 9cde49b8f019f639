/**
 * Framing apart from decoding, as pg-protocol tests it: every corpus input
 * file, fed to LineFramer + AisDecoder in two chunks split at every byte
 * offset (a sample of offsets for big files) or in many random chunks,
 * gives exactly what feeding it whole gives.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { LineFramer } from '../line-framer.js';
import { HAS_CORPUS, listInputFiles, NO_CORPUS_NOTE, readInput } from './corpus.fixture.js';
import { AisDecoder, type AisResult, formatAisJsonFull, isAisRejected } from './index.js';

/** Files up to this size are split at every offset; bigger ones at a sample. */
const EVERY_OFFSET_BYTES = 12_000;
const SAMPLED_OFFSETS = 300;

function show(r: AisResult): string {
  return isAisRejected(r)
    ? `E ${r.error} ${r.lines.join('|')}`
    : `M ${formatAisJsonFull(r.message)} ${r.lines.join('|')}`;
}

/** Everything the pipeline says about `chunks`, one string per result or over-long line. */
function run(chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  const d = new AisDecoder();
  const framer = new LineFramer(
    { maxLineLength: 200, onTooLong: (t) => out.push(`T ${t.length} ${t.head}`) },
    (line) => d.pushLine(line, 0, (r) => out.push(show(r))),
  );
  for (const c of chunks) framer.push(c);
  framer.end();
  d.expire(Number.POSITIVE_INFINITY, (r) => out.push(show(r)));
  return out;
}

describe.skipIf(!HAS_CORPUS)(HAS_CORPUS ? 'framing the corpus input files' : NO_CORPUS_NOTE, () => {
  for (const file of HAS_CORPUS ? listInputFiles() : []) {
    it(`gives the same results for ${file} however its bytes are chunked`, () => {
      const bytes = readInput(file);
      const whole = run([bytes]);
      expect(whole.length).toBeGreaterThan(0);
      const rnd = createRandom(bytes.length);
      const offsets =
        bytes.length <= EVERY_OFFSET_BYTES
          ? Array.from({ length: bytes.length + 1 }, (_, k) => k)
          : Array.from({ length: SAMPLED_OFFSETS }, () => Math.floor(rnd() * (bytes.length + 1)));
      for (const k of offsets) {
        const split = run([bytes.subarray(0, k), bytes.subarray(k)]);
        if (split.length !== whole.length || split.some((x, i) => x !== whole[i])) {
          expect(split, `split at byte ${k}`).toEqual(whole);
        }
      }
      // Many small random chunks, as a slow TCP stream delivers them.
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; ) {
        const n = 1 + Math.floor(rnd() * 97);
        chunks.push(bytes.subarray(at, at + n));
        at += n;
      }
      expect(run(chunks)).toEqual(whole);
    });
  }
});
