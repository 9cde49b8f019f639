/**
 * How detections and field reports are grouped into incidents: the defaults,
 * and the JSON file that overrides them (`truceline serve --incident-grouping
 * FILE`, docs/incidents.md). A section given in the file replaces that
 * section of the defaults whole, so what is in force is what one reads.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DETECTION_TYPES, type DetectionType } from '../core/types.js';
import { FIELD_REPORT_CATEGORIES, type FieldReportCategory } from './field-report-types.js';

/** What must be the same for two detections of a family to share an incident. */
export const DETECTION_GROUP_BY = ['zone', 'track', 'pair', 'rule'] as const;
export type DetectionGroupBy = (typeof DETECTION_GROUP_BY)[number];

export interface DetectionFamily {
  name: string;
  types: DetectionType[];
  /** `pair`: both tracks of an encounter, in either order. */
  by: DetectionGroupBy[];
  /** Largest gap between a detection and the incident's first or last evidence. */
  maxGapMin: number;
}

export interface FieldReportFamily {
  name: string;
  categories: FieldReportCategory[];
  /** Largest distance from the incident's centre. */
  maxDistanceKm: number;
  maxGapMin: number;
}

export interface GroupingConfig {
  detections: {
    /** Types that never become incidents. */
    skip: DetectionType[];
    families: DetectionFamily[];
  };
  fieldReports: { families: FieldReportFamily[] };
}

/** A detection type in no family and not skipped is grouped alone, like this. */
export const LONE_DETECTION_GROUPING = { by: ['zone', 'track'], maxGapMin: 360 } as const;
/** A category in no family is grouped alone, like this. */
export const LONE_FIELD_REPORT_GROUPING = { maxDistanceKm: 5, maxGapMin: 120 } as const;

const byTrack = (name: string, types: DetectionType[], maxGapMin: number): DetectionFamily => ({
  name,
  types,
  by: ['track'],
  maxGapMin,
});

export const DEFAULT_GROUPING: GroupingConfig = {
  detections: {
    // Not a breach: the engine's notice that a whole source went quiet. It
    // names no track and often no place; the live map's source panel shows it.
    skip: ['feed_outage'],
    families: [
      {
        name: 'zone',
        types: ['zone_enter', 'zone_inside', 'zone_dwell', 'zone_exit'],
        by: ['zone', 'track'],
        maxGapMin: 360,
      },
      { name: 'line', types: ['line_cross'], by: ['zone', 'track'], maxGapMin: 360 },
      {
        name: 'altitude',
        types: ['below_altitude', 'above_altitude'],
        by: ['zone', 'track'],
        maxGapMin: 120,
      },
      {
        name: 'speed',
        types: ['above_speed', 'below_speed'],
        by: ['zone', 'track'],
        maxGapMin: 120,
      },
      { name: 'loiter', types: ['loiter'], by: ['zone', 'track'], maxGapMin: 360 },
      { name: 'encounter', types: ['encounter'], by: ['pair'], maxGapMin: 360 },
      byTrack('silence', ['silence'], 720),
      byTrack('jump', ['jump', 'out_of_range', 'integrity_degraded'], 360),
      byTrack('emergency', ['emergency'], 360),
    ],
  },
  fieldReports: {
    families: [
      {
        name: 'explosive',
        categories: ['explosion', 'shelling'],
        maxDistanceKm: 5,
        maxGapMin: 120,
      },
      { name: 'small-arms', categories: ['small_arms_fire'], maxDistanceKm: 2, maxGapMin: 60 },
      { name: 'drone', categories: ['drone_activity'], maxDistanceKm: 10, maxGapMin: 60 },
      {
        name: 'weapons',
        categories: ['heavy_weapons_seen'],
        maxDistanceKm: 2,
        maxGapMin: 24 * 60,
      },
      { name: 'mines', categories: ['mine_uxo'], maxDistanceKm: 1, maxGapMin: 7 * 24 * 60 },
      {
        name: 'harm',
        categories: ['civilian_infrastructure_damage', 'casualty'],
        maxDistanceKm: 2,
        maxGapMin: 24 * 60,
      },
      { name: 'access', categories: ['access_restricted'], maxDistanceKm: 1, maxGapMin: 12 * 60 },
      { name: 'other', categories: ['other'], maxDistanceKm: 1, maxGapMin: 60 },
    ],
  },
};

const Name = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a lower-case name of 1-40 characters');
const Minutes = z
  .number()
  .int()
  .min(1)
  .max(30 * 24 * 60);

const DetectionFamilySchema = z.strictObject({
  name: Name,
  types: z.array(z.enum(DETECTION_TYPES)).min(1),
  by: z.array(z.enum(DETECTION_GROUP_BY)).min(1),
  maxGapMin: Minutes,
});

const FieldReportFamilySchema = z.strictObject({
  name: Name,
  categories: z.array(z.enum(FIELD_REPORT_CATEGORIES)).min(1),
  maxDistanceKm: z.number().positive().max(500),
  maxGapMin: Minutes,
});

const GroupingFileSchema = z.strictObject({
  detections: z
    .strictObject({
      skip: z.array(z.enum(DETECTION_TYPES)).default([]),
      families: z.array(DetectionFamilySchema),
    })
    .optional(),
  fieldReports: z.strictObject({ families: z.array(FieldReportFamilySchema) }).optional(),
});

/** A grouping file that does not parse or validate; `field` is its dotted path. */
export class GroupingConfigError extends Error {
  override readonly name = 'GroupingConfigError';

  constructor(
    readonly field: string,
    readonly reason: string,
    readonly file?: string,
  ) {
    super(`${file === undefined ? '' : `${file}: `}${field}: ${reason}`);
  }
}

/** The defaults with the sections the document gives; throws a GroupingConfigError. */
export function parseGroupingConfig(doc: unknown): GroupingConfig {
  const r = GroupingFileSchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    throw new GroupingConfigError(path.join('.') || '(file)', issue.message);
  }
  const config: GroupingConfig = {
    detections: r.data.detections ?? DEFAULT_GROUPING.detections,
    fieldReports: r.data.fieldReports ?? DEFAULT_GROUPING.fieldReports,
  };
  checkEachOnce(
    'detections',
    config.detections.families.map((f) => ({ name: f.name, items: f.types })),
    config.detections.skip,
  );
  checkEachOnce(
    'fieldReports',
    config.fieldReports.families.map((f) => ({ name: f.name, items: f.categories })),
    [],
  );
  return config;
}

export async function loadGroupingConfig(file: string): Promise<GroupingConfig> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new GroupingConfigError('(file)', (err as Error).message, file);
  }
  try {
    return parseGroupingConfig(doc);
  } catch (err) {
    if (err instanceof GroupingConfigError) {
      throw new GroupingConfigError(err.field, err.reason, file);
    }
    throw err;
  }
}

/** A type (or category) in two families, or skipped and grouped, would group by whichever came first. */
function checkEachOnce(
  section: string,
  families: readonly { name: string; items: readonly string[] }[],
  skip: readonly string[],
): void {
  const owner = new Map<string, string>();
  for (const s of skip) owner.set(s, 'skip');
  const names = new Set<string>();
  families.forEach((f, i) => {
    if (names.has(f.name)) {
      throw new GroupingConfigError(
        `${section}.families.${i}.name`,
        `"${f.name}" names two families`,
      );
    }
    names.add(f.name);
    for (const item of f.items) {
      const before = owner.get(item);
      if (before !== undefined) {
        throw new GroupingConfigError(
          `${section}.families.${i}`,
          `"${item}" is already in ${before === 'skip' ? 'skip' : `family "${before}"`}`,
        );
      }
      owner.set(item, f.name);
    }
  });
}
