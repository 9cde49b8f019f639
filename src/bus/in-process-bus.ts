/**
 * The in-process bus: the embedded default. Topics carry batches so that one
 * publish per ingest batch reaches every subscriber. A subscriber that throws
 * does not stop the others; its error goes to `onError`.
 */
import type { Detection, Observation, Track } from '../core/types.js';
import type { FieldReport } from '../incidents/field-report-types.js';
import type { Incident } from '../incidents/incident-types.js';

export interface BusTopics {
  /** Observations that were stored, in arrival order. */
  observations: readonly Observation[];
  /** Tracks whose state changed. */
  tracks: readonly Track[];
  /** New detections, oldest first. */
  detections: readonly Detection[];
  /** Field reports just stored (not a resend of one stored before). */
  fieldReports: readonly FieldReport[];
  /** Incidents created or changed, as they now are. */
  incidents: readonly Incident[];
}

export type BusTopic = keyof BusTopics;
export type BusHandler<K extends BusTopic> = (payload: BusTopics[K]) => void;

export interface Bus {
  publish<K extends BusTopic>(topic: K, payload: BusTopics[K]): void;
  /** Returns the function that unsubscribes. */
  subscribe<K extends BusTopic>(topic: K, handler: BusHandler<K>): () => void;
}

export class InProcessBus implements Bus {
  readonly #handlers = new Map<BusTopic, Set<BusHandler<BusTopic>>>();
  readonly #onError: (err: unknown, topic: BusTopic) => void;

  constructor(onError: (err: unknown, topic: BusTopic) => void = () => {}) {
    this.#onError = onError;
  }

  publish<K extends BusTopic>(topic: K, payload: BusTopics[K]): void {
    const set = this.#handlers.get(topic);
    if (set === undefined) return;
    for (const h of set) {
      try {
        (h as BusHandler<K>)(payload);
      } catch (err) {
        this.#onError(err, topic);
      }
    }
  }

  subscribe<K extends BusTopic>(topic: K, handler: BusHandler<K>): () => void {
    let set = this.#handlers.get(topic);
    if (set === undefined) {
      set = new Set();
      this.#handlers.set(topic, set);
    }
    set.add(handler as BusHandler<BusTopic>);
    return () => set.delete(handler as BusHandler<BusTopic>);
  }
}
