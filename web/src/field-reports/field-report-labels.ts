/** What the form and the lists call each category, and how sizes are shown. */
import type { FieldReportCategory } from '../../../src/api/wire-field-reports.js';

/** Every category has a label: the type makes a new category fail to compile here. */
export const CATEGORY_LABELS: Readonly<Record<FieldReportCategory, string>> = {
  explosion: 'Explosion',
  shelling: 'Shelling / artillery',
  small_arms_fire: 'Small-arms fire',
  drone_activity: 'Drone activity',
  heavy_weapons_seen: 'Heavy weapons seen',
  mine_uxo: 'Mine / UXO',
  civilian_infrastructure_damage: 'Damage to civilian infrastructure',
  access_restricted: 'Access restricted to monitors',
  casualty: 'Casualty',
  other: 'Other',
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
