/**
 * Hand-made incidents and an in-memory stand-in for the incident service,
 * for the report tests (builder, service, routes, browser). The stand-in
 * keeps the two promises reports rely on: listForReport lists verified and
 * published incidents starting in the period, oldest first; markPublished
 * publishes all the ids or, if one is not verified, none.
 */
import type { Agreement } from '../core/types.js';
import { IncidentError } from './incident-error.js';
import type { Incident } from './incident-types.js';
import type { ReportIncidentSource } from './report-service.js';

export const DAY0_MS = Date.UTC(2026, 0, 1);
export const HOUR_MS = 3_600_000;

export function makeIncident(id: string, startMs: number, more: Partial<Incident> = {}): Incident {
  return {
    id,
    kind: 'zone_enter',
    state: 'verified',
    title: `Incident ${id}`,
    startMs,
    endMs: startMs + 10 * 60_000,
    lon: 33.5,
    lat: 45.2,
    zoneId: 'buffer-north',
    trackKinds: ['vessel'],
    trackIds: ['mmsi:272000001'],
    detectionIds: [`det-${id}`],
    fieldReportIds: [],
    assignee: null,
    confidence: 'high',
    reportId: null,
    mergedInto: null,
    createdMs: startMs,
    updatedMs: startMs,
    history: [],
    ...more,
  };
}

export class FakeIncidentSource implements ReportIncidentSource {
  readonly published: { ids: string[]; reportId: string; actor: string }[] = [];

  constructor(readonly incidents: Incident[] = []) {}

  async listForReport(fromMs: number, toMs: number): Promise<Incident[]> {
    return this.incidents
      .filter(
        (i) =>
          (i.state === 'verified' || i.state === 'published') &&
          i.startMs >= fromMs &&
          i.startMs < toMs,
      )
      .sort((a, b) => a.startMs - b.startMs)
      .map((i) => structuredClone(i));
  }

  async markPublished(
    ids: readonly string[],
    reportId: string,
    actor: string,
  ): Promise<Incident[]> {
    const found = ids.map((id) => this.incidents.find((i) => i.id === id));
    const bad = found.findIndex((i) => i === undefined || i.state !== 'verified');
    if (bad >= 0) throw new IncidentError('conflict', `incident ${ids[bad]} is not verified`);
    for (const i of found as Incident[]) {
      i.state = 'published';
      i.reportId = reportId;
    }
    this.published.push({ ids: [...ids], reportId, actor });
    return found as Incident[];
  }
}

/** An agreement with one buffer zone around the incidents' default place. */
export function makeReportAgreement(): Agreement {
  return {
    id: 'demo',
    name: 'Demo ceasefire',
    illustrative: true,
    versions: [
      {
        version: 1,
        inForceFromMs: DAY0_MS - 30 * 24 * HOUR_MS,
        title: 'Signed text',
        zones: [
          {
            id: 'buffer-north',
            name: 'Buffer North',
            kind: 'buffer',
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [33, 45],
                  [34, 45],
                  [34, 45.5],
                  [33, 45.5],
                  [33, 45],
                ],
              ],
            },
          },
          {
            id: 'line-a',
            name: 'Line A',
            kind: 'line',
            geometry: {
              type: 'LineString',
              coordinates: [
                [32.5, 44.5],
                [34.5, 44.8],
              ],
            },
          },
        ],
        rules: [],
      },
    ],
  };
}
