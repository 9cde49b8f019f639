import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BOOK_EVEN,
  BOOK_IDENT,
  BOOK_ODD,
  encodeAvr,
  encodeBeast,
  encodeSbs,
  hexToBytes,
} from './adsb-frames.fixture.js';
import {
  addTagBlock,
  breakChecksum,
  encodePositionReport,
  encodeStaticVoyage,
  TEST_VESSEL,
} from './ais-sentences.fixture.js';
import { FileReplaySource } from './file-replay-source.js';
import { createCollectingContext } from './source-test-kit.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'truceline-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 2, 1, 6, 0, 0);
const at = (i: number) => T0 + i * 2000;

/** A receiver's log: a voyage report and positions two seconds apart, tag-blocked. */
function writeLog(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

function positionAt(i: number): string {
  const s = encodePositionReport({
    mmsi: TEST_VESSEL.mmsi,
    lon: 31 + i / 100,
    lat: 45,
    speedKn: 9,
  });
  return addTagBlock(s, { source: 'rx1', timeMs: at(i) });
}

const TAGGED = [
  ...encodeStaticVoyage(TEST_VESSEL).map((s) => addTagBlock(s, { timeMs: at(0) })),
  positionAt(0),
  positionAt(1),
  breakChecksum(positionAt(2)),
  positionAt(3),
];

describe('FileReplaySource', () => {
  it('replays as fast as possible, timing each report by its tag block, then finishes', async () => {
    const kit = createCollectingContext();
    const source = new FileReplaySource(
      { id: 'log', path: writeLog('fast.nmea', TAGGED) },
      kit.ctx,
    );
    const started = Date.now();
    source.start();
    await source.whenDone();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(kit.observations.map((o) => o.tMs)).toEqual([at(0), at(1), at(3)]);
    expect(kit.statics).toEqual([
      expect.objectContaining({ name: 'NORTHERN STAR', tMs: at(0), source: 'log' }),
    ]);
    expect(source.health()).toMatchObject({
      state: 'finished',
      messagesTotal: 4,
      rejectedTotal: 1,
      queued: 0,
      silent: false,
    });
  });

  it('replays at the recorded pace times the speed', async () => {
    const kit = createCollectingContext({ queue: { maxBatchItems: 1 } });
    // 6 s recorded at ×10: 0.6 s.
    const path = writeLog('paced.nmea', [
      positionAt(0),
      positionAt(1),
      positionAt(2),
      positionAt(3),
    ]);
    const source = new FileReplaySource({ id: 'log', path, speed: 10 }, kit.ctx);
    source.start();
    await source.whenDone();
    const spanMs = kit.ingestTimesMs.at(-1)! - kit.ingestTimesMs[0]!;
    expect(spanMs).toBeGreaterThanOrEqual(550);
    expect(spanMs).toBeLessThan(1500);
    expect(kit.observations.map((o) => o.tMs)).toEqual([at(0), at(1), at(2), at(3)]);
  });

  it('counts a paced message in its health when it is replayed, not when read', async () => {
    const kit = createCollectingContext({ queue: { maxBatchItems: 1 } });
    // 6 s recorded at ×10: 0.6 s, all of it read at once.
    const path = writeLog('paced-health.nmea', [0, 1, 2, 3].map(positionAt));
    const source = new FileReplaySource({ id: 'log', path, speed: 10 }, kit.ctx);
    const started = Date.now();
    source.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const midway = source.health();
    expect(midway.messagesTotal).toBeGreaterThanOrEqual(1);
    expect(midway.messagesTotal).toBeLessThan(4);
    await source.whenDone();
    const done = source.health();
    expect(done).toMatchObject({ state: 'finished', messagesTotal: 4 });
    // The last message's time is when it went out, 0.6 s in.
    expect(done.lastMessageMs! - started).toBeGreaterThanOrEqual(550);
  });

  it('re-anchors the pace when the recorded clock jumps forward beyond any timer', async () => {
    const kit = createCollectingContext({ queue: { maxBatchItems: 1 } });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    // A receiver's clock years behind on the first line, then right: at ×10
    // the wait would be years, past what a timer holds.
    const stale = addTagBlock(
      encodePositionReport({ mmsi: TEST_VESSEL.mmsi, lon: 31, lat: 45, speedKn: 9 }),
      { source: 'rx1', timeMs: Date.UTC(2001, 0, 1) },
    );
    const path = writeLog('jump.nmea', [stale, positionAt(0), positionAt(1), positionAt(2)]);
    const source = new FileReplaySource({ id: 'log', path, speed: 10 }, kit.ctx);
    source.start();
    await source.whenDone();
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
    expect(kit.observations).toHaveLength(4);
    // Paced again from the jump: 4 recorded seconds at ×10 after it.
    const spanMs = kit.ingestTimesMs.at(-1)! - kit.ingestTimesMs[1]!;
    expect(spanMs).toBeGreaterThanOrEqual(350);
    expect(spanMs).toBeLessThan(1500);
  });

  it('goes as fast as possible through lines without a tag block, even at a speed', async () => {
    const kit = createCollectingContext();
    const plain = [0, 1, 2].map((i) =>
      encodePositionReport({ mmsi: TEST_VESSEL.mmsi, lon: 31 + i / 100, lat: 45 }),
    );
    const source = new FileReplaySource(
      { id: 'log', path: writeLog('plain.nmea', plain), speed: 1 },
      kit.ctx,
    );
    const started = Date.now();
    source.start();
    await source.whenDone();
    expect(kit.observations).toHaveLength(3);
    // Receive time stands in for the missing tag block time.
    for (const o of kit.observations) expect(o.tMs).toBeGreaterThanOrEqual(started);
  });

  it('decodes a last line that has no newline', async () => {
    const kit = createCollectingContext();
    const path = join(dir, 'no-eol.nmea');
    writeFileSync(path, positionAt(0));
    const source = new FileReplaySource({ id: 'log', path }, kit.ctx);
    source.start();
    await source.whenDone();
    expect(kit.observations).toHaveLength(1);
  });

  it('waits for a slow store rather than dropping', async () => {
    const kit = createCollectingContext({ queue: { maxBatchItems: 2, maxInFlightBatches: 1 } });
    const lines = Array.from({ length: 50 }, (_, i) => positionAt(i));
    const source = new FileReplaySource({ id: 'log', path: writeLog('slow.nmea', lines) }, kit.ctx);
    kit.hold();
    source.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(source.health().state).toBe('running');
    kit.release();
    await source.whenDone();
    expect(kit.observations).toHaveLength(50);
    expect(source.health()).toMatchObject({ state: 'finished', dropped: 0 });
  });

  it('says error, with the reason, when the file cannot be read', async () => {
    const kit = createCollectingContext();
    const source = new FileReplaySource({ id: 'log', path: join(dir, 'missing.nmea') }, kit.ctx);
    source.start();
    await source.whenDone();
    expect(source.health()).toMatchObject({
      state: 'error',
      lastError: expect.stringMatching(/ENOENT/),
    });
  });

  it('stops early when told, and says stopped', async () => {
    const kit = createCollectingContext();
    const lines = Array.from({ length: 20 }, (_, i) => positionAt(i * 30)); // a minute apart
    const source = new FileReplaySource(
      { id: 'log', path: writeLog('long.nmea', lines), speed: 1 },
      kit.ctx,
    );
    source.start();
    await new Promise((r) => setTimeout(r, 100));
    await source.stop();
    expect(source.health().state).toBe('stopped');
    expect(kit.observations.length).toBeLessThan(20);
  });
});

describe('FileReplaySource with ADS-B recordings', () => {
  const BOOK = [BOOK_IDENT, BOOK_ODD, BOOK_EVEN].map(hexToBytes);
  const TICKS_PER_S = 12_000_000;

  async function replay(name: string, content: string | Uint8Array, speed = 0) {
    const path = join(dir, name);
    writeFileSync(path, content);
    const kit = createCollectingContext();
    const source = new FileReplaySource({ id: 'rec', path, format: 'adsb', speed }, kit.ctx);
    const startedMs = Date.now();
    source.start();
    await source.whenDone();
    return { source, kit, tookMs: Date.now() - startedMs };
  }

  it('tells Beast, AVR and SBS apart by the first bytes and decodes each', async () => {
    const beast = Buffer.concat(BOOK.map((b) => encodeBeast(b)));
    const avr = `${BOOK.map((b, i) => encodeAvr(b, (1 + i) * TICKS_PER_S)).join('\n')}\n`;
    const sbs = `${[
      encodeSbs(1, '40621D', { callsign: 'KLM1023' }),
      encodeSbs(3, '40621D', { altFt: 38000, lat: 52.2572, lon: 3.9194 }),
    ].join('\r\n')}\r\n`;
    for (const [name, content, format] of [
      ['book.beast', beast, 'beast'],
      ['book.avr', avr, 'avr'],
      ['book.sbs', sbs, 'sbs'],
    ] as const) {
      const { source, kit } = await replay(name, content);
      expect(source.health(), name).toMatchObject({
        kind: 'adsb-file',
        format,
        state: 'finished',
        rejectedTotal: 0,
      });
      expect(kit.observations, name).toHaveLength(1);
      expect(kit.observations[0]).toMatchObject({ trackId: 'icao:40621d', altFt: 38000 });
      expect(kit.observations[0]!.lat).toBeCloseTo(52.2572, 3);
    }
  });

  it('paces a Beast recording by the differences of its receiver counter', async () => {
    // Counter starts at an arbitrary value: only its differences are time.
    const start = 123_456 * TICKS_PER_S;
    const frames = BOOK.map((b, i) => encodeBeast(b, start + i * 0.6 * TICKS_PER_S));
    const { kit, tookMs } = await replay('paced.beast', Buffer.concat(frames), 4);
    // 1.2 recorded seconds at 4x: about 300 ms.
    expect(tookMs).toBeGreaterThanOrEqual(280);
    expect(kit.observations).toHaveLength(1);
  });

  it('says error when the first bytes are no ADS-B format it knows', async () => {
    const { source } = await replay('mystery.bin', 'hello\n');
    expect(source.health()).toMatchObject({ state: 'error' });
    expect(source.health().lastError).toMatch(/give the format/);
  });

  const BULK = join(import.meta.dirname, '../../../../shared/testdata/adsb/bulk');
  it.skipIf(!existsSync(BULK))(
    'replays the recorded Beast sample into aircraft with callsigns (shared test data)',
    async () => {
      const path = join(BULK, 'beastblackbox-ulss7-part1.beast');
      const kit = createCollectingContext({ receiver: { lat: 59.9, lon: 30.3 } });
      const source = new FileReplaySource({ id: 'ulss7', path, format: 'adsb' }, kit.ctx);
      source.start();
      await source.whenDone();
      const h = source.health();
      // 2952 short + 2407 long Mode S frames in the sample (its README); Mode A/C is not counted.
      expect(h.messagesTotal + (h.rejected.unknown_address ?? 0)).toBe(5359);
      expect(h.rejected.bad_crc ?? 0).toBe(0);
      const aircraft = new Set(kit.observations.map((o) => o.trackId));
      expect(aircraft.size).toBeGreaterThanOrEqual(5);
      expect(kit.statics.some((r) => r.callsign !== undefined)).toBe(true);
      for (const o of kit.observations) {
        expect(Math.abs(o.lat - 59.9)).toBeLessThan(4);
        expect(Math.abs(o.lon - 30.3)).toBeLessThan(8);
      }
    },
  );
});
