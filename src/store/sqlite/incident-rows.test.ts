import { describe, expect, it } from 'vitest';
import type { EvidencePoint } from '../../incidents/incident-types.js';
import { extendSummary, summariseEvidence, summariseOne } from './incident-rows.js';

const point = (id: string, tMs: number, more: Partial<EvidencePoint> = {}): EvidencePoint => ({
  type: 'detection',
  id,
  kind: 'line_cross',
  tMs,
  lon: 33 + tMs / 1000,
  lat: 45 - tMs / 1000,
  zoneId: '',
  trackIds: ['mmsi:1'],
  trackKind: 'vessel',
  ...more,
});

describe('evidence summaries', () => {
  it('extended one piece at a time, in any arrival order, say what a full read says', () => {
    const arrivals = [
      point('c', 30),
      point('a', 10, { zoneId: 'line-a', trackIds: ['mmsi:2', 'mmsi:1'] }),
      point('d', 40, { zoneId: 'line-b', trackKind: 'aircraft' }),
      point('b', 20),
    ];
    const [first, ...rest] = arrivals;
    const extended = rest.reduce(extendSummary, summariseOne(first!));
    const full = summariseEvidence([...arrivals].sort((x, y) => x.tMs - y.tMs))!;
    expect(extended).toEqual({ ...full, lon: extended.lon, lat: extended.lat });
    expect(extended.lon).toBeCloseTo(full.lon, 12);
    expect(extended.lat).toBeCloseTo(full.lat, 12);
    expect(full).toMatchObject({
      startMs: 10,
      endMs: 40,
      zoneId: 'line-a',
      trackIds: ['mmsi:2', 'mmsi:1'],
      trackKinds: ['vessel', 'aircraft'],
      count: 4,
    });
    expect(full.lon).toBeCloseTo(33.025, 12);
  });

  it('has nothing to say of no evidence (a merged incident keeps its last summary)', () => {
    expect(summariseEvidence([])).toBeUndefined();
  });
});
