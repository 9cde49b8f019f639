import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BOOK_EVEN, BOOK_IDENT, BOOK_ODD, encodeBeast, hexToBytes } from './adsb-frames.fixture.js';
import {
  breakChecksum,
  encodePositionReport,
  encodeStaticVoyage,
  TEST_VESSEL,
} from './ais-sentences.fixture.js';
import { createCollectingContext } from './source-test-kit.fixture.js';
import { TcpClientSource } from './tcp-client-source.js';

const POSITION = encodePositionReport({
  mmsi: TEST_VESSEL.mmsi,
  lon: 31.5,
  lat: 45.25,
  speedKn: 12.3,
  courseDeg: 87.5,
  headingDeg: 88,
  second: 12,
});
const VOYAGE = encodeStaticVoyage(TEST_VESSEL);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A receiver's TCP server on an ephemeral port; `onConnection` plays it. */
async function startReceiver(onConnection: (socket: Socket, n: number) => void) {
  let n = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket, ++n);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    connections: () => n,
  };
}

function startSource(
  port: number,
  kit = createCollectingContext(),
  format: 'ais' | 'beast' = 'ais',
) {
  const source = new TcpClientSource({ id: 'test-rx', host: '127.0.0.1', port, format }, kit.ctx);
  source.start();
  cleanups.push(() => source.stop());
  return { source, kit };
}

describe('TcpClientSource', () => {
  it('decodes positions and static data, and counts a bad line by reason', async () => {
    const rx = await startReceiver((socket) => {
      socket.write(`${POSITION}\r\n${VOYAGE.join('\r\n')}\r\n${breakChecksum(POSITION)}\r\n`);
    });
    const { source, kit } = startSource(rx.port);
    await vi.waitFor(() => expect(kit.statics).toHaveLength(1));
    expect(kit.observations).toHaveLength(1);
    expect(kit.observations[0]).toMatchObject({
      trackId: `mmsi:${TEST_VESSEL.mmsi}`,
      kind: 'vessel',
      source: 'test-rx',
    });
    expect(kit.observations[0]!.lon).toBeCloseTo(31.5, 5);
    expect(kit.statics[0]).toMatchObject({ name: 'NORTHERN STAR', source: 'test-rx' });
    const h = source.health();
    expect(h).toMatchObject({ state: 'connected', messagesTotal: 2, rejectedTotal: 1 });
    expect(Object.keys(h.rejected)).toHaveLength(1);
  });

  it('times an observation by when it was received when the line has no tag block', async () => {
    const rx = await startReceiver((socket) => socket.write(`${POSITION}\n`));
    const before = Date.now();
    const { kit } = startSource(rx.port);
    await vi.waitFor(() => expect(kit.observations).toHaveLength(1));
    expect(kit.observations[0]!.tMs).toBeGreaterThanOrEqual(before);
    expect(kit.observations[0]!.tMs).toBeLessThanOrEqual(Date.now());
  });

  it('reconnects after the server drops it, and carries on receiving', async () => {
    const rx = await startReceiver((socket, n) => {
      socket.end(`${POSITION}\n`);
      if (n >= 3) socket.destroy();
    });
    const { source, kit } = startSource(rx.port);
    await vi.waitFor(() => expect(kit.observations.length).toBeGreaterThanOrEqual(2), {
      timeout: 5000,
    });
    expect(rx.connections()).toBeGreaterThanOrEqual(2);
    expect(source.health().lastError).toMatch(/closed by the server/);
  });

  it('backs off exponentially while the server hangs up without sending anything', async () => {
    const times: number[] = [];
    const rx = await startReceiver((socket) => {
      times.push(Date.now());
      socket.destroy();
    });
    const { source } = startSource(rx.port);
    await vi.waitFor(() => expect(times.length).toBeGreaterThanOrEqual(4), { timeout: 5000 });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // random() = 1: exactly 50, 100, 200 ms, plus connection set-up.
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
    expect(gaps[2]).toBeGreaterThanOrEqual(195);
    expect(source.health().state).toMatch(/reconnecting|connected/);
  });

  it('keeps retrying a receiver that is not there, with the reason in health', async () => {
    const rx = await startReceiver(() => {});
    await Promise.all(cleanups.splice(0).map((c) => c())); // close it: nothing listens now
    const { source } = startSource(rx.port);
    await vi.waitFor(() => {
      const h = source.health();
      expect(h.state).toBe('reconnecting');
      expect(h.lastError).toMatch(/ECONNREFUSED/);
    });
  });

  it('pauses the socket while the store is behind, and loses nothing', async () => {
    const LINES = 3000;
    const payload = `${Array.from({ length: LINES }, () => POSITION).join('\r\n')}\r\n`;
    const rx = await startReceiver((socket) => socket.write(payload));
    const kit = createCollectingContext({
      queue: { maxBatchItems: 10, maxInFlightBatches: 1, flushMs: 5 },
    });
    kit.hold();
    const { source } = startSource(rx.port, kit);
    await vi.waitFor(() => expect(source.health().queued).toBeGreaterThanOrEqual(20));
    await new Promise((r) => setTimeout(r, 200));
    const whileHeld = source.health();
    // One read's worth at most beyond the queue's bound, never the whole feed.
    expect(whileHeld.messagesTotal).toBeLessThan(LINES);
    expect(whileHeld.queued).toBeLessThan(LINES);
    kit.release();
    await vi.waitFor(() => expect(kit.observations).toHaveLength(LINES), { timeout: 10_000 });
    expect(source.health()).toMatchObject({ dropped: 0, messagesTotal: LINES });
  });

  it('stops: closes the connection, stores what it had and says stopped', async () => {
    const rx = await startReceiver((socket) => socket.write(`${POSITION}\n`));
    const { source, kit } = startSource(rx.port);
    await vi.waitFor(() => expect(source.health().messagesTotal).toBe(1));
    await source.stop();
    expect(kit.observations).toHaveLength(1);
    expect(source.health()).toMatchObject({ state: 'stopped', queued: 0, silent: false });
  });
});

describe('TcpClientSource on a Beast port (dump1090 --net, 30005)', () => {
  const beast = (hex: string) => Buffer.from(encodeBeast(hexToBytes(hex)));

  it('decodes frames split across writes, and reconnects once the receiver drops it', async () => {
    const rx = await startReceiver((socket, n) => {
      if (n === 1) {
        // The identification arrives in two pieces, then the receiver restarts.
        const ident = beast(BOOK_IDENT);
        socket.write(ident.subarray(0, 9));
        setTimeout(() => socket.end(ident.subarray(9)), 30);
      } else {
        socket.write(Buffer.concat([beast(BOOK_ODD), beast(BOOK_EVEN)]));
      }
    });
    const { source, kit } = startSource(rx.port, createCollectingContext(), 'beast');
    await vi.waitFor(() => expect(kit.observations).toHaveLength(1), { timeout: 5000 });
    expect(rx.connections()).toBe(2);
    expect(kit.statics.find((r) => r.callsign !== undefined)).toMatchObject({
      trackId: 'icao:4840d6',
      callsign: 'KLM1023',
      source: 'test-rx',
    });
    expect(kit.observations[0]).toMatchObject({
      trackId: 'icao:40621d',
      kind: 'aircraft',
      altFt: 38000,
      source: 'test-rx',
    });
    expect(source.health()).toMatchObject({
      kind: 'beast-tcp-client',
      format: 'beast',
      state: 'connected',
      messagesTotal: 3,
      rejectedTotal: 0,
      aircraft: 1,
    });
    expect(source.health().lastError).toMatch(/closed by the server/);
  });
});
