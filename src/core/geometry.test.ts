import { describe, expect, it } from 'vitest';
import {
  circleSpanOnSegment,
  crossingsWithRings,
  distanceM,
  firstCrossingOfLine,
  intersectSegments,
  pointInMultiPolygon,
  pointInPolygon,
} from './geometry.js';

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('distanceM', () => {
  it('gives one degree of latitude as about 111.2 km', () => {
    expect(distanceM(30, 45, 30, 46)).toBeCloseTo(111_195, -1);
  });

  it('matches the Odesa to Istanbul great-circle distance within 0.5%', () => {
    // Odesa (30.7233 E, 46.4825 N) to Istanbul (28.9784 E, 41.0082 N): ~623 km.
    const d = distanceM(30.7233, 46.4825, 28.9784, 41.0082);
    expect(d / 1000).toBeGreaterThan(620);
    expect(d / 1000).toBeLessThan(627);
  });

  it('is zero for the same point and symmetric', () => {
    expect(distanceM(33, 44, 33, 44)).toBe(0);
    expect(distanceM(30, 45, 35, 41)).toBe(distanceM(35, 41, 30, 45));
  });
});

describe('pointInPolygon', () => {
  const withHole = [square(30, 45, 34, 48), square(31, 46, 32, 47)];

  it('finds a point inside the outer ring', () => {
    expect(pointInPolygon(33, 47.5, withHole)).toBe(true);
  });

  it('excludes a point inside a hole', () => {
    expect(pointInPolygon(31.5, 46.5, withHole)).toBe(false);
  });

  it('excludes a point outside the outer ring', () => {
    expect(pointInPolygon(29.9, 46, withHole)).toBe(false);
    expect(pointInPolygon(31, 48.1, withHole)).toBe(false);
  });

  it('handles a concave ring', () => {
    // A U shape open to the north: the notch is outside.
    const u = [
      [
        [0, 0],
        [3, 0],
        [3, 3],
        [2, 3],
        [2, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ],
    ];
    expect(pointInPolygon(1.5, 2, u)).toBe(false);
    expect(pointInPolygon(0.5, 2, u)).toBe(true);
    expect(pointInPolygon(2.5, 2, u)).toBe(true);
  });

  it('tests every polygon of a multipolygon', () => {
    const multi = [[square(0, 0, 1, 1)], [square(5, 5, 6, 6)]];
    expect(pointInMultiPolygon(5.5, 5.5, multi)).toBe(true);
    expect(pointInMultiPolygon(3, 3, multi)).toBe(false);
  });
});

describe('segment crossing', () => {
  it('returns the fraction where two segments meet', () => {
    expect(intersectSegments(0, 0, 2, 0, 1, -1, 1, 1)).toBeCloseTo(0.5);
  });

  it('returns -1 for parallel or disjoint segments', () => {
    expect(intersectSegments(0, 0, 1, 0, 0, 1, 1, 1)).toBe(-1);
    expect(intersectSegments(0, 0, 1, 0, 2, -1, 2, 1)).toBe(-1);
  });

  it('lists entry and exit fractions of a segment through a polygon', () => {
    const ts = crossingsWithRings(-1, 0.5, 2, 0.5, [square(0, 0, 1, 1)]);
    expect(ts).toHaveLength(2);
    expect(ts[0]).toBeCloseTo(1 / 3);
    expect(ts[1]).toBeCloseTo(2 / 3);
  });

  it('finds the first crossing of a polyline', () => {
    const line = [
      [0, -1],
      [0, 1],
      [1, 1],
      [1, -1],
    ];
    expect(firstCrossingOfLine(-1, 0, 2, 0, line)).toBeCloseTo(1 / 3);
    expect(firstCrossingOfLine(-1, 5, 2, 5, line)).toBe(-1);
  });
});

describe('circleSpanOnSegment', () => {
  it('finds the stretch of a segment within a radius of a point', () => {
    // 0.1 degree of longitude at 45N is ~7.86 km; circle of 1 km in the middle.
    const span = circleSpanOnSegment(30, 45, 30.2, 45, 30.1, 45, 1000);
    expect(span).not.toBeNull();
    const [t0, t1] = span!;
    expect(t0).toBeGreaterThan(0.4);
    expect(t1).toBeLessThan(0.6);
    expect((t0 + t1) / 2).toBeCloseTo(0.5, 5);
  });

  it('returns null for a segment that passes wide of the circle', () => {
    expect(circleSpanOnSegment(30, 45.1, 30.2, 45.1, 30.1, 45, 1000)).toBeNull();
  });
});
