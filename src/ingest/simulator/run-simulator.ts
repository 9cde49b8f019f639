/**
 * Drives a simulator from the wall clock: simulated time runs `speed` times
 * faster than real time from `startMs`. The only part of the simulator that
 * reads a clock or sets a timer.
 */
import type { Observation } from '../../core/types.js';
import type { Simulator } from './simulator.js';

export interface SimulatorClockOptions {
  simulator: Simulator;
  /** Simulated seconds per wall-clock second, e.g. 10. */
  speed: number;
  /** Simulated time at wall-clock start; defaults to the simulator's start. */
  startMs?: number;
  tickMs?: number;
  onBatch: (observations: Observation[]) => void;
  /** Called when onBatch throws; without it the error is rethrown from the timer. */
  onError?: (err: unknown) => void;
  /** Wall clock, replaceable in tests. */
  now?: () => number;
}

export interface SimulatorClock {
  stop(): void;
  /** The simulated time now, epoch ms. */
  simTimeMs(): number;
}

export function startSimulatorClock(options: SimulatorClockOptions): SimulatorClock {
  const { simulator, speed, onBatch, onError } = options;
  const startMs = options.startMs ?? simulator.startMs;
  const tickMs = options.tickMs ?? 250;
  const now = options.now ?? Date.now;
  if (!(speed > 0)) throw new Error(`startSimulatorClock: expected speed > 0, got ${speed}`);
  if (!(tickMs > 0)) throw new Error(`startSimulatorClock: expected tickMs > 0, got ${tickMs}`);
  const wallStart = now();
  // The wall clock may be set back (NTP); simulated time never runs back.
  let lastSimMs = Math.max(startMs, simulator.lastStepMs());
  const simTimeMs = (): number => {
    lastSimMs = Math.max(lastSimMs, Math.floor(startMs + speed * (now() - wallStart)));
    return lastSimMs;
  };
  const timer = setInterval(() => {
    const batch = simulator.step(simTimeMs());
    if (batch.length === 0) return;
    try {
      onBatch(batch);
    } catch (err) {
      if (!onError) throw err;
      onError(err);
    }
  }, tickMs);
  return {
    stop: () => clearInterval(timer),
    simTimeMs,
  };
}
