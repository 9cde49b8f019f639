import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addTagBlock,
  breakChecksum,
  encodePositionReport,
  encodeStaticVoyage,
  TEST_VESSEL,
} from './ais-sentences.fixture.js';
import type { SourceContext } from './source-runtime.js';
import { createCollectingContext } from './source-test-kit.fixture.js';
import { UdpSource } from './udp-source.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const POSITION = encodePositionReport({ mmsi: TEST_VESSEL.mmsi, lon: 31.5, lat: 45.25 });

async function startUdp(kit = createCollectingContext()) {
  const source = new UdpSource({ id: 'udp-in', host: '127.0.0.1', port: 0 }, kit.ctx);
  source.start();
  cleanups.push(() => source.stop());
  await source.whenListening();
  const sender: Socket = createSocket('udp4');
  cleanups.push(() => new Promise<void>((r) => sender.close(() => r())));
  const send = (text: string) =>
    new Promise<void>((resolve, reject) =>
      sender.send(text, source.boundPort!, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
    );
  return { source, kit, send };
}

describe('UdpSource', () => {
  it('decodes every line of a datagram and counts the bad one by reason', async () => {
    const { source, kit, send } = await startUdp();
    const lines = [POSITION, ...encodeStaticVoyage(TEST_VESSEL), breakChecksum(POSITION)];
    await send(`${lines.join('\r\n')}\r\n`);
    await vi.waitFor(() => expect(kit.statics).toHaveLength(1));
    expect(kit.observations).toHaveLength(1);
    expect(kit.statics[0]).toMatchObject({ name: 'NORTHERN STAR', callsign: 'D5AB7' });
    const h = source.health();
    expect(h).toMatchObject({ state: 'listening', messagesTotal: 2, rejectedTotal: 1 });
    expect(Object.values(h.rejected)).toEqual([1]);
  });

  it('takes a last line without a newline: a datagram is whole', async () => {
    const { kit, send } = await startUdp();
    await send(POSITION);
    await vi.waitFor(() => expect(kit.observations).toHaveLength(1));
  });

  it('counts an over-long line as line_too_long', async () => {
    const { source, send } = await startUdp();
    await send(`${'!'.repeat(2000)}\n${POSITION}\n`);
    await vi.waitFor(() => expect(source.health().messagesTotal).toBe(1));
    expect(source.health().rejected).toEqual({ line_too_long: 1 });
  });

  it('times an observation by its tag block when it has one', async () => {
    const tMs = Date.UTC(2026, 0, 15, 8, 30, 0);
    const { kit, send } = await startUdp();
    await send(`${addTagBlock(POSITION, { source: 'rx1', timeMs: tMs })}\n`);
    await vi.waitFor(() => expect(kit.observations).toHaveLength(1));
    expect(kit.observations[0]!.tMs).toBe(tMs);
  });

  it('drops and counts what arrives while the store is behind, warning once', async () => {
    const kit = createCollectingContext({
      queue: { maxBatchItems: 5, maxInFlightBatches: 1, flushMs: 5 },
    });
    kit.hold();
    const { source, send } = await startUdp(kit);
    const N = 200;
    for (let i = 0; i < N; i++) await send(`${POSITION}\n`);
    await vi.waitFor(() => expect(source.health().messagesTotal).toBe(N));
    const h = source.health();
    expect(h.dropped).toBeGreaterThan(0);
    expect(h.queued).toBeLessThanOrEqual(10);
    expect(h.queued + h.dropped).toBe(N);
    expect(kit.warnings.filter((w) => /dropping/.test(w))).toHaveLength(1);
    kit.release();
    await vi.waitFor(() => expect(kit.observations).toHaveLength(N - h.dropped));
  });

  it('is silent once it had traffic and then none for the threshold (injected clock)', async () => {
    let nowMs = Date.UTC(2026, 0, 15, 8, 0, 0);
    const ctx: Partial<SourceContext> = { now: () => nowMs, silentAfterMs: 60_000 };
    const { source, send } = await startUdp(createCollectingContext(ctx));
    expect(source.health().silent).toBe(false);
    await send(`${POSITION}\n`);
    await vi.waitFor(() => expect(source.health().messagesTotal).toBe(1));
    expect(source.health().lastMessageMs).toBe(nowMs);
    nowMs += 59_000;
    expect(source.health().silent).toBe(false);
    nowMs += 1000;
    expect(source.health().silent).toBe(true);
  });
});
