import { describe, expect, it } from 'vitest';
import { EMPTY_AUDIT_HEAD } from './audit-chain.js';
import type { Incident } from './incident-types.js';
import { buildReportContent, type ReportBuildInput } from './report-builder.js';
import { DAY0_MS, HOUR_MS, makeIncident, makeReportAgreement } from './report-fixtures.js';
import { DAY_MS } from './report-period.js';

const DAY1_MS = DAY0_MS + DAY_MS;

function build(
  incidents: Incident[],
  previousIncidents: Incident[] = [],
  more: Partial<ReportBuildInput> = {},
) {
  return buildReportContent({
    id: 'RPT-20260102-00000001',
    fromMs: DAY1_MS,
    toMs: DAY1_MS + DAY_MS,
    generatedMs: DAY1_MS + DAY_MS + HOUR_MS,
    incidents,
    previousIncidents,
    agreement: makeReportAgreement(),
    auditHead: EMPTY_AUDIT_HEAD,
    ...more,
  });
}

describe('buildReportContent', () => {
  it('counts verified and published incidents by zone, category and track kind against the previous period', () => {
    const today = [
      makeIncident('INC-1', DAY1_MS + HOUR_MS, {
        kind: 'shelling',
        zoneId: 'buffer-north',
        trackKinds: [],
      }),
      makeIncident('INC-2', DAY1_MS + 2 * HOUR_MS, {
        kind: 'shelling',
        zoneId: 'buffer-north',
        trackKinds: [],
      }),
      makeIncident('INC-3', DAY1_MS + 3 * HOUR_MS, {
        kind: 'loiter',
        zoneId: '',
        trackKinds: ['vessel'],
      }),
      makeIncident('INC-4', DAY1_MS + 4 * HOUR_MS, {
        kind: 'encounter',
        zoneId: 'line-a',
        trackKinds: ['vessel', 'aircraft'],
        state: 'published',
      }),
      // Not counted: neither verified nor published.
      makeIncident('INC-5', DAY1_MS + 5 * HOUR_MS, { state: 'under_review' }),
      makeIncident('INC-6', DAY1_MS + 5 * HOUR_MS, { state: 'dismissed' }),
    ];
    const yesterday = [
      makeIncident('INC-0a', DAY0_MS + HOUR_MS, { kind: 'loiter', zoneId: 'buffer-north' }),
      makeIncident('INC-0b', DAY0_MS + 2 * HOUR_MS, { kind: 'loiter', zoneId: 'buffer-north' }),
      makeIncident('INC-0c', DAY0_MS + 3 * HOUR_MS, { kind: 'loiter', zoneId: 'buffer-north' }),
    ];
    const r = build(today, yesterday);

    expect(r.totals).toEqual({ count: 4, previous: 3, delta: 1 });
    expect(r.byZone).toEqual([
      { key: 'buffer-north', label: 'Buffer North', count: 2, previous: 3, delta: -1 },
      { key: '', label: 'outside any zone', count: 1, previous: 0, delta: 1 },
      { key: 'line-a', label: 'Line A', count: 1, previous: 0, delta: 1 },
    ]);
    expect(r.byCategory.map((c) => [c.key, c.count, c.previous, c.delta])).toEqual([
      ['shelling', 2, 0, 2],
      ['loiter', 1, 3, -2],
      ['encounter', 1, 0, 1],
    ]);
    // The encounter counts under both kinds; the shelling reports under "no track".
    expect(r.byTrackKind.map((c) => [c.key, c.count, c.previous])).toEqual([
      ['vessel', 2, 3],
      ['', 2, 0],
      ['aircraft', 1, 0],
    ]);
    expect(r.incidents.map((i) => [i.n, i.id])).toEqual([
      [1, 'INC-1'],
      [2, 'INC-2'],
      [3, 'INC-3'],
      [4, 'INC-4'],
    ]);
    expect(r.previousPeriod).toMatchObject({ fromMs: DAY0_MS, toMs: DAY1_MS });
    expect(r.agreement).toEqual({
      id: 'demo',
      name: 'Demo ceasefire',
      version: 1,
      versionTitle: 'Signed text',
      illustrative: true,
    });
  });

  it('writes a narrative of sentences taken from the figures only', () => {
    const today = [
      makeIncident('INC-1', DAY1_MS + HOUR_MS, {
        kind: 'shelling',
        trackKinds: [],
        confidence: 'confirmed',
      }),
      makeIncident('INC-2', DAY1_MS + 2 * HOUR_MS, { kind: 'shelling', trackKinds: [] }),
      makeIncident('INC-3', DAY1_MS + 3 * HOUR_MS, { kind: 'loiter', zoneId: '' }),
    ];
    const yesterday = [makeIncident('INC-0', DAY0_MS + HOUR_MS, { kind: 'loiter' })];
    expect(build(today, yesterday).narrative).toEqual([
      'On 2026-01-02, 3 verified incidents were recorded, up from 1 in the previous period.',
      'The most affected zone was Buffer North, with 2 of the 3 incidents.',
      '1 incident happened outside any zone.',
      'By category: 2 shelling or artillery and 1 loitering.',
      'Compared with the previous period, the largest rise was in shelling or artillery (0 to 2).',
      'Tracks involved: vessels in 1 incident; 2 incidents rest on field reports alone.',
      'Confidence of the verifying analysts: 1 confirmed and 2 high.',
    ]);
  });

  it('says plainly when nothing was verified, and how the previous period compares', () => {
    const r = build([], [makeIncident('INC-0', DAY0_MS + HOUR_MS)]);
    expect(r.totals).toEqual({ count: 0, previous: 1, delta: -1 });
    expect(r.narrative).toEqual([
      'On 2026-01-02, no incident was verified, down from 1 in the previous period.',
    ]);
    expect(r.incidents).toEqual([]);
    expect(build([]).narrative).toEqual([
      'On 2026-01-02, no incident was verified, the same number as in the previous period.',
    ]);
  });

  it('names zones tied for most affected, and a fall as well as a rise', () => {
    const today = [
      makeIncident('A', DAY1_MS + 1, { zoneId: 'buffer-north', kind: 'explosion' }),
      makeIncident('B', DAY1_MS + 2, { zoneId: 'line-a', kind: 'explosion' }),
    ];
    const yesterday = [
      makeIncident('C', DAY0_MS + 1, { kind: 'drone_activity' }),
      makeIncident('D', DAY0_MS + 2, { kind: 'drone_activity' }),
    ];
    const n = build(today, yesterday).narrative;
    expect(n).toContain(
      'The most affected zones were Buffer North and Line A, with 1 incident each.',
    );
    expect(n).toContain(
      'Compared with the previous period, the largest rise was in explosion (0 to 2), and the largest fall in drone activity (2 to 0).',
    );
  });

  it('titles a UTC day as a daily report, other periods by their range, and keeps a given title', () => {
    expect(build([]).title).toBe('Daily report 2026-01-02');
    expect(build([], [], { fromMs: DAY0_MS, toMs: DAY0_MS + 3 * DAY_MS }).title).toBe(
      'Report 2026-01-01 – 2026-01-03',
    );
    expect(
      build([], [], { fromMs: DAY0_MS + 6 * HOUR_MS, toMs: DAY0_MS + 18 * HOUR_MS }).title,
    ).toBe('Report 2026-01-01 06:00 – 2026-01-01 18:00 UTC');
    expect(build([], [], { title: 'Special report' }).title).toBe('Special report');
  });

  it('lists each incident with its place rounded to 5 decimals, a public evidence summary and its evidence link', () => {
    const r = build([
      makeIncident('INC-9', DAY1_MS, {
        lon: 33.123456789,
        lat: 45.987654321,
        trackIds: ['mmsi:1', 'icao:2'],
        trackKinds: ['vessel', 'aircraft', 'vessel'],
        detectionIds: ['d1', 'd2'],
        fieldReportIds: ['f1'],
      }),
    ]);
    expect(r.incidents[0]).toMatchObject({
      lon: 33.12346,
      lat: 45.98765,
      zoneName: 'Buffer North',
      evidence: { detections: 2, fieldReports: 1, tracks: 2, trackKinds: ['aircraft', 'vessel'] },
      evidenceUrl: '/incidents.html?id=INC-9',
    });
  });

  it('names no agreement when none was in force by the end of the period', () => {
    expect(build([], [], { agreement: undefined }).agreement).toBeNull();
    expect(build([], [], { fromMs: 0, toMs: DAY_MS }).agreement).toBeNull();
  });
});
