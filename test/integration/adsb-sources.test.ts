/**
 * Live ADS-B end to end: a dump1090-like Beast server on 127.0.0.1 (port
 * 30005's format) serving the start of a real recording and a few frames of
 * our own, Truceline connected to it without the simulator, and what an
 * analyst then sees through the API: aircraft with callsign and altitude, an
 * aircraft squawking 7700 marked as an emergency, and the source's health
 * with its rejects by reason.
 */
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceHealth, SourcesBody, Track, TracksBody } from '../../src/api/wire.js';
import {
  encodeBeast,
  encodeIdentification,
  encodeIdentityReply,
  encodePosition,
} from '../../src/ingest/sources/adsb-frames.fixture.js';
import {
  asReader,
  getJson,
  makeDataDir,
  removeDataDir,
  startTruceline,
  type TestTruceline,
  waitFor,
} from './http-helpers.js';

const RECORDING = join(
  import.meta.dirname,
  '../../../shared/testdata/adsb/bulk/beastblackbox-ulss7-part1.beast',
);
const hasRecording = existsSync(RECORDING);
/** The recording's receiver, near St Petersburg (ULSS7). */
const RECEIVER = { lat: 59.9, lon: 30.3 };
/** Our own aircraft, squawking 7700 after its first positions: Finnish address block. */
const MAYDAY = 0x461e77;
const MAYDAY_ID = 'icao:461e77';

describe('Truceline with a live ADS-B Beast source', () => {
  let dataDir: string;
  let app: TestTruceline;
  let receiver: Server;
  const sockets = new Set<Socket>();

  async function findSource(id: string): Promise<SourceHealth | undefined> {
    const { body } = await getJson<SourcesBody>(`${app.url}/api/sources`, asReader(app));
    return body.items.find((s) => s.id === id);
  }

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-adsb-it-');
    receiver = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      // The first 48 KiB of the recording (it may end mid-frame), in pieces as a feed arrives.
      const head = hasRecording ? readFileSync(RECORDING).subarray(0, 48 << 10) : Buffer.alloc(0);
      for (let at = 0; at < head.length; at += 4096) socket.write(head.subarray(at, at + 4096));
      socket.write(
        Buffer.concat(
          [
            encodeIdentification(MAYDAY, 'FIN7AB'),
            encodePosition(MAYDAY, 29.9, 60.1, false, 24000),
            encodePosition(MAYDAY, 29.9, 60.1, true, 24000),
          ].map((f) => encodeBeast(f)),
        ),
      );
      // Then, without a new position, the crew sets 7700.
      setTimeout(() => socket.write(encodeBeast(encodeIdentityReply(MAYDAY, '7700'))), 300);
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const rxPort = (receiver.address() as { port: number }).port;
    app = await startTruceline(dataDir, {
      simulate: false,
      receiver: RECEIVER,
      sources: [{ type: 'beast-tcp-client', host: '127.0.0.1', port: rxPort, name: 'pi-beast' }],
    });
  });

  afterAll(async () => {
    await app?.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => receiver?.close(r));
    removeDataDir(dataDir);
  });

  it('marks the aircraft that squawks 7700 without a new position as an emergency', async () => {
    const track = await waitFor('the 7700 squawk on the track', async () => {
      const { status, body } = await getJson<Track>(
        `${app.url}/api/tracks/${MAYDAY_ID}`,
        asReader(app),
      );
      return status === 200 && body.last.squawk === '7700' ? body : undefined;
    });
    expect(track).toMatchObject({
      kind: 'aircraft',
      callsign: 'FIN7AB',
      flag: 'FI',
      transponder: 'ADS-B',
      last: {
        squawk: '7700',
        status: 'emergency 7700 (general emergency)',
        altFt: 24000,
        source: 'pi-beast',
      },
    });
    expect(track.last.lat).toBeCloseTo(60.1, 3);
  });

  it.skipIf(!hasRecording)(
    'lists the recording’s aircraft with callsign and altitude in GET /api/tracks?kind=aircraft',
    async () => {
      const tracks = await waitFor('aircraft with callsigns', async () => {
        const { body } = await getJson<TracksBody>(
          `${app.url}/api/tracks?kind=aircraft`,
          asReader(app),
        );
        const named = body.items.filter((t) => t.id !== MAYDAY_ID && t.callsign !== undefined);
        return named.length >= 3 ? body.items : undefined;
      });
      expect(tracks.every((t) => t.kind === 'aircraft' && t.id.startsWith('icao:'))).toBe(true);
      const withAltitude = tracks.filter((t) => t.last.altFt !== undefined);
      expect(withAltitude.length).toBeGreaterThanOrEqual(3);
      for (const t of tracks.filter((x) => x.id !== MAYDAY_ID)) {
        // Within receiver range of St Petersburg.
        expect(Math.abs(t.last.lat - RECEIVER.lat)).toBeLessThan(4);
        expect(Math.abs(t.last.lon - RECEIVER.lon)).toBeLessThan(8);
      }
    },
  );

  it('shows the source’s health with messages and rejects by reason in GET /api/sources', async () => {
    const s = await waitFor('the source with traffic', async () => {
      const h = await findSource('pi-beast');
      return h && h.messagesTotal > 0 && h.aircraft !== undefined ? h : undefined;
    });
    expect(s).toMatchObject({
      kind: 'beast-tcp-client',
      format: 'beast',
      state: 'connected',
      dropped: 0,
      silent: false,
    });
    expect(s.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(s.aircraft).toBeGreaterThanOrEqual(1);
    expect(s.lastMessageMs).toBeGreaterThan(0);
    if (hasRecording) {
      expect(s.messagesTotal).toBeGreaterThan(1000);
      // Replies from addresses not yet heard with a checked CRC are counted, not shown.
      expect(Object.keys(s.rejected).every((r) => /^[a-z_]+$/.test(r))).toBe(true);
    }
  });
});
