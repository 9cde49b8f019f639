/**
 * Live AIS end to end: a receiver's TCP server and a UDP feed on 127.0.0.1,
 * Truceline connected to both without the simulator, and what an analyst or
 * integrator then sees through the API: the vessel with its name, flag and
 * type, its observation in the history, and per-source health counting the
 * bad line by reason.
 */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type {
  HealthBody,
  LiveMessage,
  ObservationsBody,
  SourceHealth,
  SourcesBody,
  Track,
} from '../../src/api/wire.js';
import {
  breakChecksum,
  encodePositionReport,
  encodeStaticVoyage,
  TEST_VESSEL,
} from '../../src/ingest/sources/ais-sentences.fixture.js';
import {
  asReader,
  authHeaders,
  getJson,
  makeDataDir,
  removeDataDir,
  startTruceline,
  type TestTruceline,
  waitFor,
} from './http-helpers.js';

const VESSEL_ID = `mmsi:${TEST_VESSEL.mmsi}`;
const UDP_MMSI = 247_123_456; // Italy (MID 247)
const POSITION = encodePositionReport({
  mmsi: TEST_VESSEL.mmsi,
  lon: 31.5,
  lat: 45.25,
  speedKn: 12.3,
  courseDeg: 87.5,
  headingDeg: 88,
  second: 12,
});

describe('Truceline with live AIS sources (TCP client and UDP)', () => {
  let dataDir: string;
  let app: TestTruceline;
  let receiver: Server;
  const receiverSockets = new Set<Socket>();

  async function findSource(id: string): Promise<SourceHealth | undefined> {
    const { body } = await getJson<SourcesBody>(`${app.url}/api/sources`, asReader(app));
    return body.items.find((s) => s.id === id);
  }

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-ais-it-');
    // The receiver (AIS-catcher -S, say): voyage data first, then a position,
    // then a line damaged in transit.
    receiver = createServer((socket) => {
      receiverSockets.add(socket);
      socket.on('close', () => receiverSockets.delete(socket));
      const lines = [...encodeStaticVoyage(TEST_VESSEL), POSITION, breakChecksum(POSITION)];
      socket.write(`${lines.join('\r\n')}\r\n`);
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const rxPort = (receiver.address() as { port: number }).port;
    app = await startTruceline(dataDir, {
      simulate: false,
      sources: [
        { type: 'ais-tcp-client', host: '127.0.0.1', port: rxPort, name: 'rx-tcp' },
        { type: 'ais-udp', host: '127.0.0.1', port: 0, name: 'rx-udp' },
      ],
    });
  });

  afterAll(async () => {
    await app?.close();
    for (const s of receiverSockets) s.destroy();
    await new Promise((r) => receiver?.close(r));
    removeDataDir(dataDir);
  });

  it('shows the vessel with the name, flag and type its type 5 carried', async () => {
    const track = await waitFor('the vessel with its name', async () => {
      const { status, body } = await getJson<Track>(
        `${app.url}/api/tracks/${VESSEL_ID}`,
        asReader(app),
      );
      return status === 200 && body.name !== undefined ? body : undefined;
    });
    expect(track).toMatchObject({
      id: VESSEL_ID,
      kind: 'vessel',
      name: 'NORTHERN STAR',
      callsign: 'D5AB7',
      flag: 'LR',
      imo: TEST_VESSEL.imo,
      destination: 'CONSTANTA',
      lengthM: 180,
      beamM: 28,
      draughtM: 9.4,
      observationCount: 1,
    });
    expect(track.type).toMatch(/cargo/i);
    expect(track.last.source).toBe('rx-tcp');
  });

  it('keeps the position report in the track’s history', async () => {
    const { body } = await getJson<ObservationsBody>(
      `${app.url}/api/tracks/${VESSEL_ID}/observations`,
      asReader(app),
    );
    expect(body.items).toHaveLength(1);
    const o = body.items[0]!;
    expect(o).toMatchObject({ trackId: VESSEL_ID, kind: 'vessel', source: 'rx-tcp' });
    expect(o.lon).toBeCloseTo(31.5, 5);
    expect(o.lat).toBeCloseTo(45.25, 5);
    expect(o.speedKn).toBeCloseTo(12.3, 5);
  });

  it('counts the damaged line by reason in GET /api/sources', async () => {
    const tcp = await waitFor('the bad line counted', async () => {
      const s = await findSource('rx-tcp');
      return s && s.rejectedTotal > 0 ? s : undefined;
    });
    expect(tcp).toMatchObject({
      kind: 'ais-tcp-client',
      state: 'connected',
      messagesTotal: 2,
      rejected: { bad_checksum: 1 },
      rejectedTotal: 1,
      dropped: 0,
      silent: false,
    });
    expect(tcp.lastMessageMs).toBeGreaterThan(0);
  });

  it('takes positions from the UDP source too', async () => {
    const udp = await waitFor('the UDP source bound', async () => {
      const s = await findSource('rx-udp');
      return s?.state === 'listening' ? s : undefined;
    });
    const port = Number(udp.address.split(':').at(-1));
    const sender = createSocket('udp4');
    const line = encodePositionReport({ mmsi: UDP_MMSI, lon: 30.9, lat: 44.8, speedKn: 6 });
    await new Promise<void>((resolve, reject) =>
      sender.send(`${line}\r\n`, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
    );
    sender.close();
    const track = await waitFor('the UDP vessel', async () => {
      const { status, body } = await getJson<Track>(
        `${app.url}/api/tracks/mmsi:${UDP_MMSI}`,
        asReader(app),
      );
      return status === 200 ? body : undefined;
    });
    expect(track).toMatchObject({ flag: 'IT', last: { source: 'rx-udp' } });
    expect(await findSource('rx-udp')).toMatchObject({ messagesTotal: 1, rejectedTotal: 0 });
  });

  it('summarises the sources in /api/health and has no simulator among them', async () => {
    const { body } = await getJson<HealthBody>(`${app.url}/api/health`, asReader(app));
    expect(body.simulator.running).toBe(false);
    expect(body.sources).toMatchObject({ total: 2, silent: [], failing: [] });
  });

  it('pushes source health over the WebSocket after the snapshot', async () => {
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/api/live`, {
      headers: authHeaders(asReader(app)),
    });
    const types: string[] = [];
    const sources = await new Promise<Extract<LiveMessage, { type: 'sources' }>>(
      (resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no sources; saw ${types}`)), 10_000);
        ws.on('message', (data) => {
          const msg = JSON.parse(String(data)) as LiveMessage;
          types.push(msg.type);
          if (msg.type === 'sources') {
            clearTimeout(timer);
            resolve(msg);
          }
        });
        ws.on('error', reject);
      },
    );
    ws.close();
    expect(types[0]).toBe('snapshot');
    expect(sources.sources.map((s) => s.id).sort()).toEqual(['rx-tcp', 'rx-udp']);
    expect(sources.serverTimeMs).toBeGreaterThan(0);
  });
});
