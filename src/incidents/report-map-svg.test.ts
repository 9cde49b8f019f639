import { describe, expect, it } from 'vitest';
import type { Zone } from '../core/types.js';
import { makeReportAgreement } from './report-fixtures.js';
import { MAP_WIDTH_PX, renderReportMapSvg } from './report-map-svg.js';
import type { ReportIncident } from './report-types.js';

function incident(n: number, lon: number, lat: number, title = `Incident ${n}`): ReportIncident {
  return {
    n,
    id: `INC-${n}`,
    kind: 'explosion',
    kindLabel: 'explosion',
    title,
    startMs: 0,
    endMs: 0,
    lon,
    lat,
    zoneId: '',
    zoneName: '',
    confidence: 'high',
    evidence: { detections: 0, fieldReports: 1, tracks: 0, trackKinds: [] },
    evidenceUrl: `/incidents.html?id=INC-${n}`,
  };
}

const zones = makeReportAgreement().versions[0]!.zones as Zone[];

/** The centre of each numbered dot, by its number. */
function dotsOf(svg: string): Map<number, { x: number; y: number }> {
  const dots = new Map<number, { x: number; y: number }>();
  for (const m of svg.matchAll(
    /<circle cx="([\d.-]+)" cy="([\d.-]+)" r="10"\/><text[^>]*>(\d+)<\/text>/g,
  )) {
    dots.set(Number(m[3]), { x: Number(m[1]), y: Number(m[2]) });
  }
  return dots;
}

describe('renderReportMapSvg', () => {
  it('draws one numbered dot per incident inside the map, east to the right and north up', () => {
    const svg = renderReportMapSvg({
      incidents: [incident(1, 33.2, 45.1), incident(2, 33.9, 45.4)],
      zones,
      illustrative: false,
    });
    const dots = dotsOf(svg);
    expect([...dots.keys()]).toEqual([1, 2]);
    const [a, b] = [dots.get(1)!, dots.get(2)!];
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.y).toBeLessThan(a.y);
    const height = Number(/viewBox="0 0 \d+ (\d+)"/.exec(svg)![1]);
    for (const d of dots.values()) {
      expect(d.x).toBeGreaterThan(0);
      expect(d.x).toBeLessThan(MAP_WIDTH_PX);
      expect(d.y).toBeGreaterThan(0);
      expect(d.y).toBeLessThan(height);
    }
  });

  it('draws land from Natural Earth, the zones of the agreement and a scale bar', () => {
    const svg = renderReportMapSvg({
      incidents: [incident(1, 33.5, 45.2)],
      zones,
      illustrative: true,
    });
    expect(svg.match(/<g class="land">(.*?)<\/g>/s)![1]).toMatch(/<path d="M/);
    expect(svg).toContain('<path class="zone" fill-rule="evenodd"');
    expect(svg).toContain('<title>Buffer North</title>');
    expect(svg).toContain('<path class="zone-line"');
    expect(svg).toMatch(/>\d+ km<\/text>/);
    expect(svg).toContain('Illustrative agreement');
  });

  it('escapes titles and zone names, which come from people', () => {
    const hostile = 'A & <script>"x"</script>';
    const svg = renderReportMapSvg({
      incidents: [incident(1, 33.5, 45.2, hostile)],
      zones: [{ ...zones[0]!, name: hostile }],
      illustrative: false,
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('<title>1. A &amp; &lt;script&gt;&quot;x&quot;&lt;/script&gt;</title>');
  });

  it('frames the zones when there is no incident, and still draws a map with neither', () => {
    expect(renderReportMapSvg({ incidents: [], zones, illustrative: false })).toContain(
      'class="zone"',
    );
    const empty = renderReportMapSvg({ incidents: [], zones: [], illustrative: false });
    expect(empty.startsWith('<svg')).toBe(true);
    expect(empty).toMatch(/<path d="M/);
  });
});
