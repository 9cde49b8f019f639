import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodePositionReport, encodeStaticVoyage, TEST_VESSEL } from './ais-sentences.fixture.js';
import { createCollectingContext } from './source-test-kit.fixture.js';
import { TcpServerSource } from './tcp-server-source.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startListener(kit = createCollectingContext(), maxConnections?: number) {
  const source = new TcpServerSource(
    { id: 'push-in', host: '127.0.0.1', port: 0, maxConnections },
    kit.ctx,
  );
  source.start();
  cleanups.push(() => source.stop());
  await source.whenListening();
  return { source, kit, port: source.boundPort! };
}

async function connectSender(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  await once(socket, 'connect');
  cleanups.push(() => {
    socket.destroy();
  });
  return socket;
}

const A = encodePositionReport({ mmsi: 211_000_001, lon: 30.1, lat: 44.9, speedKn: 8 });
const B = encodePositionReport({ mmsi: 211_000_002, lon: 30.2, lat: 45.1, speedKn: 4 });

describe('TcpServerSource', () => {
  it('listens, shows the port it bound, and counts connections', async () => {
    const { source, port } = await startListener();
    expect(source.health()).toMatchObject({
      state: 'listening',
      address: `127.0.0.1:${port}`,
      connections: 0,
    });
    await connectSender(port);
    await connectSender(port);
    await vi.waitFor(() => expect(source.health().connections).toBe(2));
  });

  it('frames each connection apart: a line split across writes never mixes with another sender', async () => {
    const { source, kit, port } = await startListener();
    const one = await connectSender(port);
    const two = await connectSender(port);
    one.write(A.slice(0, 20));
    await new Promise((r) => setTimeout(r, 30));
    two.write(`${B}\r\n`);
    await new Promise((r) => setTimeout(r, 30));
    one.write(`${A.slice(20)}\r\n`);
    await vi.waitFor(() => expect(kit.observations).toHaveLength(2));
    expect(kit.observations.map((o) => o.trackId).sort()).toEqual([
      'mmsi:211000001',
      'mmsi:211000002',
    ]);
    expect(source.health()).toMatchObject({ messagesTotal: 2, rejectedTotal: 0 });
  });

  it('reassembles a two-sentence type 5 sent in pieces', async () => {
    const { kit, port } = await startListener();
    const s = await connectSender(port);
    const text = `${encodeStaticVoyage(TEST_VESSEL).join('\n')}\n`;
    for (let i = 0; i < text.length; i += 7) {
      s.write(text.slice(i, i + 7));
      await new Promise((r) => setTimeout(r, 1));
    }
    await vi.waitFor(() => expect(kit.statics).toHaveLength(1));
    expect(kit.statics[0]).toMatchObject({
      trackId: `mmsi:${TEST_VESSEL.mmsi}`,
      name: 'NORTHERN STAR',
    });
  });

  it('refuses connections beyond maxConnections', async () => {
    const { source, port } = await startListener(createCollectingContext(), 1);
    await connectSender(port);
    await vi.waitFor(() => expect(source.health().connections).toBe(1));
    const extra = connect({ host: '127.0.0.1', port });
    extra.on('error', () => {});
    await once(extra, 'close');
    expect(source.health().connections).toBe(1);
    expect(source.health().lastError).toMatch(/1 connections open/);
  });

  it('pauses every sender while the store is behind, then takes everything', async () => {
    const kit = createCollectingContext({
      queue: { maxBatchItems: 10, maxInFlightBatches: 1, flushMs: 5 },
    });
    kit.hold();
    const { source, port } = await startListener(kit);
    const LINES = 2000;
    for (const line of [A, B]) {
      const s = await connectSender(port);
      s.write(`${Array.from({ length: LINES }, () => line).join('\n')}\n`);
    }
    await vi.waitFor(() => expect(source.health().queued).toBeGreaterThanOrEqual(20));
    await new Promise((r) => setTimeout(r, 200));
    expect(source.health().messagesTotal).toBeLessThan(2 * LINES);
    kit.release();
    await vi.waitFor(() => expect(kit.observations).toHaveLength(2 * LINES), { timeout: 10_000 });
    expect(source.health().dropped).toBe(0);
  });

  it('reports an address in use as an error and keeps trying', async () => {
    const { port } = await startListener();
    const kit = createCollectingContext();
    const second = new TcpServerSource({ id: 'dup', host: '127.0.0.1', port }, kit.ctx);
    second.start();
    cleanups.push(() => second.stop());
    await vi.waitFor(() => {
      expect(second.health().state).toBe('error');
      expect(second.health().lastError).toMatch(/EADDRINUSE/);
    });
    expect(kit.warnings.some((w) => /cannot listen/.test(w))).toBe(true);
  });
});
