import { describe, expect, it } from 'vitest';
import { LineFramer } from '../line-framer.js';
import { HAS_CORPUS, listInputFiles, NO_CORPUS_NOTE, readInput } from './corpus.fixture.js';
import { AisDecoder, type AisMessage, formatAisJson, isAisRejected } from './index.js';

const HEADER = ['type', 'repeat', 'mmsi'];
/** The schema's fields where the decoded message carries more (README, field table). */
const SCHEMA_FIELDS: Record<number, string[]> = {
  6: [...HEADER, 'seqno', 'dest_mmsi', 'retransmit', 'dac', 'fid'],
  8: [...HEADER, 'dac', 'fid'],
  17: [...HEADER, 'lon', 'lat'],
  24: [...HEADER, 'partno', 'shipname', 'ship_type', 'vendor_id', 'callsign'],
};
for (const t of [10, 12, 14, 15, 16, 20, 22, 23, 25, 26]) SCHEMA_FIELDS[t] = HEADER;
SCHEMA_FIELDS[24]!.push('to_bow', 'to_stern', 'to_port', 'to_starboard');

/** The reference: the schema's fields printed by JSON.stringify. */
function formatReference(m: AisMessage): string {
  const keys = SCHEMA_FIELDS[m.type];
  return keys === undefined ? JSON.stringify(m) : JSON.stringify(m, keys);
}

function decodeAll(bytes: Uint8Array): AisMessage[] {
  const out: AisMessage[] = [];
  const d = new AisDecoder();
  const f = new LineFramer({}, (line) =>
    d.pushLine(line, 0, (r) => {
      if (!isAisRejected(r)) out.push(r.message);
    }),
  );
  f.push(bytes);
  f.end();
  return out;
}

describe('formatAisJson', () => {
  it('prints decimals that parse back to the same values', () => {
    const m = {
      type: 1,
      repeat: 0,
      mmsi: 272123456,
      nav_status: 0,
      rot_raw: -128,
      sog: 0.1,
      accuracy: true,
      lon: -0.000001,
      lat: 46.4,
      cog: 359.9,
      heading: 511,
      second: 60,
      maneuver: 0,
      raim: false,
    } as AisMessage;
    expect(JSON.parse(formatAisJson(m))).toEqual(m);
    expect(formatAisJson(m)).toContain('"lon":-0.000001,"lat":46.4,"cog":359.9');
  });

  describe.skipIf(!HAS_CORPUS)('on every message of the shared corpora', () => {
    it('gives the same JSON value as JSON.stringify of the message', () => {
      let n = 0;
      for (const file of listInputFiles()) {
        for (const m of decodeAll(readInput(file))) {
          expect(JSON.parse(formatAisJson(m))).toEqual(JSON.parse(formatReference(m)));
          n++;
        }
      }
      expect(n).toBeGreaterThan(3000);
    });
  });
  it.skipIf(HAS_CORPUS)(NO_CORPUS_NOTE, () => {});
});
