/**
 * Reports on the wire: the shapes are the report's own
 * (src/incidents/report-types.ts), served as they are.
 */
export type * from '../incidents/report-types.js';
