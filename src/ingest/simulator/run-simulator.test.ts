import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Observation } from '../../core/types.js';
import { startSimulatorClock } from './run-simulator.js';
import type { Simulator } from './simulator.js';

const START_MS = Date.UTC(2026, 6, 1);

/** A stand-in simulator that records the times it was stepped to. */
function createRecordingSimulator(): Simulator & { steps: number[] } {
  const steps: number[] = [];
  return {
    seed: 1,
    startMs: START_MS,
    steps,
    step(tMs: number): Observation[] {
      steps.push(tMs);
      // One report per whole simulated minute crossed, none otherwise.
      const prev = steps.length > 1 ? steps[steps.length - 2]! : START_MS;
      const minutes =
        Math.floor((tMs - START_MS) / 60_000) - Math.floor((prev - START_MS) / 60_000);
      return Array.from({ length: minutes }, () => ({
        trackId: 'sim:x',
        kind: 'ground' as const,
        tMs,
        lon: 30,
        lat: 46,
        source: 'sim',
      }));
    },
    lastStepMs: () => steps[steps.length - 1] ?? START_MS,
    describeTracks: () => [],
  };
}

describe('startSimulatorClock', () => {
  let wallMs = 1_000_000;
  const now = () => wallMs;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Moves the wall clock and the timers together, in small steps as real time would. */
  function advanceWall(ms: number): void {
    for (let done = 0; done < ms; done += 50) {
      wallMs += 50;
      vi.advanceTimersByTime(50);
    }
  }

  it('runs simulated time speed times faster than the wall clock', () => {
    const simulator = createRecordingSimulator();
    const clock = startSimulatorClock({ simulator, speed: 10, onBatch: () => {}, now });
    advanceWall(1000);
    expect(simulator.steps).toEqual([2500, 5000, 7500, 10_000].map((d) => START_MS + d));
    expect(clock.simTimeMs()).toBe(START_MS + 10_000);
    clock.stop();
  });

  it('passes on only non-empty batches', () => {
    const simulator = createRecordingSimulator();
    const batches: Observation[][] = [];
    const clock = startSimulatorClock({
      simulator,
      speed: 60,
      onBatch: (b) => batches.push(b),
      now,
    });
    advanceWall(3000);
    expect(simulator.steps).toHaveLength(12);
    expect(batches).toHaveLength(3);
    clock.stop();
  });

  it('stops stepping once stopped', () => {
    const simulator = createRecordingSimulator();
    const clock = startSimulatorClock({
      simulator,
      speed: 10,
      onBatch: () => {},
      now,
      tickMs: 100,
    });
    advanceWall(500);
    clock.stop();
    advanceWall(500);
    expect(simulator.steps).toHaveLength(5);
  });

  it('never runs simulated time back when the wall clock is set back', () => {
    const simulator = createRecordingSimulator();
    const clock = startSimulatorClock({ simulator, speed: 10, onBatch: () => {}, now });
    advanceWall(1000);
    wallMs -= 5000;
    vi.advanceTimersByTime(250);
    expect(simulator.steps.at(-1)).toBe(START_MS + 10_000);
    clock.stop();
  });

  it('hands an error thrown by onBatch to onError', () => {
    const simulator = createRecordingSimulator();
    const errors: unknown[] = [];
    const clock = startSimulatorClock({
      simulator,
      speed: 240,
      onBatch: () => {
        throw new Error('downstream full');
      },
      onError: (err) => errors.push(err),
      now,
    });
    advanceWall(500);
    expect(errors).toHaveLength(2);
    clock.stop();
  });

  it('refuses a speed that does not move time forward', () => {
    const simulator = createRecordingSimulator();
    expect(() => startSimulatorClock({ simulator, speed: 0, onBatch: () => {}, now })).toThrow(
      /expected speed > 0, got 0/,
    );
  });
});
