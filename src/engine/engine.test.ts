import { describe, expect, it } from 'vitest';
import type { Agreement, Observation, TrackKind } from '../core/types.js';
import { Engine } from './engine.js';

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const V2_FROM = Date.UTC(2026, 5, 1);

const ring = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/** A small agreement of our own: a no-fly square with a hole, a corridor, a line, a site. */
function makeAgreement(): Agreement {
  const zones = [
    {
      id: 'nfz',
      name: 'Test no-fly zone',
      kind: 'no_fly' as const,
      geometry: {
        type: 'Polygon' as const,
        coordinates: [ring(32, 46, 34, 48), ring(32.8, 46.8, 33.2, 47.2)],
      },
    },
    {
      id: 'corridor',
      name: 'Test corridor',
      kind: 'corridor' as const,
      geometry: { type: 'Polygon' as const, coordinates: [ring(30, 43, 30.1, 46)] },
    },
    {
      id: 'loc',
      name: 'Test line',
      kind: 'line' as const,
      geometry: {
        type: 'LineString' as const,
        coordinates: [
          [35, 45],
          [36, 48],
        ],
      },
    },
  ];
  const rules = [
    {
      id: 'R-1',
      citation: 'Art. 1(1)',
      description: 'Aircraft may not enter the no-fly zone.',
      kinds: ['aircraft' as const],
      forbids: ['enter' as const, 'inside' as const],
      zoneIds: ['nfz'],
      exemptTrackIds: ['icao:f0f0f0'],
    },
    {
      id: 'R-2',
      citation: 'Art. 2(1)',
      description: 'Vessels may not leave the corridor.',
      kinds: ['vessel' as const],
      forbids: ['exit' as const],
      zoneIds: ['corridor'],
      exemptTrackIds: [],
    },
    {
      id: 'R-3',
      citation: 'Art. 3(1)',
      description: 'Nobody may cross the line.',
      kinds: ['aircraft' as const, 'ground' as const],
      forbids: ['cross' as const],
      zoneIds: ['loc'],
      exemptTrackIds: [],
    },
  ];
  const site = {
    id: 'site',
    name: 'Test protected site',
    kind: 'protected_site' as const,
    geometry: { type: 'Point' as const, coordinates: [29, 44] },
    radiusM: 5000,
  };
  const siteRule = {
    id: 'R-4',
    citation: 'Art. 4(1)',
    description: 'Aircraft keep 5 km from the site.',
    kinds: ['aircraft' as const],
    forbids: ['enter' as const, 'inside' as const],
    zoneIds: ['site'],
    exemptTrackIds: [],
  };
  return {
    id: 'test',
    name: 'Test agreement',
    illustrative: true,
    versions: [
      {
        version: 2,
        inForceFromMs: V2_FROM,
        title: 'v2',
        zones: [...zones, site],
        rules: [...rules, siteRule],
      },
      { version: 1, inForceFromMs: Date.UTC(2026, 0, 1), title: 'v1', zones, rules },
    ],
  };
}

function obs(trackId: string, kind: TrackKind, tMs: number, lon: number, lat: number): Observation {
  return { trackId, kind, tMs, lon, lat, source: 'test' };
}

function run(engine: Engine, list: Observation[]) {
  return list.flatMap((o) => [...engine.step(o)]);
}

describe('Engine', () => {
  it('detects an aircraft entering a zone whose rule forbids its kind', () => {
    const e = new Engine(makeAgreement());
    const d = run(e, [
      obs('icao:abc123', 'aircraft', T0, 31.5, 47.5),
      obs('icao:abc123', 'aircraft', T0 + 10_000, 32.1, 47.5),
    ]);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({
      type: 'zone_enter',
      trackId: 'icao:abc123',
      zoneId: 'nfz',
      ruleId: 'R-1',
      citation: 'Art. 1(1)',
      agreementVersion: 1,
      tMs: T0 + 10_000,
    });
    expect(d[0]!.evidence).toHaveLength(2);
    expect(d[0]!.summary).toContain('entered Test no-fly zone');
    expect(d[0]!.summary).toContain('Art. 1(1)');
    expect(d[0]!.summary).toContain('12:00:10 UTC on 2026-01-10');
  });

  it('does not flag a kind the rule does not name', () => {
    const e = new Engine(makeAgreement());
    const d = run(e, [
      obs('mmsi:272000001', 'vessel', T0, 31.5, 47.5),
      obs('mmsi:272000001', 'vessel', T0 + 10_000, 32.1, 47.5),
    ]);
    expect(d).toEqual([]);
  });

  it('spares a track on the rule’s exempt list', () => {
    const e = new Engine(makeAgreement());
    const d = run(e, [
      obs('icao:f0f0f0', 'aircraft', T0, 31.5, 47.5),
      obs('icao:f0f0f0', 'aircraft', T0 + 10_000, 32.1, 47.5),
    ]);
    expect(d).toEqual([]);
    expect(e.getTrack('icao:f0f0f0')?.zoneIds).toEqual(['nfz']);
  });

  it('flags a track first seen inside a zone as inside, once', () => {
    const e = new Engine(makeAgreement());
    const d = run(e, [
      obs('icao:abc123', 'aircraft', T0, 33.5, 47.5),
      obs('icao:abc123', 'aircraft', T0 + 5000, 33.6, 47.5),
    ]);
    expect(d.map((x) => x.type)).toEqual(['zone_inside']);
  });

  it('treats the hole of a zone as outside', () => {
    const e = new Engine(makeAgreement());
    const d = run(e, [obs('icao:abc123', 'aircraft', T0, 33, 47)]);
    expect(d).toEqual([]);
    expect(e.getTrack('icao:abc123')?.zoneIds).toEqual([]);
    // Leaving the hole into the zone is entering it.
    const d2 = run(e, [obs('icao:abc123', 'aircraft', T0 + 5000, 33.5, 47)]);
    expect(d2.map((x) => x.type)).toEqual(['zone_enter']);
  });

  it('catches an aircraft that crosses a zone between two reports', () => {
    const e = new Engine(makeAgreement());
    // From west of the square to east of it in ten minutes (~1250 kn, a
    // fast jet), passing through.
    const d = run(e, [
      obs('icao:fa57fa', 'aircraft', T0, 31.5, 46.5),
      obs('icao:fa57fa', 'aircraft', T0 + 600_000, 34.5, 46.5),
    ]);
    // R-1 forbids entering, not leaving: one detection, where it went in.
    expect(d.map((x) => x.type)).toEqual(['zone_enter']);
    expect(d[0]!.lon).toBeCloseTo(32);
    expect(d[0]!.tMs).toBe(T0 + 100_000);
    expect(d[0]!.summary).toContain('between two reports');
    expect(e.getTrack('icao:fa57fa')?.zoneIds).toEqual([]);
  });

  it('places the exit of a pass-through where the track left the zone', () => {
    const e = new Engine(makeAgreement());
    // A vessel crossing the 0.1-degree corridor (lon 30..30.1) between two
    // reports 14 minutes apart (~24 kn).
    const d = run(e, [
      obs('mmsi:272000003', 'vessel', T0, 29.98, 44),
      obs('mmsi:272000003', 'vessel', T0 + 840_000, 30.12, 44),
    ]);
    expect(d.map((x) => x.type)).toEqual(['zone_exit']);
    expect(d[0]!.lon).toBeCloseTo(30.1);
    expect(d[0]!.tMs).toBe(T0 + 720_000);
  });

  it('does not interpolate across a long silence', () => {
    const e = new Engine(makeAgreement());
    const d = run(e, [
      obs('icao:fa57fa', 'aircraft', T0, 31.5, 46.5),
      obs('icao:fa57fa', 'aircraft', T0 + 3_600_000, 34.5, 46.5),
    ]);
    expect(d).toEqual([]);
  });

  it('does not search the path of a jump faster than the kind can move', () => {
    const e = new Engine(makeAgreement());
    // 3 degrees of longitude (~230 km) in 60 s is ~7500 kn: a glitch, not a flight.
    const d = run(e, [
      obs('icao:fa57fa', 'aircraft', T0, 31.5, 46.5),
      obs('icao:fa57fa', 'aircraft', T0 + 60_000, 34.5, 46.5),
    ]);
    expect(d).toEqual([]);
    expect(e.counters.implausibleJumps).toBe(1);
  });

  it('detects a vessel leaving the corridor', () => {
    const e = new Engine(makeAgreement());
    const d = run(e, [
      obs('mmsi:272000002', 'vessel', T0, 30.05, 44),
      obs('mmsi:272000002', 'vessel', T0 + 600_000, 30.08, 44),
      obs('mmsi:272000002', 'vessel', T0 + 1_200_000, 30.11, 44),
    ]);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ type: 'zone_exit', zoneId: 'corridor', ruleId: 'R-2' });
  });

  it('detects a line crossing between reports', () => {
    const e = new Engine(makeAgreement());
    // ~78 km in 10 minutes: a light aircraft, plausible.
    const d = run(e, [
      obs('icao:abc777', 'aircraft', T0, 35, 46.5),
      obs('icao:abc777', 'aircraft', T0 + 600_000, 36, 46.5),
    ]);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ type: 'line_cross', zoneId: 'loc', ruleId: 'R-3' });
    expect(d[0]!.lon).toBeCloseTo(35.5);
  });

  it('catches a pass through a circular protected site between reports', () => {
    const e = new Engine(makeAgreement());
    const t = V2_FROM + 3600_000;
    const d = run(e, [
      obs('icao:abc123', 'aircraft', t, 28.8, 44),
      obs('icao:abc123', 'aircraft', t + 60_000, 29.2, 44),
    ]);
    expect(d.map((x) => `${x.type}:${x.zoneId}`)).toEqual(['zone_enter:site']);
    expect(d[0]!.agreementVersion).toBe(2);
  });

  it('judges an observation by the version in force at its own time', () => {
    const inV1 = Date.UTC(2026, 4, 31, 23, 59);
    const inV2 = V2_FROM + 60_000;
    const e = new Engine(makeAgreement());
    // The site exists only from version 2.
    expect(run(e, [obs('icao:000001', 'aircraft', inV1, 29, 44)])).toEqual([]);
    const d = run(e, [obs('icao:000002', 'aircraft', inV2, 29, 44)]);
    expect(d.map((x) => [x.type, x.agreementVersion])).toEqual([['zone_inside', 2]]);
  });

  it('says inside, not enter, when a new version draws a zone around a track', () => {
    const e = new Engine(makeAgreement());
    run(e, [obs('icao:000003', 'aircraft', V2_FROM - 1000, 29, 44)]);
    const d = run(e, [obs('icao:000003', 'aircraft', V2_FROM + 1000, 29.001, 44)]);
    expect(d.map((x) => x.type)).toEqual(['zone_inside']);
  });

  it('ignores observations before any version is in force', () => {
    const e = new Engine(makeAgreement());
    expect(run(e, [obs('icao:abc123', 'aircraft', Date.UTC(2025, 0, 1), 33.5, 47.5)])).toEqual([]);
    expect(e.counters.beforeAgreement).toBe(1);
  });

  it('does not judge an out-of-order observation again', () => {
    const e = new Engine(makeAgreement());
    run(e, [obs('icao:abc123', 'aircraft', T0 + 10_000, 31.5, 47.5)]);
    expect(run(e, [obs('icao:abc123', 'aircraft', T0, 33.5, 47.5)])).toEqual([]);
    expect(e.counters.outOfOrder).toBe(1);
    expect(e.getTrack('icao:abc123')?.last.tMs).toBe(T0 + 10_000);
  });

  it('gives the same detection the same id when found twice', () => {
    const list = [
      obs('icao:abc123', 'aircraft', T0, 31.5, 47.5),
      obs('icao:abc123', 'aircraft', T0 + 10_000, 32.1, 47.5),
    ];
    const a = run(new Engine(makeAgreement()), list);
    const b = run(new Engine(makeAgreement()), list);
    expect(a[0]!.id).toBe(b[0]!.id);
  });

  it('does not fire again after restoring track state from before a restart', () => {
    const first = new Engine(makeAgreement());
    run(first, [obs('icao:abc123', 'aircraft', T0, 33.5, 47.5)]);
    const second = new Engine(makeAgreement());
    second.restoreTracks(first.tracks());
    expect(run(second, [obs('icao:abc123', 'aircraft', T0 + 5000, 33.6, 47.5)])).toEqual([]);
  });
});
