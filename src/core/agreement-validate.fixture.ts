/**
 * The agreement document the agreement-validate tests break one way at a
 * time, and helpers to read what was refused. Shared by the test files of
 * agreement-validate.ts, agreement-validate-rules.ts,
 * agreement-validate-zones.ts and ring-check.ts.
 */
import { expect } from 'vitest';
import { checkAgreementDocument } from './agreement-file.js';
import type { AgreementProblem } from './agreement-validate.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests break hand-written JSON on purpose.
export type Json = any;

export const SQUARE = [
  [30, 46],
  [31, 46],
  [31, 47],
  [30, 47],
  [30, 46],
];

/** Two versions holding the same provisions: an area, a line, a circle, a list, two rules, a notification. */
export function base(): Json {
  const version = (version: number, inForceFrom: string) => ({
    version,
    inForceFrom,
    title: `v${version}`,
    lists: [{ id: 'force', name: 'Force', trackIds: ['icao:f00a10', 'mmsi:271000001'] }],
    zones: [
      {
        id: 'buffer',
        name: 'Buffer',
        kind: 'buffer',
        geometry: { type: 'Polygon', coordinates: [SQUARE] },
      },
      {
        id: 'line',
        name: 'Line',
        kind: 'line',
        geometry: {
          type: 'LineString',
          coordinates: [
            [30, 45],
            [31, 45],
          ],
        },
      },
      {
        id: 'site',
        name: 'Site',
        kind: 'protected_site',
        geometry: { type: 'Point', coordinates: [30.5, 46.5] },
        radiusM: 5000,
      },
    ],
    rules: [
      {
        id: 'R-1',
        citation: 'Art. 1',
        description: 'No entry.',
        appliesTo: { kinds: ['aircraft'] },
        forbids: ['enter', 'inside'],
        zones: ['buffer'],
        exempt: { lists: ['force'] },
      },
      {
        id: 'R-2',
        citation: 'Art. 2',
        description: 'No crossing.',
        appliesTo: { kinds: ['ground'] },
        forbids: ['cross'],
        zones: ['line'],
      },
    ],
    notifications: [
      {
        id: 'N-1',
        description: 'Notified flight.',
        trackIds: ['icao:4840d6'],
        ruleIds: ['R-1'],
        from: '2026-02-01T08:00:00Z',
        to: '2026-02-01T12:00:00Z',
      },
    ],
  });
  // Through JSON: a test breaks its own copy, never the shared constants.
  return JSON.parse(
    JSON.stringify({
      format: 'truceline-agreement/1',
      id: 't',
      name: 'T',
      illustrative: true,
      versions: [version(1, '2026-01-01T00:00:00Z'), version(2, '2026-06-01T00:00:00Z')],
    }),
  );
}

/** Both versions changed alike, so that only the problem under test is found. */
export function both(change: (v: Json) => void): (d: Json) => void {
  return (d) => {
    for (const v of d.versions) change(v);
  };
}

export function problemsAfter(change: (d: Json) => void): AgreementProblem[] {
  const d = base();
  change(d);
  return checkAgreementDocument(d, 'a.json').problems;
}

export function refusal(
  field: string,
  provision: string | undefined,
  reason: RegExp,
): AgreementProblem {
  const r = expect.stringMatching(reason) as unknown as string;
  return provision === undefined ? { field, reason: r } : { field, provision, reason: r };
}
