import { describe, expect, it } from 'vitest';
import { both, type Json, problemsAfter, refusal } from './agreement-validate.fixture.js';

describe('zones (through the file)', () => {
  // [refusal, change, field, provision, reason]
  const cases: [string, (d: Json) => void, string, string | undefined, RegExp][] = [
    [
      'a position off the globe',
      both((v) => {
        v.zones[1].geometry.coordinates[1] = [31, 95];
      }),
      'versions[0].zones[1].geometry.coordinates[1][1]',
      'line',
      /expected number to be <=90/,
    ],
    [
      'a Point zone without a radius',
      both((v) => delete v.zones[2].radiusM),
      'versions[0].zones[2].radiusM',
      'site',
      /a Point zone needs a radius > 0 in metres, got undefined/,
    ],
    [
      'a radius on a Polygon',
      both((v) => {
        v.zones[0].radiusM = 100;
      }),
      'versions[0].zones[0].radiusM',
      'buffer',
      /radiusM is only for Point zones, this is a Polygon/,
    ],
    [
      'a line zone drawn as a Polygon',
      both((v) => {
        v.zones[1].geometry = v.zones[0].geometry;
      }),
      'versions[0].zones[1].geometry.type',
      'line',
      /a line zone needs a LineString, got Polygon/,
    ],
    [
      'a LineString that is not a line zone',
      both((v) => {
        v.zones[1].kind = 'corridor';
        v.rules[1].zones = [];
        v.rules[1].forbids = ['silence'];
      }),
      'versions[0].zones[1].geometry.type',
      'line',
      /a corridor zone needs a Polygon, MultiPolygon or Point, got LineString/,
    ],
    [
      'a line of one distinct position',
      both((v) => {
        v.zones[1].geometry.coordinates = [
          [30, 45],
          [30, 45],
        ];
      }),
      'versions[0].zones[1].geometry.coordinates',
      'line',
      /a line needs at least 2 distinct positions/,
    ],
    [
      'an empty altitude band',
      both((v) => {
        v.zones[0].altitudeFt = { min: 5000, max: 1000 };
      }),
      'versions[0].zones[0].altitudeFt',
      'buffer',
      /from 5000 to 1000 ft is empty: expected min < max/,
    ],
  ];

  it.each(cases)('refuses %s', (_, change, field, provision, reason) => {
    expect(problemsAfter(change)).toContainEqual(refusal(field, provision, reason));
  });
});
