import { describe, expect, it } from 'vitest';
import { distanceM } from '../../core/geometry.js';
import { computeBearingDeg, computeDestination, interpolateGreatCircle } from './geo-motion.js';
import { createRoute, locateOnRoute } from './route.js';

describe('geo-motion', () => {
  it('finds the point it was asked for at the distance and bearing given', () => {
    const [lon, lat] = computeDestination(30.7, 46.5, 135, 10_000);
    expect(distanceM(30.7, 46.5, lon, lat)).toBeCloseTo(10_000, 3);
    expect(computeBearingDeg(30.7, 46.5, lon, lat)).toBeCloseTo(135, 6);
  });

  it('gives due north, east, south and west as 0, 90, 180 and 270 degrees', () => {
    expect(computeBearingDeg(30, 45, 30, 46)).toBeCloseTo(0, 9);
    expect(computeBearingDeg(30, 0, 31, 0)).toBeCloseTo(90, 9);
    expect(computeBearingDeg(30, 46, 30, 45)).toBeCloseTo(180, 9);
    expect(computeBearingDeg(31, 0, 30, 0)).toBeCloseTo(270, 9);
  });

  it('interpolates along the great circle at an even pace', () => {
    const d = distanceM(28, 41, 37, 44.6);
    const [lon, lat] = interpolateGreatCircle(28, 41, 37, 44.6, d, 0.25);
    expect(distanceM(28, 41, lon, lat)).toBeCloseTo(d / 4, 2);
    expect(distanceM(lon, lat, 37, 44.6)).toBeCloseTo((3 * d) / 4, 2);
  });
});

describe('route', () => {
  const points: [number, number][] = [
    [30, 45],
    [30, 45.1],
    [30.1, 45.1],
  ];

  it('goes back and forth along a ping-pong route', () => {
    const route = createRoute(points, 'pingpong');
    const there = locateOnRoute(route, route.lengthM);
    expect(distanceM(there.lon, there.lat, 30.1, 45.1)).toBeLessThan(0.01);
    const back = locateOnRoute(route, 2 * route.lengthM - 100);
    expect(distanceM(back.lon, back.lat, 30, 45)).toBeCloseTo(100, 3);
    expect(back.courseDeg).toBeCloseTo(180, 0);
    const forward = locateOnRoute(route, 100);
    expect(forward.courseDeg).toBeCloseTo(0, 6);
  });

  it('closes a cycle route and comes round to the start', () => {
    const route = createRoute(points, 'cycle');
    expect(route.points).toHaveLength(4);
    const round = locateOnRoute(route, 3 * route.lengthM + 50);
    expect(distanceM(round.lon, round.lat, 30, 45)).toBeCloseTo(50, 3);
    expect(round.courseDeg).toBeCloseTo(0, 3);
  });

  it('keeps the last leg heading at the very end of a leg', () => {
    const route = createRoute(points, 'pingpong');
    const atCorner = locateOnRoute(route, route.cumM[1]!);
    expect(atCorner.courseDeg).toBeCloseTo(90, 0);
  });

  it('refuses a route without two distinct waypoints', () => {
    expect(() => createRoute([[30, 45]], 'pingpong')).toThrow(
      /at least 2 distinct waypoints, got 1/,
    );
    expect(() =>
      createRoute(
        [
          [30, 45],
          [30, 45],
        ],
        'pingpong',
      ),
    ).toThrow(/got 1/);
  });
});
