export { ApiError } from './api-error.js';
export type { AuthOptions } from './auth-routes.js';
export { type ApiDeps, BODY_LIMIT_BYTES, buildApiServer } from './server.js';
export type * from './wire.js';
