import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AgreementFileError,
  checkAgreementDocument,
  formatAgreementProblem,
  parseAgreementDocument,
  toFileField,
} from './agreement-file.js';
import { MAX_PROBLEMS } from './agreement-validate.js';
import type { Agreement } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests break hand-written JSON on purpose.
type Json = any;

const DEMO_FILE = new URL('../../scenarios/demo/agreement.json', import.meta.url);
const SQUARE = [
  [30, 46],
  [31, 46],
  [31, 47],
  [30, 47],
  [30, 46],
];
const HOLE = [
  [30.4, 46.4],
  [30.4, 46.6],
  [30.6, 46.6],
  [30.6, 46.4],
  [30.4, 46.4],
];
const HARBOUR = [
  [32, 46],
  [32.2, 46],
  [32.2, 46.2],
  [32, 46],
];

/** A document using every feature of the format, once. */
function everyFeature(): Json {
  const lists = [
    { id: 'force', name: 'Force', trackIds: ['icao:f00a10', 'sim:patrol-1'], description: 'own' },
    { id: 'watch', name: 'Watched', trackIds: ['mmsi:636019274', 'mmsi:271000001'] },
  ];
  const zones = [
    {
      id: 'buffer',
      name: 'Buffer',
      kind: 'buffer',
      citation: 'Art. 1',
      geometry: { type: 'Polygon', coordinates: [SQUARE, HOLE] },
      altitudeFt: { min: 0, max: 10_000 },
      description: 'with a hole',
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
      inForce: { from: '2026-02-01T02:00:00+02:00', to: '2026-03-01T00:00:00Z' },
    },
    {
      id: 'harbour',
      name: 'Harbour',
      kind: 'port',
      geometry: { type: 'MultiPolygon', coordinates: [[HARBOUR]] },
    },
  ];
  const r1 = {
    id: 'R-1',
    citation: 'Art. 2',
    description: 'No entry.',
    appliesTo: { kinds: ['aircraft', 'ground'] },
    forbids: ['enter', 'inside'],
    zones: ['buffer', 'site'],
    exempt: { trackIds: ['icao:f00a10'], lists: ['force'] },
  };
  const r2 = {
    id: 'R-2',
    citation: 'Art. 3',
    description: 'No crossing.',
    appliesTo: { kinds: ['ground'] },
    forbids: ['cross'],
    zones: ['line'],
    thresholds: { crossDirection: 'left_to_right' },
  };
  const r3 = {
    id: 'R-3',
    citation: 'Art. 4',
    description: 'Watched tankers do not loiter or meet.',
    inForce: { to: '2026-04-01T00:00:00Z' },
    appliesTo: { kinds: ['vessel'], flags: ['RU'], types: ['Tanker'], lists: ['watch'] },
    forbids: ['loiter', 'encounter'],
    thresholds: { loiterSpeedKn: 2, loiterHours: 1, encounterDistanceM: 500 },
  };
  const r4 = {
    id: 'R-4',
    citation: 'Art. 5',
    description: 'No low flying.',
    appliesTo: { kinds: ['aircraft'] },
    forbids: ['below_altitude'],
    zones: ['buffer'],
    thresholds: { altitudeFt: 1000 },
  };
  const r5 = { ...r3, id: 'R-5', supersedes: 'R-3', inForce: { from: '2026-06-15T00:00:00Z' } };
  // Through JSON: nothing shared, so a test breaks one version of its own document only.
  return JSON.parse(
    JSON.stringify({
      $schema: '../../schemas/agreement.schema.json',
      format: 'truceline-agreement/1',
      id: 'test',
      name: 'Test agreement',
      illustrative: true,
      versions: [
        {
          version: 1,
          inForceFrom: '2026-01-01T00:00:00Z',
          title: 'v1',
          lists,
          zones,
          rules: [r1, r2, r3, r4],
          notifications: [
            {
              id: 'N-1',
              citation: 'Art. 9',
              description: 'Notified flight.',
              trackIds: ['icao:4840d6'],
              ruleIds: ['R-1'],
              from: '2026-01-10T09:00:00+01:00',
              to: '2026-01-10T12:00:00Z',
            },
          ],
        },
        {
          version: 2,
          inForceFrom: '2026-06-01T00:00:00+00:00',
          title: 'v2',
          lists,
          zones,
          rules: [r1, r2, r4, r5],
        },
      ],
    }),
  );
}

const V1 = Date.UTC(2026, 0, 1);
const V2 = Date.UTC(2026, 5, 1);

describe('parseAgreementDocument', () => {
  it('turns a document with every feature into the flat core agreement', () => {
    const zones = [
      {
        id: 'buffer',
        name: 'Buffer',
        kind: 'buffer',
        geometry: { type: 'Polygon', coordinates: [SQUARE, HOLE] },
        altitudeFt: { minFt: 0, maxFt: 10_000 },
        citation: 'Art. 1',
        description: 'with a hole',
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
        inForce: { fromMs: Date.UTC(2026, 1, 1), toMs: Date.UTC(2026, 2, 1) },
      },
      {
        id: 'harbour',
        name: 'Harbour',
        kind: 'port',
        geometry: { type: 'MultiPolygon', coordinates: [[HARBOUR]] },
      },
    ];
    const lists = [
      {
        id: 'force',
        name: 'Force',
        trackIds: ['icao:f00a10', 'sim:patrol-1'],
        description: 'own',
      },
      { id: 'watch', name: 'Watched', trackIds: ['mmsi:636019274', 'mmsi:271000001'] },
    ];
    const r1 = {
      id: 'R-1',
      citation: 'Art. 2',
      description: 'No entry.',
      kinds: ['aircraft', 'ground'],
      forbids: ['enter', 'inside'],
      zoneIds: ['buffer', 'site'],
      exemptTrackIds: ['icao:f00a10'],
      exemptLists: ['force'],
    };
    const r2 = {
      id: 'R-2',
      citation: 'Art. 3',
      description: 'No crossing.',
      kinds: ['ground'],
      forbids: ['cross'],
      zoneIds: ['line'],
      exemptTrackIds: [],
      thresholds: { crossDirection: 'left_to_right' },
    };
    const r3 = {
      id: 'R-3',
      citation: 'Art. 4',
      description: 'Watched tankers do not loiter or meet.',
      inForce: { toMs: Date.UTC(2026, 3, 1) },
      kinds: ['vessel'],
      flags: ['RU'],
      types: ['Tanker'],
      lists: ['watch'],
      forbids: ['loiter', 'encounter'],
      zoneIds: [],
      exemptTrackIds: [],
      thresholds: { loiterSpeedKn: 2, loiterHours: 1, encounterDistanceM: 500 },
    };
    const r4 = {
      id: 'R-4',
      citation: 'Art. 5',
      description: 'No low flying.',
      kinds: ['aircraft'],
      forbids: ['below_altitude'],
      zoneIds: ['buffer'],
      exemptTrackIds: [],
      thresholds: { altitudeFt: 1000 },
    };
    const r5 = {
      ...r3,
      id: 'R-5',
      inForce: { fromMs: Date.UTC(2026, 5, 15) },
      supersedes: 'R-3',
    };
    const expected: Agreement = {
      id: 'test',
      name: 'Test agreement',
      illustrative: true,
      versions: [
        {
          version: 1,
          inForceFromMs: V1,
          title: 'v1',
          zones,
          rules: [r1, r2, r3, r4],
          lists,
          notifications: [
            {
              id: 'N-1',
              citation: 'Art. 9',
              description: 'Notified flight.',
              trackIds: ['icao:4840d6'],
              ruleIds: ['R-1'],
              fromMs: Date.UTC(2026, 0, 10, 8),
              toMs: Date.UTC(2026, 0, 10, 12),
            },
          ],
        },
        { version: 2, inForceFromMs: V2, title: 'v2', zones, rules: [r1, r2, r4, r5], lists },
      ],
    } as Agreement;
    const agreement = parseAgreementDocument(everyFeature(), 'every.json');
    expect(agreement).toStrictEqual(expected);
    // Clean objects: no key holds undefined, so JSON and deep equality agree.
    expect(JSON.parse(JSON.stringify(agreement))).toStrictEqual(agreement);
  });

  it('accepts the demo agreement, with its force list and time-boxed notification', () => {
    const agreement = parseAgreementDocument(
      JSON.parse(readFileSync(DEMO_FILE, 'utf8')),
      'agreement.json',
    );
    expect(agreement.versions.map((v) => v.inForceFromMs)).toEqual([V1, V2]);
    for (const v of agreement.versions) {
      expect(v.lists?.find((l) => l.id === 'force-assets')?.trackIds).toEqual(['icao:f00a10']);
    }
    const [n] = agreement.versions[1]!.notifications ?? [];
    expect(n?.toMs).toBeGreaterThan(n?.fromMs ?? Infinity);
  });

  it('throws AgreementFileError listing every problem, one line each, naming file, field and provision', () => {
    const doc = everyFeature();
    doc.versions[0].rules[0].zones = ['nowhere'];
    doc.versions[0].rules[3].thresholds = {};
    const err = (() => {
      try {
        parseAgreementDocument(doc, 'a.json');
      } catch (e) {
        return e;
      }
    })() as AgreementFileError;
    expect(err).toBeInstanceOf(AgreementFileError);
    expect(err.file).toBe('a.json');
    expect(err.message.split('\n')).toEqual(
      err.problems.map((p) => formatAgreementProblem('a.json', p)),
    );
    expect(err.message).toContain(
      "a.json: versions[0].rules[0].zones[0]: provision 'R-1': unknown zone 'nowhere'",
    );
    expect(err.message).toContain(
      "a.json: versions[0].rules[3].thresholds.altitudeFt: provision 'R-4': 'below_altitude' needs thresholds.altitudeFt",
    );
  });
});

describe('checkAgreementDocument', () => {
  it('returns the agreement and no problems for a good document', () => {
    const check = checkAgreementDocument(everyFeature(), 'every.json');
    expect(check.problems).toEqual([]);
    expect(check.file).toBe('every.json');
    expect(check.agreement?.id).toBe('test');
  });

  it('reports every shape problem, naming the provision it sits in', () => {
    const doc = everyFeature();
    doc.versions[0].zones[0].geometry.coordinates[0][1][0] = 200;
    doc.versions[0].rules[1].forbids = ['trespass'];
    doc.versions[1].notifications = [{ id: 'N-2', description: 'x', trackIds: [] }];
    doc.versions[0].inForceFrom = '2026-01-01T00:00:00';
    const check = checkAgreementDocument(doc, 'a.json');
    expect(check.agreement).toBeUndefined();
    const byField = new Map(check.problems.map((p) => [p.field, p]));
    expect(byField.get('versions[0].zones[0].geometry.coordinates[0][1][0]')).toMatchObject({
      provision: 'buffer',
      reason: expect.stringMatching(/<=180/),
    });
    expect(byField.get('versions[0].rules[1].forbids[0]')?.provision).toBe('R-2');
    expect(byField.get('versions[1].notifications[0].trackIds')?.provision).toBe('N-2');
    expect(byField.get('versions[1].notifications[0].from')?.provision).toBe('N-2');
    expect(byField.get('versions[0].inForceFrom')).toEqual({
      field: 'versions[0].inForceFrom',
      reason: 'expected an ISO 8601 time with Z or an offset',
    });
  });

  it('gives a file in the older layout one clear problem', () => {
    const old = { id: 'demo', name: 'x', illustrative: true, versions: [{ inForceFromMs: 0 }] };
    expect(checkAgreementDocument(old, 'old.json').problems).toEqual([
      { field: 'format', reason: expect.stringMatching(/older layout.*truceline-agreement\/1/) },
    ]);
  });

  it(`lists the first ${MAX_PROBLEMS} problems and says how many more there were`, () => {
    const doc = everyFeature();
    doc.versions[0].rules[0].zones = Array.from({ length: MAX_PROBLEMS + 10 }, (_, i) => `z${i}`);
    const { problems } = checkAgreementDocument(doc, 'a.json');
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems.at(-1)).toEqual({
      field: '(document)',
      reason: expect.stringMatching(/^\d+ more problem\(s\) not listed$/),
    });
  });
});

describe('toFileField', () => {
  it('spells core field paths the way the file does', () => {
    const cases: [string, string][] = [
      ['versions[1].inForceFromMs', 'versions[1].inForceFrom'],
      ['versions[0].rules[2].zoneIds[1]', 'versions[0].rules[2].zones[1]'],
      ['versions[0].rules[2].exemptTrackIds[0]', 'versions[0].rules[2].exempt.trackIds[0]'],
      ['versions[0].rules[2].exemptLists[0]', 'versions[0].rules[2].exempt.lists[0]'],
      ['versions[0].rules[2].kinds', 'versions[0].rules[2].appliesTo.kinds'],
      ['versions[0].rules[2].lists[0]', 'versions[0].rules[2].appliesTo.lists[0]'],
      ['versions[0].rules[2].inForce.toMs', 'versions[0].rules[2].inForce.to'],
      ['versions[0].notifications[0].fromMs', 'versions[0].notifications[0].from'],
      ['versions[0].zones[3].altitudeFt.minFt', 'versions[0].zones[3].altitudeFt.min'],
      ['versions[0].lists[1].trackIds[0]', 'versions[0].lists[1].trackIds[0]'],
    ];
    for (const [core, file] of cases) expect(toFileField(core)).toBe(file);
  });
});
