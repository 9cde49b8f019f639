import { describe, expect, it } from 'vitest';
import type { Agreement, Observation, StaticReport } from '../core/types.js';
import { Engine } from './engine.js';

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);

const AGREEMENT: Agreement = {
  id: 'empty',
  name: 'No zones',
  illustrative: true,
  versions: [{ version: 1, inForceFromMs: 0, title: 'v1', zones: [], rules: [] }],
};

function position(trackId: string, tMs: number, extra: Partial<Observation> = {}): Observation {
  return { trackId, kind: 'vessel', tMs, lon: 31, lat: 45, source: 'test', ...extra };
}

function voyage(trackId: string, tMs: number, extra: Partial<StaticReport> = {}): StaticReport {
  return {
    trackId,
    kind: 'vessel',
    tMs,
    source: 'test',
    name: 'NORTHERN STAR',
    callsign: 'D5AB7',
    type: 'Cargo',
    flag: 'LR',
    transponder: 'AIS class A',
    imo: 9_319_466,
    destination: 'CONSTANTA',
    lengthM: 180,
    beamM: 28,
    draughtM: 9.4,
    ...extra,
  };
}

describe('Engine.applyStatic', () => {
  it('merges name, type, flag and dimensions into a track already seen at a position', () => {
    const engine = new Engine(AGREEMENT);
    engine.step(position('mmsi:636012345', T0));
    const changed = engine.applyStatic(voyage('mmsi:636012345', T0 + 1000));
    expect(changed).toMatchObject({
      id: 'mmsi:636012345',
      name: 'NORTHERN STAR',
      callsign: 'D5AB7',
      type: 'Cargo',
      flag: 'LR',
      transponder: 'AIS class A',
      imo: 9_319_466,
      destination: 'CONSTANTA',
      lengthM: 180,
      beamM: 28,
      draughtM: 9.4,
      observationCount: 1,
    });
    expect(engine.getTrack('mmsi:636012345')).toEqual(changed);
  });

  it('returns undefined when the report changes nothing, so the track is not stored again', () => {
    const engine = new Engine(AGREEMENT);
    engine.step(position('mmsi:636012345', T0));
    expect(engine.applyStatic(voyage('mmsi:636012345', T0 + 1000))).toBeDefined();
    expect(engine.applyStatic(voyage('mmsi:636012345', T0 + 360_000))).toBeUndefined();
    const renamed = engine.applyStatic(voyage('mmsi:636012345', T0 + 720_000, { name: 'STAR' }));
    expect(renamed?.name).toBe('STAR');
    expect(renamed?.type).toBe('Cargo');
  });

  it('keeps fields the report leaves out (a type 24 part A carries only the name)', () => {
    const engine = new Engine(AGREEMENT);
    engine.step(position('mmsi:636012345', T0));
    engine.applyStatic(voyage('mmsi:636012345', T0 + 1000));
    const t = engine.applyStatic({
      trackId: 'mmsi:636012345',
      kind: 'vessel',
      tMs: T0 + 2000,
      source: 'test',
      destination: 'ODESA',
    });
    expect(t).toMatchObject({ name: 'NORTHERN STAR', destination: 'ODESA', lengthM: 180 });
  });

  it('holds static data of a track with no position yet and merges it at the first position', () => {
    const engine = new Engine(AGREEMENT);
    expect(engine.applyStatic(voyage('mmsi:636012345', T0))).toBeUndefined();
    expect(engine.applyStatic(voyage('mmsi:636012345', T0 + 1, { destination: 'ODESA' }))).toBe(
      undefined,
    );
    expect(engine.getTrack('mmsi:636012345')).toBeUndefined();
    expect(engine.pendingStaticCount).toBe(1);
    engine.step(position('mmsi:636012345', T0 + 2000));
    expect(engine.getTrack('mmsi:636012345')).toMatchObject({
      name: 'NORTHERN STAR',
      type: 'Cargo',
      destination: 'ODESA',
      last: { tMs: T0 + 2000 },
    });
    expect(engine.pendingStaticCount).toBe(0);
  });

  it('lets what the first position report says win over held static data', () => {
    const engine = new Engine(AGREEMENT);
    engine.applyStatic(voyage('mmsi:636012345', T0));
    engine.step(position('mmsi:636012345', T0 + 1000, { flag: 'MT' }));
    expect(engine.getTrack('mmsi:636012345')).toMatchObject({ flag: 'MT', name: 'NORTHERN STAR' });
  });

  it('keeps static data on the track as later positions arrive', () => {
    const engine = new Engine(AGREEMENT);
    engine.step(position('mmsi:636012345', T0));
    engine.applyStatic(voyage('mmsi:636012345', T0 + 1000));
    engine.step(position('mmsi:636012345', T0 + 10_000));
    expect(engine.getTrack('mmsi:636012345')).toMatchObject({
      type: 'Cargo',
      transponder: 'AIS class A',
      imo: 9_319_466,
      draughtM: 9.4,
      observationCount: 2,
    });
  });

  it('holds at most maxPendingStatic tracks, dropping the one reported longest ago', () => {
    const engine = new Engine(AGREEMENT, { maxPendingStatic: 2 });
    engine.applyStatic(voyage('mmsi:000000001', T0));
    engine.applyStatic(voyage('mmsi:000000002', T0));
    engine.applyStatic(voyage('mmsi:000000001', T0 + 1)); // reported again: now the newest
    engine.applyStatic(voyage('mmsi:000000003', T0 + 2));
    expect(engine.pendingStaticCount).toBe(2);
    expect(engine.counters.staticDropped).toBe(1);
    engine.step(position('mmsi:000000002', T0 + 10));
    engine.step(position('mmsi:000000001', T0 + 10));
    expect(engine.getTrack('mmsi:000000002')?.name).toBeUndefined();
    expect(engine.getTrack('mmsi:000000001')?.name).toBe('NORTHERN STAR');
    expect(engine.counters.staticReports).toBe(4);
  });

  it('refuses a negative bound at construction', () => {
    expect(() => new Engine(AGREEMENT, { maxPendingStatic: -1 })).toThrow(/maxPendingStatic/);
  });
});
