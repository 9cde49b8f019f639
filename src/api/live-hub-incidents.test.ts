/**
 * The hub's incident messages, with sockets and a clock of the test's own:
 * only clients that read incidents get them, merged per id and without the
 * history; a check that no longer grants incident:read stops them at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { InProcessBus } from '../bus/index.js';
import type { Incident } from '../incidents/incident-types.js';
import { type LiveClientOptions, LiveHub } from './live-hub.js';
import type { LiveMessage } from './wire.js';

const TICK_MS = 250;
const RECHECK_MS = 5000;

/** What the hub uses of a ws socket, recording what it was sent. */
function makeSocket(): { socket: WebSocket; sent: LiveMessage[] } {
  const sent: LiveMessage[] = [];
  const fake = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send: (data: string) => sent.push(JSON.parse(data) as LiveMessage),
    close: () => {
      fake.readyState = 3;
    },
    on: () => fake,
  };
  return { socket: fake as unknown as WebSocket, sent };
}

function makeIncident(id: string, more: Partial<Incident> = {}): Incident {
  return {
    id,
    kind: 'explosion',
    state: 'open',
    title: 'Explosion reported',
    startMs: 0,
    endMs: 0,
    lon: 33.6,
    lat: 45.3,
    zoneId: '',
    trackKinds: [],
    trackIds: [],
    detectionIds: [],
    fieldReportIds: ['r1'],
    assignee: null,
    confidence: null,
    reportId: null,
    mergedInto: null,
    createdMs: 0,
    updatedMs: 0,
    history: [{ tMs: 0, actor: 'system', action: 'created' }],
    ...more,
  };
}

const incidentMessages = (sent: LiveMessage[]) =>
  sent.filter((m): m is Extract<LiveMessage, { type: 'incidents' }> => m.type === 'incidents');

describe('LiveHub incident messages', () => {
  let bus: InProcessBus;
  let hub: LiveHub;
  let nowMs: number;

  beforeEach(() => {
    vi.useFakeTimers();
    nowMs = 1_000_000;
    bus = new InProcessBus();
    hub = new LiveHub({
      bus,
      now: () => nowMs,
      tickMs: TICK_MS,
      recheckEveryMs: RECHECK_MS,
      snapshot: async () => ({ tracks: [], detections: [] }),
    });
  });
  afterEach(() => {
    hub.close();
    vi.useRealTimers();
  });

  async function attach(opts: LiveClientOptions) {
    const client = makeSocket();
    hub.attach(client.socket, opts);
    await vi.advanceTimersByTimeAsync(0);
    return client;
  }

  async function tick(): Promise<void> {
    nowMs += TICK_MS;
    await vi.advanceTimersByTimeAsync(TICK_MS);
  }

  it('sends incidents, merged per id and without history, only to clients that read them', async () => {
    const reader = await attach({ readsIncidents: true });
    const other = await attach({ readsIncidents: false });
    bus.publish('incidents', [makeIncident('INC-000001')]);
    bus.publish('incidents', [
      makeIncident('INC-000001', { state: 'under_review' }),
      makeIncident('INC-000002'),
    ]);
    await tick();

    const [msg, ...more] = incidentMessages(reader.sent);
    expect(more).toEqual([]);
    expect(msg!.items.map((i) => [i.id, i.state, i.history])).toEqual([
      ['INC-000001', 'under_review', []],
      ['INC-000002', 'open', []],
    ]);
    expect(incidentMessages(other.sent)).toEqual([]);
    expect(other.sent.map((m) => m.type)).toEqual(['snapshot']);
  });

  it('stops at the next check once the principal no longer reads incidents', async () => {
    let readsIncidents = true;
    const client = await attach({
      readsIncidents: true,
      checkAccess: async () => ({ ok: true, readsIncidents }),
    });
    bus.publish('incidents', [makeIncident('INC-000001')]);
    await tick();
    expect(incidentMessages(client.sent)).toHaveLength(1);

    readsIncidents = false;
    nowMs += RECHECK_MS;
    await tick();
    bus.publish('incidents', [makeIncident('INC-000002')]);
    await tick();
    expect(incidentMessages(client.sent)).toHaveLength(1);

    readsIncidents = true;
    nowMs += RECHECK_MS;
    await tick();
    bus.publish('incidents', [makeIncident('INC-000003')]);
    await tick();
    expect(incidentMessages(client.sent).map((m) => m.items[0]!.id)).toEqual([
      'INC-000001',
      'INC-000003',
    ]);
  });

  it('keeps tracks, detections and source health from an incidents-only client', async () => {
    const client = await attach({ readsIncidents: true, incidentsOnly: true });
    bus.publish('tracks', [
      {
        id: 'mmsi:1',
        kind: 'vessel',
        last: { trackId: 'mmsi:1', kind: 'vessel', tMs: nowMs, lon: 33, lat: 45, source: 't' },
        firstSeenMs: nowMs,
        observationCount: 1,
        zoneIds: [],
      },
    ]);
    bus.publish('incidents', [makeIncident('INC-000001')]);
    await tick();
    expect(client.sent.map((m) => m.type)).toEqual(['snapshot', 'incidents']);
    expect(client.sent[0]).toMatchObject({ tracks: [], detections: [] });
  });
});
