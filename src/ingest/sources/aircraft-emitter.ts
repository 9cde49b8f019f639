/**
 * The last step of the ADS-B pipelines (Beast/AVR and SBS): stamps an
 * aircraft's observations with the receive time, spells out emergencies in
 * `status`, and reports an emergency that starts, changes or ends without a
 * new position as an observation at the last position.
 *
 * Why an observation and not a static report: squawk and status belong to
 * Observation (the track's `last`), and the engine, the store, the live map
 * and detections all follow observations; a held position is the truth as
 * known (last position, new squawk). Only emergency changes are sent this
 * way: an ordinary squawk change rides on the next position (ADS-B sends one
 * twice a second), so the history is not padded with repeated positions.
 */
import type { Observation } from '../../core/types.js';

/** What the three emergency squawks mean (ICAO Doc 4444, 8.5.4). */
export const EMERGENCY_SQUAWK_MEANINGS: Readonly<Record<string, string>> = {
  '7500': 'unlawful interference',
  '7600': 'radio failure',
  '7700': 'general emergency',
};

/** TC28 emergency states (DO-260B 2.2.3.2.7.8.1.1) as the decoder names them. */
const EMERGENCY_STATE_MEANINGS: Readonly<Record<string, string>> = {
  general: 'general emergency',
  lifeguard: 'lifeguard / medical',
  minfuel: 'minimum fuel',
  nordo: 'no communications',
  unlawful: 'unlawful interference',
  downed: 'downed aircraft',
  reserved: 'reserved code',
};

/**
 * `emergency 7700` -> `emergency 7700 (general emergency)`, `emergency
 * nordo` -> `emergency nordo (no communications)`; anything else as is.
 */
export function describeAircraftStatus(status: string): string {
  const m = /^emergency (\S+)$/.exec(status);
  if (m === null) return status;
  const meaning = EMERGENCY_SQUAWK_MEANINGS[m[1]!] ?? EMERGENCY_STATE_MEANINGS[m[1]!];
  return meaning === undefined ? status : `${status} (${meaning})`;
}

export function isEmergencyStatus(status: string | undefined): boolean {
  return status?.startsWith('emergency') ?? false;
}

export class AircraftEmitter {
  /** The last observation sent per track: the anchor of held positions and of the time order. */
  readonly #last = new Map<string, Observation>();
  readonly #send: (o: Observation, recordedMs: number | undefined) => void;

  constructor(send: (o: Observation, recordedMs: number | undefined) => void) {
    this.#send = send;
  }

  /**
   * Sends a new position received at `rxMs`. Times of one aircraft strictly
   * increase (+1 ms when two arrive in one read): the engine keeps only a
   * report newer than the track's last, and a file read at full speed hands
   * over many positions of one aircraft in the same millisecond.
   */
  emitPosition(o: Observation, rxMs: number, recordedMs: number | undefined): void {
    const prev = this.#last.get(o.trackId);
    o.tMs = prev !== undefined && prev.tMs >= rxMs ? prev.tMs + 1 : rxMs;
    if (o.status !== undefined) o.status = describeAircraftStatus(o.status);
    this.#last.set(o.trackId, o);
    this.#send(o, recordedMs);
  }

  /**
   * The aircraft now squawks `squawk` with `status` (undefined: none): when
   * that starts, changes or ends an emergency, resend the last position with
   * them. Nothing without a position yet (there is no track to update).
   */
  emitIfEmergencyChanged(
    trackId: string,
    squawk: string | undefined,
    status: string | undefined,
    rxMs: number,
    recordedMs: number | undefined,
  ): void {
    const prev = this.#last.get(trackId);
    if (prev === undefined) return;
    const described = status === undefined ? undefined : describeAircraftStatus(status);
    const was = isEmergencyStatus(prev.status);
    const is = isEmergencyStatus(described);
    if (!was && !is) return;
    if (was && is && described === prev.status && (squawk ?? prev.squawk) === prev.squawk) return;
    const o: Observation = { ...prev };
    if (squawk !== undefined) o.squawk = squawk;
    if (described === undefined) delete o.status;
    else o.status = described;
    this.emitPosition(o, rxMs, recordedMs);
  }

  /** Forget aircraft that left (their next position starts afresh). */
  forget(trackIds: readonly string[]): void {
    for (const id of trackIds) this.#last.delete(id);
  }
}
