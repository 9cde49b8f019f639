/**
 * Static data on tracks (name, type, flag, dimensions, …): merging what a
 * static report says into what is known. Pure.
 */
import type { Observation, TrackStatic } from '../core/types.js';

/** The static fields a track carries; `mergeStatic` copies exactly these. */
const STATIC_FIELDS = [
  'name',
  'callsign',
  'type',
  'flag',
  'transponder',
  'imo',
  'destination',
  'lengthM',
  'beamM',
  'draughtM',
] as const satisfies readonly (keyof TrackStatic)[];

/**
 * `base` with the fields `report` defines; undefined if none differs, so an
 * unchanged track is neither stored nor pushed again (AIS repeats its type 5
 * every six minutes).
 */
export function mergeStatic<T extends TrackStatic>(base: T, report: TrackStatic): T | undefined {
  let out: T | undefined;
  for (const f of STATIC_FIELDS) {
    const v = report[f];
    if (v === undefined || v === base[f]) continue;
    out ??= { ...base };
    (out as TrackStatic)[f] = v as never;
  }
  return out;
}

/** The static fields an observation carries (name, callsign, flag), defined ones only. */
export function definedStaticOf(obs: Observation): TrackStatic {
  const out: TrackStatic = {};
  if (obs.name !== undefined) out.name = obs.name;
  if (obs.callsign !== undefined) out.callsign = obs.callsign;
  if (obs.flag !== undefined) out.flag = obs.flag;
  return out;
}
