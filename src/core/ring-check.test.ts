import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { both, type Json, problemsAfter, refusal, SQUARE } from './agreement-validate.fixture.js';
import { validateAgreement } from './agreement-validate.js';
import { checkPolygonRings } from './ring-check.js';
import type { Agreement, Zone } from './types.js';

const BOWTIE = [
  [30, 46],
  [31, 47],
  [31, 46],
  [30, 47],
  [30, 46],
];
const FAR = [
  [35, 40],
  [35.1, 40],
  [35.1, 40.1],
  [35, 40],
];
const ACROSS = [
  [30.9, 46.4],
  [31.2, 46.4],
  [31.2, 46.6],
  [30.9, 46.4],
];

describe('polygon rings (through the file)', () => {
  // [refusal, change, field, provision, reason]
  const cases: [string, (d: Json) => void, string, string | undefined, RegExp][] = [
    [
      'a ring that is not closed',
      both((v) => v.zones[0].geometry.coordinates[0].pop()),
      'versions[0].zones[0].geometry.coordinates[0]',
      'buffer',
      /ring is not closed/,
    ],
    [
      'a ring of fewer than 4 positions',
      both((v) => {
        v.zones[0].geometry.coordinates[0] = [
          [30, 46],
          [31, 46],
          [30, 46],
        ];
      }),
      'versions[0].zones[0].geometry.coordinates[0]',
      'buffer',
      /expected array to have >=4 items/,
    ],
    [
      'a ring without area',
      both((v) => {
        v.zones[0].geometry.coordinates[0] = [
          [30, 46],
          [31, 46],
          [32, 46],
          [30, 46],
        ];
      }),
      'versions[0].zones[0].geometry.coordinates[0]',
      'buffer',
      /ring has no area/,
    ],
    [
      'a ring that crosses itself',
      both((v) => {
        v.zones[0].geometry.coordinates[0] = BOWTIE;
      }),
      'versions[0].zones[0].geometry.coordinates[0]',
      'buffer',
      /ring crosses or touches itself: the edge from position 0 \(\[30, 46\]\) meets the edge from position 2/,
    ],
    [
      'a hole outside its outer ring',
      both((v) => v.zones[0].geometry.coordinates.push(FAR)),
      'versions[0].zones[0].geometry.coordinates[1]',
      'buffer',
      /hole lies outside its outer ring/,
    ],
    [
      'a hole crossing its outer ring',
      both((v) => v.zones[0].geometry.coordinates.push(ACROSS)),
      'versions[0].zones[0].geometry.coordinates[1]',
      'buffer',
      /ring 1 crosses or touches ring 0/,
    ],
    [
      'a MultiPolygon part that crosses itself',
      both((v) => {
        v.zones[0].geometry = { type: 'MultiPolygon', coordinates: [[SQUARE], [BOWTIE]] };
      }),
      'versions[0].zones[0].geometry.coordinates[1][0]',
      'buffer',
      /crosses or touches itself/,
    ],
  ];

  it.each(cases)('refuses %s', (_, change, field, provision, reason) => {
    expect(problemsAfter(change)).toContainEqual(refusal(field, provision, reason));
  });
});

describe('checkPolygonRings', () => {
  it('reports through the callback, each path under the prefix', () => {
    const reports: [string, string][] = [];
    checkPolygonRings([SQUARE, FAR], '[3]', (path, reason) => reports.push([path, reason]));
    expect(reports).toEqual([['[3][1]', 'hole lies outside its outer ring']]);
  });

  it('reports nothing for a square with a hole inside it', () => {
    const hole = [
      [30.2, 46.2],
      [30.4, 46.2],
      [30.4, 46.4],
      [30.2, 46.2],
    ];
    const reports: string[] = [];
    checkPolygonRings([SQUARE, hole], '', (_, reason) => reports.push(reason));
    expect(reports).toEqual([]);
  });
});

describe('ring checks on a 20 000-vertex coastline', () => {
  const N = 20_000;
  /** A wiggly closed ring around (30, 46): radius varies so no three neighbours line up. */
  function coastline(): Position[] {
    const ring: Position[] = [];
    for (let i = 0; i < N; i++) {
      const a = (2 * Math.PI * i) / N;
      const r = 1 + 0.01 * Math.sin(37 * a);
      ring.push([30 + r * Math.cos(a), 46 + r * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    return ring;
  }
  function withRing(ring: Position[]): Agreement {
    const zone: Zone = {
      id: 'coast',
      name: 'Coast',
      kind: 'buffer',
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
    return {
      id: 'c',
      name: 'C',
      illustrative: true,
      versions: [{ version: 1, inForceFromMs: 0, title: 'v1', zones: [zone], rules: [] }],
    };
  }

  it('accepts the simple ring', () => {
    expect(validateAgreement(withRing(coastline()))).toEqual([]);
  });

  it('finds the one place where two neighbouring positions were swapped', () => {
    const ring = coastline();
    const k = 12_345;
    [ring[k], ring[k + 1]] = [ring[k + 1]!, ring[k]!];
    expect(validateAgreement(withRing(ring))).toEqual([
      refusal(
        'versions[0].zones[0].geometry.coordinates[0]',
        'coast',
        new RegExp(`edge from position ${k - 1} .* meets the edge from position ${k + 1}$`),
      ),
    ]);
  });

  it('finds a spike that doubles back along itself', () => {
    const ring = coastline();
    ring.splice(500, 0, [31.5, 46.02], ring[499]!);
    expect(validateAgreement(withRing(ring))[0]?.reason).toMatch(/crosses or touches itself/);
  });
});
