/**
 * Validation of observations that arrive over HTTP. Each item of a batch is
 * checked on its own: good items are kept, bad ones are refused with the
 * field and the reason, so one bad item never costs the others.
 */
import { z } from 'zod';
import type { Observation } from '../core/types.js';
import { TRACK_KINDS } from '../core/types.js';
import type { RejectedItem } from './wire.js';

/** Most items one POST may carry. */
export const MAX_BATCH_ITEMS = 10_000;
/** Observations are accepted up to this far in the future (clock skew). */
export const MAX_FUTURE_MS = 24 * 3600_000;
const MIN_TIME_MS = Date.UTC(2000, 0, 1);

const text = (max: number) => z.string().trim().min(1).max(max);

const ObservationInput = z
  .object({
    trackId: z
      .string()
      .max(128)
      .regex(
        /^[a-z][a-z0-9]*:[A-Za-z0-9._:-]+$/,
        'must look like "mmsi:272123456" or "icao:4840d6"',
      ),
    kind: z.enum(TRACK_KINDS as [string, ...string[]]),
    tMs: z.number().int().min(MIN_TIME_MS).optional(),
    time: z.iso.datetime({ offset: true }).optional(),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    altFt: z.number().min(-2000).max(100_000).optional(),
    speedKn: z.number().min(0).max(5000).optional(),
    courseDeg: z.number().min(0).lt(360).optional(),
    headingDeg: z.number().min(0).lt(360).optional(),
    status: text(100).optional(),
    squawk: z
      .string()
      .regex(/^[0-7]{4}$/, 'must be four octal digits')
      .optional(),
    name: text(100).optional(),
    callsign: text(20).optional(),
    flag: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code')
      .optional(),
    nic: z.number().int().min(0).max(11).optional(),
    nacP: z.number().int().min(0).max(11).optional(),
    sil: z.number().int().min(0).max(3).optional(),
  })
  .strict();

export const ObservationBatchInput = z.object({
  source: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only')
    .optional(),
  /** The sender's id for this batch: a resend with it is answered, not stored again. */
  batchId: z
    .uuid('must be a UUID, such as crypto.randomUUID() makes')
    .transform((id) => id.toLowerCase())
    .optional(),
  observations: z.array(z.unknown()).max(MAX_BATCH_ITEMS),
});

export interface ParsedBatch {
  accepted: Observation[];
  rejected: RejectedItem[];
}

/** Check each item; `nowMs` bounds how far in the future a time may be. */
export function parseObservationItems(
  items: readonly unknown[],
  source: string,
  nowMs: number,
): ParsedBatch {
  const accepted: Observation[] = [];
  const rejected: RejectedItem[] = [];
  items.forEach((item, index) => {
    const r = ObservationInput.safeParse(item);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      rejected.push({ index, field: issue.path.join('.') || '(item)', message: issue.message });
      return;
    }
    const { time, tMs: givenMs, ...rest } = r.data;
    if ((givenMs === undefined) === (time === undefined)) {
      rejected.push({
        index,
        field: 'tMs',
        message: 'give exactly one of tMs (epoch ms) or time (ISO 8601)',
      });
      return;
    }
    const tMs = givenMs ?? Date.parse(time!);
    if (tMs > nowMs + MAX_FUTURE_MS || tMs < MIN_TIME_MS) {
      rejected.push({
        index,
        field: givenMs === undefined ? 'time' : 'tMs',
        message: 'is more than 24 h in the future or before 2000',
      });
      return;
    }
    accepted.push({ ...rest, kind: rest.kind as Observation['kind'], tMs, source });
  });
  return { accepted, rejected };
}
