/**
 * Detections and field reports made by hand for the incident tests: the
 * fields grouping reads, with defaults that put everything at one place and
 * time unless a test moves it.
 */
import type { Detection } from '../core/types.js';
import type { FieldReport } from './field-report-types.js';

export const T0_MS = Date.UTC(2026, 0, 1, 6);
export const MIN_MS = 60_000;

export function makeDetection(id: string, more: Partial<Detection> = {}): Detection {
  return {
    id,
    type: 'zone_enter',
    tMs: T0_MS,
    trackId: 'mmsi:272000001',
    kind: 'vessel',
    zoneId: 'buffer-north',
    ruleId: 'R-1',
    citation: 'Art. 2',
    agreementId: 'demo',
    agreementVersion: 1,
    lon: 33.5,
    lat: 45.2,
    summary: `Detection ${id}`,
    evidence: [],
    ...more,
  };
}

export function makeFieldReport(id: string, more: Partial<FieldReport> = {}): FieldReport {
  return {
    id,
    observedMs: T0_MS,
    receivedMs: T0_MS,
    lon: 36.2,
    lat: 47.8,
    category: 'explosion',
    count: 1,
    bearingDeg: null,
    distanceM: null,
    text: `Report ${id}`,
    reporterId: '00000000-0000-4000-8000-000000000001',
    reporterName: 'monitor1',
    attachments: [],
    ...more,
  };
}
