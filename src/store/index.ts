/** The store part's public face: the Store contract and its SQLite implementation. */
export { ConflictError } from './conflict-error.js';
export { InvalidQueryError } from './invalid-query-error.js';
export {
  type ObservationPage,
  type ObservationScan,
  readObservationPage,
  type ScanPosition,
  scanObservations,
} from './scan-observations.js';
export type { ObservationIndexState } from './sqlite/observation-log.js';
export {
  DB_FILE_NAME,
  openSqliteStore,
  type SqliteStore,
  type SqliteStoreOptions,
} from './sqlite/sqlite-store.js';
export type {
  AuditQuery,
  DetectionQuery,
  ObservationQuery,
  Page,
  Store,
  StoreStats,
  TrackQuery,
} from './store.js';
