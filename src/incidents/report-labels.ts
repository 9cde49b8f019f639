/** How a report names incident kinds and track kinds in words (tables, narrative, CSV). */

const KIND_LABELS: Readonly<Record<string, string>> = {
  // Detection types (src/core/types.ts).
  zone_enter: 'zone entry',
  zone_exit: 'zone exit',
  zone_inside: 'presence in a zone',
  zone_dwell: 'dwell in a zone',
  line_cross: 'line crossing',
  below_altitude: 'flight below the minimum altitude',
  above_altitude: 'flight above the maximum altitude',
  above_speed: 'excess speed',
  below_speed: 'speed below the minimum',
  loiter: 'loitering',
  encounter: 'encounter at sea',
  silence: 'transponder silence',
  jump: 'impossible position jump',
  out_of_range: 'report beyond receiver range',
  emergency: 'emergency',
  integrity_degraded: 'GNSS interference',
  feed_outage: 'feed outage',
  // Field report categories (src/incidents/field-report-types.ts).
  explosion: 'explosion',
  shelling: 'shelling or artillery',
  small_arms_fire: 'small-arms fire',
  drone_activity: 'drone activity',
  heavy_weapons_seen: 'heavy weapons seen',
  mine_uxo: 'mine or UXO',
  civilian_infrastructure_damage: 'damage to civilian infrastructure',
  access_restricted: 'access restricted to monitors',
  casualty: 'casualty',
  other: 'other',
};

const TRACK_KIND_LABELS: Readonly<Record<string, string>> = {
  vessel: 'vessels',
  aircraft: 'aircraft',
  ground: 'ground units',
  '': 'field reports only',
};

/** A kind in words; an unknown kind (a newer version's) as its own name, underscores spaced. */
export function labelIncidentKind(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

/** A track kind in words, plural; '' is an incident that no track is part of. */
export function labelTrackKind(kind: string): string {
  return TRACK_KIND_LABELS[kind] ?? kind;
}

/** The zone bucket of incidents that no zone names. */
export const NO_ZONE_LABEL = 'outside any zone';
