/**
 * The rules a field report must meet, checked once at the service's door so
 * that the API, tests and any later importer get the same answers. Each
 * refusal names the field at fault.
 */
import { z } from 'zod';
import { FieldReportError } from './field-report-error.js';
import {
  FIELD_REPORT_CATEGORIES,
  FIELD_REPORT_LIMITS,
  type FieldReportInput,
} from './field-report-types.js';

const L = FIELD_REPORT_LIMITS;

/**
 * Unknown fields are refused rather than dropped: a typo such as `bearing`
 * for `bearingDeg` would otherwise lose the monitor's estimate silently.
 */
export const FieldReportInputSchema = z.strictObject({
  id: z.uuid(),
  observedMs: z.number().int().nonnegative(),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  category: z.enum(FIELD_REPORT_CATEGORIES),
  count: z.number().int().min(1).max(L.maxCount).default(1),
  bearingDeg: z.number().min(0).max(360).nullable().default(null),
  distanceM: z.number().min(0).max(L.maxDistanceM).nullable().default(null),
  text: z.string().max(L.maxTextChars).default(''),
});

/** The input as a report's content, or a FieldReportError naming the first field at fault. */
export function parseFieldReportInput(input: unknown, nowMs: number): FieldReportInput {
  const r = FieldReportInputSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const field = unknownKey ?? (issue.path.join('.') || 'body');
    const message = unknownKey === undefined ? issue.message : 'not a field of a field report';
    throw new FieldReportError('invalid', field, message);
  }
  const report = r.data;
  if (report.observedMs > nowMs + L.maxFutureSkewMs) {
    throw new FieldReportError(
      'invalid',
      'observedMs',
      `is ${formatMinutes(report.observedMs - nowMs)} ahead of the server's clock; check the device's time`,
    );
  }
  if (report.observedMs < nowMs - L.maxAgeMs) {
    throw new FieldReportError(
      'invalid',
      'observedMs',
      `is more than ${Math.round(L.maxAgeMs / 86_400_000)} days old`,
    );
  }
  return report;
}

/** True when two inputs say the same thing: a resend, not a different report under a reused id. */
export function isSameFieldReportContent(a: FieldReportInput, b: FieldReportInput): boolean {
  return (
    a.id === b.id &&
    a.observedMs === b.observedMs &&
    a.lon === b.lon &&
    a.lat === b.lat &&
    a.category === b.category &&
    a.count === b.count &&
    a.bearingDeg === b.bearingDeg &&
    a.distanceM === b.distanceM &&
    a.text === b.text
  );
}

function formatMinutes(ms: number): string {
  return `${Math.ceil(ms / 60_000)} min`;
}
