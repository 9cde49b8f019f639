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

/**
 * Parse a query string, path or JSON body with the schema, or throw a 400
 * naming the first bad field (an unknown one too), as `{ field }` beside the
 * message.
 */
export function parseParams<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: 'query' | 'path' | 'body' = 'query',
): z.infer<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const field = path.join('.') || what;
  const message =
    issue.code === 'invalid_union'
      ? 'must be epoch milliseconds or an ISO 8601 date-time'
      : issue.message;
  throw new ApiError(400, `invalid_${what}`, `${field}: ${message}`, { field });
}
