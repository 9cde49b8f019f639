import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_MS, makeDetection, makeFieldReport, T0_MS } from './incident-fixtures.js';
import {
  chooseIncident,
  compareIds,
  type GroupingCandidate,
  placeDetection,
  placeFieldReport,
} from './incident-grouping.js';
import {
  DEFAULT_GROUPING,
  GroupingConfigError,
  loadGroupingConfig,
  parseGroupingConfig,
} from './incident-grouping-config.js';

const at = (id: string, startMs: number, endMs: number, lon = 36.2, lat = 47.8) =>
  ({ id, startMs, endMs, lon, lat }) satisfies GroupingCandidate;

describe('placing detections', () => {
  it('puts zone_inside in the same group as its track’s zone_enter in that zone', () => {
    const enter = placeDetection(DEFAULT_GROUPING, makeDetection('a'))!;
    const inside = placeDetection(DEFAULT_GROUPING, makeDetection('b', { type: 'zone_inside' }))!;
    expect(inside.groupKey).toBe(enter.groupKey);
  });

  it('keeps other tracks and other zones apart', () => {
    const key = (d: Parameters<typeof makeDetection>[1]) =>
      placeDetection(DEFAULT_GROUPING, makeDetection('x', d))!.groupKey;
    expect(key({ trackId: 'mmsi:2' })).not.toBe(key({}));
    expect(key({ zoneId: 'buffer-south' })).not.toBe(key({}));
    expect(key({ type: 'line_cross' })).not.toBe(key({}));
  });

  it('groups an encounter by its pair of vessels in either order', () => {
    const ab = makeDetection('e1', { type: 'encounter', trackId: 'a', otherTrackId: 'b' });
    const ba = makeDetection('e2', { type: 'encounter', trackId: 'b', otherTrackId: 'a' });
    expect(placeDetection(DEFAULT_GROUPING, ab)!.groupKey).toBe(
      placeDetection(DEFAULT_GROUPING, ba)!.groupKey,
    );
    expect(placeDetection(DEFAULT_GROUPING, ab)!.evidence.trackIds).toEqual(['a', 'b']);
  });

  it('makes a title with a lone surrogate fit for the audit log', () => {
    const d = makeDetection('s', { summary: `Vessel \ud800 ${'x'.repeat(129)}😀 entered.` });
    const { title } = placeDetection(DEFAULT_GROUPING, d)!;
    expect(title).toBe(`Vessel \ufffd ${'x'.repeat(129)}\ufffd…`);
  });

  it('skips feed outages, which are notices about a source, not breaches', () => {
    expect(placeDetection(DEFAULT_GROUPING, makeDetection('f', { type: 'feed_outage' }))).toBe(
      null,
    );
  });
});

describe('choosing an incident', () => {
  const report = placeFieldReport(DEFAULT_GROUPING, makeFieldReport('r'));

  it('joins an incident within the family’s distance and time gap', () => {
    expect(
      chooseIncident(report, [at('INC-000001', T0_MS - 30 * MIN_MS, T0_MS - 20 * MIN_MS)]),
    ).toBe('INC-000001');
  });

  it('starts a new incident beyond the time gap (2 h for explosions and shelling)', () => {
    expect(
      chooseIncident(report, [at('INC-000001', T0_MS - 3 * 60 * MIN_MS, T0_MS - 121 * MIN_MS)]),
    ).toBe(undefined);
  });

  it('starts a new incident beyond the distance (5 km)', () => {
    // 0.1° of latitude is about 11 km.
    expect(chooseIncident(report, [at('INC-000001', T0_MS, T0_MS, 36.2, 47.9)])).toBe(undefined);
    expect(chooseIncident(report, [at('INC-000001', T0_MS, T0_MS, 36.2, 47.83)])).toBe(
      'INC-000001',
    );
  });

  it('groups shelling with explosions but not with small-arms fire', () => {
    const shelling = placeFieldReport(
      DEFAULT_GROUPING,
      makeFieldReport('s', { category: 'shelling' }),
    );
    const arms = placeFieldReport(
      DEFAULT_GROUPING,
      makeFieldReport('a', { category: 'small_arms_fire' }),
    );
    expect(shelling.groupKey).toBe(report.groupKey);
    expect(arms.groupKey).not.toBe(report.groupKey);
  });

  it('prefers the nearest, then the closest in time, then the oldest, whatever the order given', () => {
    const near = at('INC-000003', T0_MS, T0_MS, 36.2, 47.81);
    const far = at('INC-000001', T0_MS, T0_MS, 36.2, 47.82);
    const sameA = at('INC-000010', T0_MS, T0_MS);
    const sameB = at('INC-000009', T0_MS, T0_MS);
    expect(chooseIncident(report, [far, near])).toBe('INC-000003');
    expect(chooseIncident(report, [near, far])).toBe('INC-000003');
    expect(chooseIncident(report, [sameA, sameB])).toBe('INC-000009');
    expect(chooseIncident(report, [sameB, sameA])).toBe('INC-000009');
  });

  it('orders ids by number past a million', () => {
    expect(compareIds('INC-999999', 'INC-1000000')).toBeLessThan(0);
  });
});

describe('the grouping file', () => {
  it('replaces only the sections it gives', () => {
    const config = parseGroupingConfig({
      fieldReports: {
        families: [
          {
            name: 'all-fire',
            categories: ['explosion', 'small_arms_fire'],
            maxDistanceKm: 1,
            maxGapMin: 30,
          },
        ],
      },
    });
    expect(config.detections).toEqual(DEFAULT_GROUPING.detections);
    expect(config.fieldReports.families.map((f) => f.name)).toEqual(['all-fire']);
  });

  it.each([
    [
      {
        fieldReports: {
          families: [{ name: 'x', categories: ['bang'], maxDistanceKm: 1, maxGapMin: 1 }],
        },
      },
      'fieldReports.families.0.categories.0',
    ],
    [
      {
        fieldReports: {
          families: [{ name: 'x', categories: ['explosion'], maxDistanceKm: -1, maxGapMin: 1 }],
        },
      },
      'fieldReports.families.0.maxDistanceKm',
    ],
    [{ detections: { families: [], skip: ['zone_enter'] }, extra: 1 }, 'extra'],
    [
      {
        detections: {
          skip: ['zone_enter'],
          families: [{ name: 'z', types: ['zone_enter'], by: ['track'], maxGapMin: 10 }],
        },
      },
      'detections.families.0',
    ],
  ])('refuses %j naming %s', (doc, field) => {
    let err: unknown;
    try {
      parseGroupingConfig(doc);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GroupingConfigError);
    expect((err as GroupingConfigError).field).toBe(field);
  });
});

describe('loading the grouping file', () => {
  it('names the file and the field of a refusal, and reads a good file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'truceline-grouping-'));
    try {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ detections: { families: [{ name: 'z' }] } }));
      await expect(loadGroupingConfig(bad)).rejects.toThrow(`${bad}: detections.families.0.types:`);
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{ "detections": ');
      await expect(loadGroupingConfig(broken)).rejects.toBeInstanceOf(GroupingConfigError);
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify({ detections: { skip: [], families: [] } }));
      expect((await loadGroupingConfig(good)).detections).toEqual({ skip: [], families: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
