/**
 * One error type for the whole API. Handlers throw `ApiError`; one handler
 * (installErrorHandler) turns it, and everything else, into
 * `{ "error": { "code", "message" } }`. Unknown errors become a 500 with the
 * request id and no stack trace.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { InvalidQueryError } from '../store/index.js';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Structured detail sent beside the message (e.g. every problem of a draft agreement). */
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Fastify's own errors (body parsing, limits) by code, mapped to ours. */
const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length'],
};

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) {
      const error = { ...err.details, code: err.code, message: err.message };
      return reply.status(err.status).send({ error });
    }
    if (err instanceof InvalidQueryError) {
      return reply.status(400).send({ error: { code: 'invalid_query', message: err.message } });
    }
    const mapped = err.code !== undefined ? FASTIFY_CODES[err.code] : undefined;
    if (mapped !== undefined) {
      return reply.status(mapped[0]).send({ error: { code: mapped[1], message: err.message } });
    }
    if (
      err instanceof SyntaxError ||
      (err.statusCode === 400 && err.code?.startsWith('FST_ERR_CTP'))
    ) {
      return reply.status(400).send({
        error: { code: 'invalid_json', message: `Body is not valid JSON: ${err.message}` },
      });
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply
        .status(err.statusCode)
        .send({ error: { code: 'bad_request', message: err.message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({
      error: {
        code: 'internal',
        message: 'Internal error; quote the request id when reporting it.',
        requestId: req.id,
      },
    });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: `No route for ${req.method} ${req.url.split('?')[0]}`,
      },
    });
  });
}
