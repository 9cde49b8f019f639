import { describe, expect, it } from 'vitest';
import type { Detection, DetectionType } from '../core/types.js';
import { compareDetections, DetectionComparer } from './compare-detections.js';

const T0 = Date.UTC(2026, 1, 1);
let serial = 0;

function det(
  trackId: string,
  type: DetectionType,
  zoneId: string,
  ruleId: string,
  tMs = T0 + serial * 1000,
): Detection {
  serial++;
  return {
    id: `d${serial}`,
    type,
    tMs,
    trackId,
    kind: trackId.startsWith('mmsi:') ? 'vessel' : 'aircraft',
    zoneId,
    ruleId,
    citation: 'Art. 1',
    agreementId: 'test',
    agreementVersion: 1,
    lon: 30,
    lat: 45,
    summary: `${trackId} ${type} ${zoneId}`,
    evidence: [],
  };
}

const repeat = (n: number, make: () => Detection) => Array.from({ length: n }, make);

describe('compareDetections', () => {
  it('matches detections by (track, type, zone) as multisets, whatever their ids and times', () => {
    const a = [
      ...repeat(5, () => det('icao:000001', 'zone_enter', 'nfz', 'R-1')),
      det('icao:000002', 'line_cross', 'line', 'R-3'),
    ];
    const b = [
      ...repeat(3, () => det('icao:000001', 'zone_enter', 'nfz', 'R-1', T0 + 9e6)),
      det('icao:000002', 'line_cross', 'line', 'R-3'),
      det('icao:000002', 'zone_enter', 'buffer', 'R-2'),
    ];
    const r = compareDetections(a, b);
    expect(r.matchKey).toEqual(['trackId', 'type', 'zoneId']);
    expect(r.totals).toEqual({ a: 6, b: 5, matched: 4, onlyInA: 2, onlyInB: 1 });
    expect(r.onlyInA).toEqual([
      { trackId: 'icao:000001', type: 'zone_enter', zoneId: 'nfz', count: 2 },
    ]);
    expect(r.onlyInB).toEqual([
      { trackId: 'icao:000002', type: 'zone_enter', zoneId: 'buffer', count: 1 },
    ]);
  });

  it('matches across renumbered rules by default, and not with matchRule', () => {
    const a = [det('icao:000001', 'zone_enter', 'nfz', 'R-1')];
    const b = [det('icao:000001', 'zone_enter', 'nfz', 'R-1bis')];
    expect(compareDetections(a, b).totals.matched).toBe(1);
    const strict = compareDetections(a, b, { matchRule: true });
    expect(strict.matchKey).toEqual(['trackId', 'type', 'zoneId', 'ruleId']);
    expect(strict.totals).toMatchObject({ matched: 0, onlyInA: 1, onlyInB: 1 });
    expect(strict.onlyInA[0]).toEqual({
      trackId: 'icao:000001',
      type: 'zone_enter',
      zoneId: 'nfz',
      ruleId: 'R-1',
      count: 1,
    });
  });

  it('counts per rule, type and zone, sorted by id', () => {
    const r = compareDetections(
      [det('icao:000001', 'zone_enter', 'nfz', 'R-2'), det('mmsi:1', 'zone_exit', 'cor', 'R-1')],
      [det('icao:000001', 'zone_enter', 'nfz', 'R-2'), det('icao:000001', 'silence', '', 'R-9')],
    );
    expect(r.byRule).toEqual([
      { ruleId: 'R-1', a: 1, b: 0 },
      { ruleId: 'R-2', a: 1, b: 1 },
      { ruleId: 'R-9', a: 0, b: 1 },
    ]);
    expect(r.byType.map((x) => x.type)).toEqual(['silence', 'zone_enter', 'zone_exit']);
    expect(r.byZone).toEqual([
      { zoneId: '', a: 0, b: 1 },
      { zoneId: 'cor', a: 1, b: 0 },
      { zoneId: 'nfz', a: 1, b: 1 },
    ]);
  });

  it('lists the tracks that account for most of the difference, largest first, ties by id', () => {
    const a = [
      ...repeat(10, () => det('icao:00000c', 'zone_enter', 'nfz', 'R-1')),
      ...repeat(4, () => det('icao:00000b', 'zone_enter', 'nfz', 'R-1')),
      ...repeat(4, () => det('icao:00000a', 'zone_enter', 'nfz', 'R-1')),
      ...repeat(2, () => det('icao:00000d', 'zone_enter', 'nfz', 'R-1')),
    ];
    const b = [
      ...repeat(2, () => det('icao:00000d', 'zone_enter', 'nfz', 'R-1')),
      det('icao:00000e', 'zone_enter', 'nfz', 'R-1'),
    ];
    const r = compareDetections(a, b, { topTracks: 3 });
    expect(r.topTracks.map((t) => [t.trackId, t.a, t.b])).toEqual([
      ['icao:00000c', 10, 0],
      ['icao:00000a', 4, 0],
      ['icao:00000b', 4, 0],
    ]);
    expect(r.tracks).toEqual({ withDetections: 5, differing: 4, totalAbsDifference: 19 });
    expect(r.topTracksShare).toBeCloseTo(18 / 19);
    expect(r.topTracks[0]).toMatchObject({ onlyInA: 10, onlyInB: 0, kind: 'aircraft' });
  });

  it('keeps a bounded sample per track and variant, marking hits only that variant makes', () => {
    const a = [
      det('icao:000001', 'zone_enter', 'nfz', 'R-1'),
      ...repeat(9, () => det('icao:000001', 'line_cross', 'line', 'R-3')),
    ];
    const b = [det('icao:000001', 'line_cross', 'line', 'R-3')];
    const r = compareDetections(a, b, { samplesPerTrack: 3 });
    const [t] = r.topTracks;
    expect(t!.samples.a.map((p) => [p.id, p.zoneId, p.onlyHere])).toEqual([
      [a[0]!.id, 'nfz', true],
      [a[1]!.id, 'line', false],
      [a[2]!.id, 'line', false],
    ]);
    expect(t!.samples.b).toHaveLength(1);
    expect(t!.samples.a[0]).toMatchObject({ tMs: a[0]!.tMs, lon: 30, lat: 45, ruleId: 'R-1' });
  });

  it('bounds the unmatched keys it lists and says when it cut them', () => {
    const a = ['icao:000001', 'icao:000002', 'icao:000003'].map((id) =>
      det(id, 'zone_enter', 'nfz', 'R-1'),
    );
    const r = compareDetections(a, [], { maxUnmatchedKeys: 2 });
    expect(r.onlyInA.map((k) => k.trackId)).toEqual(['icao:000001', 'icao:000002']);
    expect(r.unmatchedKeysTruncated).toBe(true);
    expect(r.totals.onlyInA).toBe(3);
  });

  it('gives the same result whatever order the detections of the two variants interleave', () => {
    const a = [
      det('icao:000002', 'zone_enter', 'nfz', 'R-1'),
      det('icao:000001', 'zone_enter', 'buffer', 'R-2'),
      det('icao:000001', 'zone_enter', 'nfz', 'R-1'),
    ];
    const b = [det('icao:000003', 'line_cross', 'line', 'R-3')];
    const interleaved = new DetectionComparer();
    interleaved.add('b', b[0]!);
    for (const d of a) interleaved.add('a', d);
    expect(interleaved.result()).toEqual(compareDetections(a, b));
  });

  it('echoes the variant descriptions for readers of the JSON', () => {
    const variants = {
      a: { label: 'agreement.json v1', agreementId: 'demo', pinVersion: 1 },
      b: { label: 'draft.json (version in force)', agreementId: 'draft' },
    };
    expect(compareDetections([], [], { variants }).variants).toEqual(variants);
    expect(compareDetections([], []).topTracksShare).toBe(0);
  });

  it('refuses a negative or fractional bound at construction', () => {
    expect(() => new DetectionComparer({ topTracks: -1 })).toThrow(
      /expected topTracks to be an integer >= 0, got -1/,
    );
    expect(() => new DetectionComparer({ samplesPerTrack: 1.5 })).toThrow(/samplesPerTrack/);
  });
});
