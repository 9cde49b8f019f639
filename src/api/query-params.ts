/** Validation of query strings and path parameters, naming the field at fault. */
import { z } from 'zod';
import { ApiError } from './api-error.js';

/** Epoch milliseconds, or an ISO 8601 date-time. */
export const TimeParam = z.union([
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

/** Parse with the schema or throw a 400 naming the first bad field. */
export function parseParams<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = 'query',
): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.') || what;
  const message =
    issue.code === 'invalid_union'
      ? 'must be epoch milliseconds or an ISO 8601 date-time'
      : issue.message;
  throw new ApiError(400, `invalid_${what}`, `${field}: ${message}`);
}
