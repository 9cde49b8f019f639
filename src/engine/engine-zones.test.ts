import { describe, expect, it } from 'vitest';
import type { Agreement } from '../core/types.js';
import {
  agreementOf,
  HOUR,
  M_PER_DEG,
  MIN,
  path,
  report,
  rule,
  runAll,
  square,
  T0,
} from './engine.fixture.js';
import { Engine } from './engine.js';

/** A 0.1 degree square (about 11 km) at the equator. */
const BOX = square('box', 0, 0, 0.1, 0.1);

describe('zone membership with hysteresis', () => {
  const agreement = agreementOf(
    [BOX],
    [rule('X', { forbids: ['enter', 'exit'], zoneIds: ['box'] })],
  );

  it('does not flap for a track jittering 30 m either side of the edge', () => {
    const engine = new Engine(agreement);
    const edge = 0.1;
    const jitter = 30 / M_PER_DEG;
    const list = [];
    for (let k = 0; k < 20; k++) {
      const lon = edge + (k % 2 === 0 ? -jitter : jitter);
      list.push(report('mmsi:1', 'vessel', T0 + k * 10_000, lon, 0.05));
    }
    const types = runAll(engine, list).map((d) => d.type);
    expect(types).toEqual([]);
  });

  it('reports the exit once the track is the hysteresis distance outside, and only once', () => {
    const engine = new Engine(agreement);
    const list = [
      report('mmsi:1', 'vessel', T0, 0.099, 0.05),
      report('mmsi:1', 'vessel', T0 + 10_000, 0.1 + 50 / M_PER_DEG, 0.05),
      report('mmsi:1', 'vessel', T0 + 20_000, 0.1 + 150 / M_PER_DEG, 0.05),
      report('mmsi:1', 'vessel', T0 + 30_000, 0.1 + 300 / M_PER_DEG, 0.05),
    ];
    const found = runAll(engine, list);
    expect(found.map((d) => [d.type, d.tMs])).toEqual([['zone_exit', T0 + 20_000]]);
  });

  it('honours a rule’s own wider hysteresis band', () => {
    const wide = agreementOf(
      [BOX],
      [rule('X', { forbids: ['exit'], zoneIds: ['box'], thresholds: { hysteresisM: 500 } })],
    );
    const engine = new Engine(wide);
    const list = [
      report('mmsi:1', 'vessel', T0, 0.099, 0.05),
      report('mmsi:1', 'vessel', T0 + 10_000, 0.1 + 300 / M_PER_DEG, 0.05),
      report('mmsi:1', 'vessel', T0 + 20_000, 0.1 + 600 / M_PER_DEG, 0.05),
    ];
    expect(runAll(engine, list).map((d) => d.tMs)).toEqual([T0 + 20_000]);
  });

  it('catches a fast aircraft crossing the zone between two reports, entry and exit', () => {
    const engine = new Engine(
      agreementOf(
        [BOX],
        [rule('X', { kinds: ['aircraft'], forbids: ['enter', 'exit'], zoneIds: ['box'] })],
      ),
    );
    const found = runAll(engine, [
      report('icao:abcdef', 'aircraft', T0, -0.05, 0.05),
      report('icao:abcdef', 'aircraft', T0 + 60_000, 0.15, 0.05),
    ]);
    expect(found.map((d) => d.type)).toEqual(['zone_enter', 'zone_exit']);
    expect(found[0]!.tMs).toBe(T0 + 15_000);
    expect(found[0]!.summary).toContain('between two reports');
  });
});

describe('dwell', () => {
  const agreement = agreementOf(
    [BOX],
    [rule('D', { forbids: ['dwell'], zoneIds: ['box'], thresholds: { dwellMinutes: 30 } })],
  );

  it('is not reported for a stay just under the limit', () => {
    const engine = new Engine(agreement);
    const inside = path('mmsi:1', 'vessel', T0, 30, MIN, 0.01, 0.05, 0.001); // 29 min inside
    const out = report('mmsi:1', 'vessel', T0 + 29 * MIN + 30_000, 0.5, 0.05);
    expect(runAll(engine, [...inside, out], T0 + 2 * HOUR)).toEqual([]);
  });

  it('is reported once at exactly the limit, from the reports', () => {
    const engine = new Engine(agreement);
    const found = runAll(engine, path('mmsi:1', 'vessel', T0, 60, MIN, 0.01, 0.05, 0.001));
    expect(found.map((d) => [d.type, d.tMs, d.durationMs])).toEqual([
      ['zone_dwell', T0 + 30 * MIN, 30 * MIN],
    ]);
    expect(found[0]!.summary).toContain('30 min');
  });

  it('fires from the timer when the track stops reporting inside', () => {
    const engine = new Engine(agreement);
    const found = runAll(engine, path('mmsi:1', 'vessel', T0, 5, MIN, 0.01, 0.05, 0.001));
    expect(found).toEqual([]);
    const later = engine.advance(T0 + 31 * MIN);
    expect(later.map((d) => [d.type, d.tMs])).toEqual([['zone_dwell', T0 + 30 * MIN]]);
    expect(engine.advance(T0 + 90 * MIN)).toEqual([]);
  });

  it('starts again after the track left and came back', () => {
    const engine = new Engine(agreement);
    const a = path('mmsi:1', 'vessel', T0, 35, MIN, 0.01, 0.05, 0.0001);
    const away = report('mmsi:1', 'vessel', T0 + 36 * MIN, 0.3, 0.05);
    const b = path('mmsi:1', 'vessel', T0 + 37 * MIN, 35, MIN, 0.01, 0.05, 0.0001);
    const found = runAll(engine, [...a, away, ...b]);
    expect(found.map((d) => d.tMs)).toEqual([T0 + 30 * MIN, T0 + 67 * MIN]);
  });
});

describe('line crossing with direction', () => {
  // A line drawn northwards along lon 1: west of it is its left.
  const line = {
    id: 'loc',
    name: 'Line of contact',
    kind: 'line' as const,
    geometry: {
      type: 'LineString' as const,
      coordinates: [
        [1, -1],
        [1, 1],
      ],
    },
  };
  const eastward = (agreement: Agreement) =>
    runAll(new Engine(agreement), [
      report('sim:unit', 'ground', T0, 0.99, 0),
      report('sim:unit', 'ground', T0 + MIN, 1.01, 0),
    ]);
  const westward = (agreement: Agreement) =>
    runAll(new Engine(agreement), [
      report('sim:unit', 'ground', T0, 1.01, 0),
      report('sim:unit', 'ground', T0 + MIN, 0.99, 0),
    ]);

  it('counts both ways by default', () => {
    const a = agreementOf([line], [rule('L', { forbids: ['cross'], zoneIds: ['loc'] })]);
    expect(eastward(a)).toHaveLength(1);
    expect(westward(a)).toHaveLength(1);
  });

  it('counts only the direction a rule names', () => {
    const a = agreementOf(
      [line],
      [
        rule('L', {
          forbids: ['cross'],
          zoneIds: ['loc'],
          thresholds: { crossDirection: 'left_to_right' },
        }),
      ],
    );
    const found = eastward(a);
    expect(found).toHaveLength(1);
    expect(found[0]!.summary).toContain('from left to right');
    expect(westward(a)).toEqual([]);
  });
});

describe('what a zone and a rule apply to', () => {
  it('keeps an aircraft above the altitude band out of the zone', () => {
    const band = square('air', 0, 0, 0.1, 0.1, { kind: 'no_fly', altitudeFt: { maxFt: 10_000 } });
    const engine = new Engine(
      agreementOf([band], [rule('A', { forbids: ['enter'], zoneIds: ['air'] })]),
    );
    const high = [
      report('icao:aaaaaa', 'aircraft', T0, -0.01, 0.05, { altFt: 30_000 }),
      report('icao:aaaaaa', 'aircraft', T0 + 10_000, 0.01, 0.05, { altFt: 30_000 }),
    ];
    expect(runAll(engine, high)).toEqual([]);
    const descending = report('icao:aaaaaa', 'aircraft', T0 + 20_000, 0.02, 0.05, { altFt: 8000 });
    expect(runAll(engine, [descending]).map((d) => d.type)).toEqual(['zone_enter']);
  });

  it('exempts a notified track while the notification is in force, and not after', () => {
    const agreement = agreementOf([BOX], [rule('N', { forbids: ['enter'], zoneIds: ['box'] })], {
      notifications: [
        {
          id: 'PN-1',
          description: 'Repair convoy',
          trackIds: ['mmsi:1'],
          ruleIds: ['N'],
          fromMs: T0,
          toMs: T0 + HOUR,
        },
      ],
    });
    const enterAt = (t: number) =>
      runAll(new Engine(agreement), [
        report('mmsi:1', 'vessel', t, -0.01, 0.05),
        report('mmsi:1', 'vessel', t + MIN, 0.01, 0.05),
      ]);
    expect(enterAt(T0 + 10 * MIN)).toEqual([]);
    expect(enterAt(T0 + HOUR).map((d) => d.type)).toEqual(['zone_enter']);
  });

  it('exempts the tracks of a standing list and applies to those of another', () => {
    const agreement = agreementOf(
      [BOX],
      [
        rule('F', { forbids: ['inside'], zoneIds: ['box'], exemptLists: ['force'] }),
        rule('P', { forbids: ['inside'], zoneIds: ['box'], lists: ['party'] }),
      ],
      {
        lists: [
          { id: 'force', name: 'Force assets', trackIds: ['mmsi:1'] },
          { id: 'party', name: 'Party A navy', trackIds: ['mmsi:2'] },
        ],
      },
    );
    const found = runAll(new Engine(agreement), [
      report('mmsi:1', 'vessel', T0, 0.05, 0.05),
      report('mmsi:2', 'vessel', T0, 0.05, 0.05),
      report('mmsi:3', 'vessel', T0, 0.05, 0.05),
    ]);
    expect(found.map((d) => `${d.ruleId}:${d.trackId}`).sort()).toEqual([
      'F:mmsi:2',
      'F:mmsi:3',
      'P:mmsi:2',
    ]);
  });

  it('applies to the flags and ship types a rule names', () => {
    const agreement = agreementOf(
      [BOX],
      [rule('T', { forbids: ['inside'], zoneIds: ['box'], flags: ['RU'], types: ['Tanker'] })],
    );
    const engine = new Engine(agreement);
    engine.applyStatic({ trackId: 'mmsi:2', kind: 'vessel', tMs: T0, source: 't', type: 'Cargo' });
    const found = runAll(engine, [
      report('mmsi:1', 'vessel', T0, 0.05, 0.05, { flag: 'RU' }),
      report('mmsi:2', 'vessel', T0, 0.05, 0.05, { flag: 'RU' }),
      report('mmsi:3', 'vessel', T0, 0.05, 0.05, { flag: 'UA' }),
    ]);
    expect(found).toEqual([]);
    engine.applyStatic({
      trackId: 'mmsi:1',
      kind: 'vessel',
      tMs: T0,
      source: 't',
      type: 'Tanker, hazardous category A',
    });
    // Static data joins the track; the next report inside is not a new finding.
    const fresh = new Engine(agreement);
    fresh.applyStatic({ trackId: 'mmsi:9', kind: 'vessel', tMs: T0, source: 't', type: 'Tanker' });
    const hit = runAll(fresh, [report('mmsi:9', 'vessel', T0, 0.05, 0.05, { flag: 'RU' })]);
    expect(hit.map((d) => d.ruleId)).toEqual(['T']);
  });

  it('reports a track found inside a zone that comes into force around it as inside, not entering', () => {
    const timed = square('box', 0, 0, 0.1, 0.1, { inForce: { fromMs: T0 + 5 * MIN } });
    const engine = new Engine(
      agreementOf([timed], [rule('I', { forbids: ['enter', 'inside'], zoneIds: ['box'] })]),
    );
    const found = runAll(engine, path('mmsi:1', 'vessel', T0, 10, MIN, 0.05, 0.05, 0.0001));
    expect(found.map((d) => [d.type, d.tMs])).toEqual([['zone_inside', T0 + 5 * MIN]]);
  });

  it('judges by the version in force at each report, switching mid-track', () => {
    const v2From = T0 + 10 * MIN;
    const agreement: Agreement = {
      id: 'test',
      name: 'Two versions',
      illustrative: true,
      versions: [
        { version: 1, inForceFromMs: 0, title: 'v1', zones: [BOX], rules: [] },
        {
          version: 2,
          inForceFromMs: v2From,
          title: 'v2',
          zones: [BOX],
          rules: [rule('V', { forbids: ['enter', 'inside'], zoneIds: ['box'] })],
        },
      ],
    };
    const engine = new Engine(agreement);
    const early = runAll(engine, [
      report('mmsi:1', 'vessel', T0, -0.01, 0.05),
      report('mmsi:1', 'vessel', T0 + MIN, 0.01, 0.05),
    ]);
    expect(early).toEqual([]);
    const later = runAll(engine, [
      report('mmsi:2', 'vessel', v2From, -0.01, 0.05),
      report('mmsi:2', 'vessel', v2From + MIN, 0.01, 0.05),
    ]);
    expect(later.map((d) => [d.type, d.agreementVersion])).toEqual([['zone_enter', 2]]);
  });

  it('re-judges under a pinned version whatever the time', () => {
    const agreement: Agreement = {
      id: 'test',
      name: 'Two versions',
      illustrative: true,
      versions: [
        { version: 1, inForceFromMs: 0, title: 'v1', zones: [BOX], rules: [] },
        {
          version: 2,
          inForceFromMs: T0 + 100 * HOUR,
          title: 'v2',
          zones: [BOX],
          rules: [rule('V', { forbids: ['inside'], zoneIds: ['box'] })],
        },
      ],
    };
    const pinned = new Engine(agreement, { pinVersion: 2 });
    expect(runAll(pinned, [report('mmsi:1', 'vessel', T0, 0.05, 0.05)])).toHaveLength(1);
    expect(() => new Engine(agreement, { pinVersion: 7 })).toThrow(/no version 7/);
  });
});

describe('large zones are judged by the edges near the track, with the same answers', () => {
  /** The 0.1 degree box again, with each side cut into `n` edges. */
  const denseBox = (n: number) => {
    const ring: number[][] = [];
    const corners = [
      [0, 0],
      [0.1, 0],
      [0.1, 0.1],
      [0, 0.1],
      [0, 0],
    ];
    for (let c = 0; c < 4; c++) {
      const [x0, y0] = corners[c]!;
      const [x1, y1] = corners[c + 1]!;
      for (let k = 0; k < n; k++)
        ring.push([x0! + ((x1! - x0!) * k) / n, y0! + ((y1! - y0!) * k) / n]);
    }
    ring.push([0, 0]);
    return square('box', 0, 0, 0.1, 0.1, { geometry: { type: 'Polygon', coordinates: [ring] } });
  };
  const denseLine = (n: number) => ({
    id: 'loc',
    name: 'Line of contact',
    kind: 'line' as const,
    geometry: {
      type: 'LineString' as const,
      coordinates: Array.from({ length: n + 1 }, (_, k) => [1, -1 + (2 * k) / n]),
    },
  });
  const traffic = [
    // crosses the box between two reports
    report('icao:abcdef', 'aircraft', T0, -0.05, 0.05),
    report('icao:abcdef', 'aircraft', T0 + 60_000, 0.15, 0.05),
    // enters, jitters in the band, then leaves for good
    report('mmsi:1', 'vessel', T0, 0.05, -0.01),
    report('mmsi:1', 'vessel', T0 + 60_000, 0.05, 0.01),
    report('mmsi:1', 'vessel', T0 + 120_000, 0.05, -50 / M_PER_DEG),
    report('mmsi:1', 'vessel', T0 + 180_000, 0.05, 0.002),
    report('mmsi:1', 'vessel', T0 + 240_000, 0.05, -500 / M_PER_DEG),
    // crosses the line eastward, then westward
    report('sim:unit', 'ground', T0, 0.99, 0.5),
    report('sim:unit', 'ground', T0 + 60_000, 1.01, 0.5),
    report('sim:unit', 'ground', T0 + 120_000, 0.99, 0.5),
  ];
  const rules = [
    rule('Z', { forbids: ['enter', 'exit'], zoneIds: ['box'] }),
    rule('L', {
      forbids: ['cross'],
      zoneIds: ['loc'],
      thresholds: { crossDirection: 'left_to_right' },
    }),
  ];
  const judge = (n: number) =>
    runAll(new Engine(agreementOf([denseBox(n), denseLine(n)], rules)), traffic).map(
      (d) => `${d.type} ${d.trackId} ${d.tMs} ${d.lon.toFixed(6)} ${d.lat.toFixed(6)}`,
    );

  it('finds the same detections with 4 edges a side and with 5000', () => {
    const small = judge(1);
    expect(small).toHaveLength(5);
    expect(judge(5000)).toEqual(small);
  });
});
