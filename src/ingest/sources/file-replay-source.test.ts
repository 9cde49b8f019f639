import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
