/**
 * Aircraft in distress: an emergency squawk (7500/7600/7700) or a status the
 * server spelled as `emergency …` (ADS-B TC28, SBS emergency flag). These
 * must stand out on the map, in the header and in the details.
 */
import type { Track } from '../../src/api/wire.js';

/** What the three emergency squawks mean (ICAO Doc 4444). */
const SQUAWK_MEANINGS: Readonly<Record<string, string>> = {
  '7500': 'unlawful interference',
  '7600': 'radio failure',
  '7700': 'general emergency',
};

export interface TrackEmergency {
  /** `7700`, or `emergency` when only the status says so. */
  code: string;
  /** `general emergency`, `radio failure`, … or the status text. */
  meaning: string;
}

export function findTrackEmergency(track: Track): TrackEmergency | null {
  const { squawk, status } = track.last;
  if (squawk !== undefined) {
    const meaning = SQUAWK_MEANINGS[squawk];
    if (meaning !== undefined) return { code: squawk, meaning };
  }
  if (status?.startsWith('emergency')) {
    // `emergency nordo (no communications)`: the words in brackets, else the status.
    const m = /\(([^)]+)\)\s*$/.exec(status);
    return { code: 'emergency', meaning: m?.[1] ?? status };
  }
  return null;
}

/** `squawk 7700: general emergency`. */
export function describeEmergency(e: TrackEmergency): string {
  return e.code === 'emergency' ? `emergency: ${e.meaning}` : `squawk ${e.code}: ${e.meaning}`;
}
