import { describe, expect, it } from 'vitest';
import type { Observation } from '../core/types.js';
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

describe('altitude and speed, once per episode', () => {
  it('reports flying below the floor once, not again while hovering at the limit', () => {
    const engine = new Engine(
      agreementOf(
        [],
        [
          rule('LOW', {
            kinds: ['aircraft'],
            forbids: ['below_altitude'],
            thresholds: { altitudeFt: 1000 },
          }),
        ],
      ),
    );
    const alts = [3000, 900, 1020, 950, 1050, 2000, 800];
    const list = alts.map((altFt, k) =>
      report('icao:abcdef', 'aircraft', T0 + k * 10_000, 0.01 * k, 0, { altFt }),
    );
    const found = runAll(engine, list);
    expect(found.map((d) => d.tMs)).toEqual([T0 + 10_000, T0 + 60_000]);
    expect(found[0]!.summary).toContain('900 ft');
    expect(found[0]!.summary).toContain('1000 ft floor');
    expect(found[0]!.citation).toBe('Art. LOW');
  });

  it('reports a vessel over the speed limit inside the rule’s zone only', () => {
    const box = square('box', 0, 0, 0.1, 0.1);
    const engine = new Engine(
      agreementOf(
        [box],
        [rule('FAST', { forbids: ['above_speed'], zoneIds: ['box'], thresholds: { speedKn: 10 } })],
      ),
    );
    const found = runAll(engine, [
      report('mmsi:1', 'vessel', T0, -0.05, 0.05, { speedKn: 15 }),
      report('mmsi:1', 'vessel', T0 + MIN, 0.05, 0.05, { speedKn: 15 }),
      report('mmsi:1', 'vessel', T0 + 2 * MIN, 0.06, 0.05, { speedKn: 16 }),
    ]);
    expect(found.map((d) => [d.type, d.tMs])).toEqual([['above_speed', T0 + MIN]]);
  });
});

describe('emergency squawks', () => {
  it('reports 7700 once per episode', () => {
    const engine = new Engine(
      agreementOf([], [rule('SQ', { kinds: ['aircraft'], forbids: ['emergency'] })]),
    );
    const squawks = ['1000', '7700', '7700', '1000', '7500'];
    const list = squawks.map((squawk, k) =>
      report('icao:abcdef', 'aircraft', T0 + k * 5000, 0.01 * k, 0, { squawk }),
    );
    const found = runAll(engine, list);
    expect(found.map((d) => d.summary.match(/code (\d+)/)?.[1])).toEqual(['7700', '7500']);
  });
});

describe('impossible movement and receiver range', () => {
  const agreement = agreementOf([], [rule('J', { forbids: ['jump', 'out_of_range'] })]);

  it('reports a vessel that jumps 50 km in a minute, not one with 1 km of position noise', () => {
    const engine = new Engine(agreement);
    const found = runAll(engine, [
      report('mmsi:1', 'vessel', T0, 0, 0),
      report('mmsi:1', 'vessel', T0 + 1000, 1000 / M_PER_DEG, 0),
      report('mmsi:1', 'vessel', T0 + MIN, 50_000 / M_PER_DEG, 0),
    ]);
    expect(found.map((d) => [d.type, d.tMs])).toEqual([['jump', T0 + MIN]]);
    expect(found[0]!.evidence).toHaveLength(2);
  });

  it('reports a position far beyond the receiver’s range', () => {
    const engine = new Engine(agreement, {
      receiverOf: (source) => (source === 'rx' ? { lon: 0, lat: 0 } : undefined),
    });
    const found = runAll(engine, [
      report('icao:abcdef', 'aircraft', T0, 1, 0, { source: 'rx' }),
      report('icao:abcdef', 'aircraft', T0 + HOUR, 6, 0, { source: 'rx' }),
      report('icao:abcdef', 'aircraft', T0 + 2 * HOUR, 7, 0, { source: 'rx' }),
    ]);
    expect(found.map((d) => d.type)).toEqual(['out_of_range']);
    expect(found[0]!.summary).toMatch(/360 NM from the receiver, beyond its 300 NM/);
  });
});

describe('loitering and encounters (Global Fishing Watch definitions)', () => {
  it('reports a vessel drifting below 2 kn for an hour, away from port', () => {
    const engine = new Engine(
      agreementOf([], [rule('LO', { kinds: ['vessel'], forbids: ['loiter'] })]),
    );
    const drift = path('mmsi:1', 'vessel', T0, 70, MIN, 0, 0, 0.0001, { speedKn: 0.5 });
    const found = runAll(engine, drift);
    expect(found.map((d) => [d.type, d.tMs, d.durationMs])).toEqual([['loiter', T0 + HOUR, HOUR]]);
  });

  it('does not report loitering in a port', () => {
    const port = square('port', -0.1, -0.1, 0.1, 0.1, { kind: 'port' });
    const engine = new Engine(
      agreementOf([port], [rule('LO', { kinds: ['vessel'], forbids: ['loiter'] })]),
    );
    const drift = path('mmsi:1', 'vessel', T0, 70, MIN, 0, 0, 0.0001, { speedKn: 0.5 });
    expect(runAll(engine, drift)).toEqual([]);
  });

  it('reports two vessels 300 m apart for two hours as one encounter', () => {
    const engine = new Engine(
      agreementOf([], [rule('EN', { kinds: ['vessel'], forbids: ['encounter'] })]),
    );
    const off = 300 / M_PER_DEG;
    const a = path('mmsi:1', 'vessel', T0, 130, MIN, 0, 0, 0, { speedKn: 0.3 });
    const b = path('mmsi:2', 'vessel', T0 + 20_000, 130, MIN, off, 0, 0, { speedKn: 0.3 });
    const found = runAll(engine, [...a, ...b]);
    expect(found).toHaveLength(1);
    expect(found[0]!.type).toBe('encounter');
    expect([found[0]!.trackId, found[0]!.otherTrackId].sort()).toEqual(['mmsi:1', 'mmsi:2']);
    expect(found[0]!.durationMs).toBeGreaterThanOrEqual(2 * HOUR);
    expect(found[0]!.evidence).toHaveLength(2);
  });
});

describe('going silent, with the feed-health gate', () => {
  const agreement = agreementOf(
    [],
    [rule('SIL', { kinds: ['vessel'], forbids: ['silence'], thresholds: { silenceMinutes: 30 } })],
  );
  const regular = (id: string, source: string, count: number): Observation[] =>
    path(id, 'vessel', T0, count, MIN, 0, 0, 0.0005, { source });

  it('reports a vessel that stops reporting while its source carries on', () => {
    const engine = new Engine(agreement);
    const quiet = regular('mmsi:1', 'ais', 10);
    const others = regular('mmsi:2', 'ais', 80);
    const found = runAll(engine, [...quiet, ...others]);
    expect(found.map((d) => [d.type, d.trackId, d.tMs])).toEqual([
      ['silence', 'mmsi:1', T0 + 9 * MIN + 30 * MIN],
    ]);
  });

  it('holds the alerts back and says so once when the whole source drops', () => {
    const engine = new Engine(agreement);
    const found = runAll(
      engine,
      [...regular('mmsi:1', 'ais', 10), ...regular('mmsi:2', 'ais', 10)],
      T0 + 2 * HOUR,
    );
    expect(found.map((d) => d.type)).toEqual(['feed_outage']);
    expect(found[0]!.trackId).toBe('source:ais');
    expect(found[0]!.summary).toContain('the whole feed dropped');
  });
});

describe('degraded navigation integrity', () => {
  it('reports three aircraft with low NACp in one area within 15 minutes', () => {
    const engine = new Engine(
      agreementOf([], [rule('GN', { kinds: ['aircraft'], forbids: ['integrity_degraded'] })]),
    );
    const list = ['icao:000001', 'icao:000002', 'icao:000003'].map((id, k) =>
      report(id, 'aircraft', T0 + k * 2 * MIN, 30.2 + 0.1 * k, 45.5, { nacP: 3 }),
    );
    const found = runAll(engine, list);
    expect(found.map((d) => [d.type, d.evidence.length])).toEqual([['integrity_degraded', 3]]);
    expect(found[0]!.summary).toMatch(/^3 aircraft reported degraded GNSS integrity/);
  });
});

describe('replay determinism', () => {
  it('gives the same detections, ids included, for the same input', () => {
    const agreement = agreementOf(
      [square('box', 0, 0, 0.1, 0.1)],
      [
        rule('A', { forbids: ['enter', 'exit', 'dwell', 'jump'], zoneIds: ['box'] }),
        rule('B', {
          kinds: ['vessel'],
          forbids: ['loiter', 'silence'],
          thresholds: { silenceMinutes: 5 },
        }),
      ],
    );
    const list = [
      ...path('mmsi:1', 'vessel', T0, 200, 20_000, -0.05, 0.05, 0.001, { speedKn: 1 }),
      ...path('mmsi:2', 'vessel', T0, 50, 30_000, 0.05, 0.05, 0, { speedKn: 0.1 }),
    ];
    const once = runAll(new Engine(agreement), list, T0 + 3 * HOUR);
    const twice = runAll(new Engine(agreement), list, T0 + 3 * HOUR);
    expect(once.length).toBeGreaterThan(0);
    expect(twice).toEqual(once);
  });
});
