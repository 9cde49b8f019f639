import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { checkAgreementDocument, parseAgreementDocument } from './agreement-file.js';
import { type AgreementProblem, deepEqual, validateAgreement } from './agreement-validate.js';
import type { Agreement, Zone } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests break hand-written JSON on purpose.
type Json = any;

const SQUARE = [
  [30, 46],
  [31, 46],
  [31, 47],
  [30, 47],
  [30, 46],
];

/** Two versions holding the same provisions: an area, a line, a circle, a list, two rules, a notification. */
function base(): Json {
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
function both(change: (v: Json) => void): (d: Json) => void {
  return (d) => {
    for (const v of d.versions) change(v);
  };
}

function problemsAfter(change: (d: Json) => void): AgreementProblem[] {
  const d = base();
  change(d);
  return checkAgreementDocument(d, 'a.json').problems;
}

function refusal(field: string, provision: string | undefined, reason: RegExp): AgreementProblem {
  const r = expect.stringMatching(reason) as unknown as string;
  return provision === undefined ? { field, reason: r } : { field, provision, reason: r };
}

const BOWTIE = [
  [30, 46],
  [31, 47],
  [31, 46],
  [30, 47],
  [30, 46],
];
const FAR = [
  [35, 40],
  [35.1, 40],
  [35.1, 40.1],
  [35, 40],
];
const ACROSS = [
  [30.9, 46.4],
  [31.2, 46.4],
  [31.2, 46.6],
  [30.9, 46.4],
];
const WORLD = [
  [-180, -90],
  [180, -90],
  [180, 90],
  [-180, 90],
  [-180, -90],
];

describe('validateAgreement (through the file)', () => {
  it('accepts the base document', () => {
    expect(problemsAfter(() => {})).toEqual([]);
  });

  // [refusal, change, field, provision, reason]
  const cases: [string, (d: Json) => void, string, string | undefined, RegExp][] = [
    // 1. ids
    [
      'an id used twice in one version, across kinds',
      both((v) => {
        v.lists[0].id = 'buffer';
        v.rules[0].exempt.lists = ['buffer'];
      }),
      'versions[0].lists[0].id',
      'buffer',
      /already used by the zone at versions\[0\]\.zones\[0\]: ids are unique within a version/,
    ],
    [
      'a changed provision that keeps its id',
      (d) => {
        d.versions[1].zones[0].name = 'Buffer (wider)';
      },
      'versions[1].zones[0]',
      'buffer',
      /^zone 'buffer' differs from the one of version 1 with the same id: a changed provision needs a new id \(and `supersedes`\)$/,
    ],
    [
      'an id that names another kind of provision in a later version',
      (d) => {
        d.versions[1].lists.push({ id: 'N-1', name: 'x', trackIds: ['sim:a'] });
        d.versions[1].notifications = [];
      },
      'versions[1].lists[1].id',
      'N-1',
      /list 'N-1' has the id of a notification of version 1/,
    ],
    [
      'a version number used twice',
      (d) => {
        d.versions[1].version = 1;
      },
      'versions[1].version',
      undefined,
      /version 1 also at versions\[0\]/,
    ],
    [
      'versions not in force in the order of their numbers',
      (d) => {
        d.versions[1].inForceFrom = '2025-12-01T00:00:00Z';
      },
      'versions[1].inForceFrom',
      undefined,
      /version 2 comes into force at 2025-12-01T00:00:00Z, not after version 1/,
    ],
    // 2. intervals
    [
      'an interval that ends before it starts',
      both((v) => {
        v.zones[2].inForce = { from: '2026-03-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };
      }),
      'versions[0].zones[2].inForce.to',
      'site',
      /zone 'site' ends \(2026-02-01T00:00:00Z\) before it starts .*expected from < to/,
    ],
    [
      'a provision that starts before its version comes into force',
      both((v) => {
        v.rules[1].inForce = { from: '2025-12-01T00:00:00+01:00' };
      }),
      'versions[0].rules[1].inForce.from',
      'R-2',
      /rule 'R-2' starts \(2025-11-30T23:00:00Z\) before its version comes into force \(2026-01-01T00:00:00Z\)/,
    ],
    [
      'a notification that ends when it starts',
      both((v) => {
        v.notifications[0].to = v.notifications[0].from;
      }),
      'versions[0].notifications[0].to',
      'N-1',
      /expected from < to/,
    ],
    [
      'supersedes naming no provision',
      both((v) => {
        v.rules[1].supersedes = 'R-0';
      }),
      'versions[0].rules[1].supersedes',
      'R-2',
      /supersedes 'R-0', which is in no version up to version 1/,
    ],
    [
      'supersedes naming a zone',
      both((v) => {
        v.rules[1].supersedes = 'line';
      }),
      'versions[0].rules[1].supersedes',
      'R-2',
      /supersedes 'line', which is a zone: a rule supersedes a rule/,
    ],
    [
      'a successor in force alongside its predecessor, both without end',
      (d) => {
        d.versions[1].rules.push({ ...d.versions[1].rules[0], id: 'R-3', supersedes: 'R-1' });
      },
      'versions[1].rules[2].supersedes',
      'R-3',
      /rule 'R-3' and rule 'R-1', which it supersedes, are both in force from 2026-06-01T00:00:00Z with no end/,
    ],
    [
      'a successor starting before its predecessor ends',
      both((v) => {
        v.rules[0].inForce = { to: '2026-03-01T00:00:00Z' };
        v.rules.push({
          ...v.rules[0],
          id: 'R-3',
          supersedes: 'R-1',
          inForce: { from: '2026-02-15T00:00:00Z' },
        });
        v.notifications[0].ruleIds = ['R-3'];
      }),
      'versions[0].rules[2].supersedes',
      'R-3',
      /both in force from 2026-02-15T00:00:00Z until 2026-03-01T00:00:00Z: end 'R-1'/,
    ],
    // 3. zones
    [
      'a ring that is not closed',
      both((v) => v.zones[0].geometry.coordinates[0].pop()),
      'versions[0].zones[0].geometry.coordinates[0]',
      'buffer',
      /ring is not closed/,
    ],
    [
      'a ring of fewer than 4 positions',
      both((v) => {
        v.zones[0].geometry.coordinates[0] = [
          [30, 46],
          [31, 46],
          [30, 46],
        ];
      }),
      'versions[0].zones[0].geometry.coordinates[0]',
      'buffer',
      /expected array to have >=4 items/,
    ],
    [
      'a ring without area',
      both((v) => {
        v.zones[0].geometry.coordinates[0] = [
          [30, 46],
          [31, 46],
          [32, 46],
          [30, 46],
        ];
      }),
      'versions[0].zones[0].geometry.coordinates[0]',
      'buffer',
      /ring has no area/,
    ],
    [
      'a ring that crosses itself',
      both((v) => {
        v.zones[0].geometry.coordinates[0] = BOWTIE;
      }),
      'versions[0].zones[0].geometry.coordinates[0]',
      'buffer',
      /ring crosses or touches itself: the edge from position 0 \(\[30, 46\]\) meets the edge from position 2/,
    ],
    [
      'a hole outside its outer ring',
      both((v) => v.zones[0].geometry.coordinates.push(FAR)),
      'versions[0].zones[0].geometry.coordinates[1]',
      'buffer',
      /hole lies outside its outer ring/,
    ],
    [
      'a hole crossing its outer ring',
      both((v) => v.zones[0].geometry.coordinates.push(ACROSS)),
      'versions[0].zones[0].geometry.coordinates[1]',
      'buffer',
      /ring 1 crosses or touches ring 0/,
    ],
    [
      'a MultiPolygon part that crosses itself',
      both((v) => {
        v.zones[0].geometry = { type: 'MultiPolygon', coordinates: [[SQUARE], [BOWTIE]] };
      }),
      'versions[0].zones[0].geometry.coordinates[1][0]',
      'buffer',
      /crosses or touches itself/,
    ],
    [
      'a position off the globe',
      both((v) => {
        v.zones[1].geometry.coordinates[1] = [31, 95];
      }),
      'versions[0].zones[1].geometry.coordinates[1][1]',
      'line',
      /expected number to be <=90/,
    ],
    [
      'a Point zone without a radius',
      both((v) => delete v.zones[2].radiusM),
      'versions[0].zones[2].radiusM',
      'site',
      /a Point zone needs a radius > 0 in metres, got undefined/,
    ],
    [
      'a radius on a Polygon',
      both((v) => {
        v.zones[0].radiusM = 100;
      }),
      'versions[0].zones[0].radiusM',
      'buffer',
      /radiusM is only for Point zones, this is a Polygon/,
    ],
    [
      'a line zone drawn as a Polygon',
      both((v) => {
        v.zones[1].geometry = v.zones[0].geometry;
      }),
      'versions[0].zones[1].geometry.type',
      'line',
      /a line zone needs a LineString, got Polygon/,
    ],
    [
      'a LineString that is not a line zone',
      both((v) => {
        v.zones[1].kind = 'corridor';
        v.rules[1].zones = [];
        v.rules[1].forbids = ['silence'];
      }),
      'versions[0].zones[1].geometry.type',
      'line',
      /a corridor zone needs a Polygon, MultiPolygon or Point, got LineString/,
    ],
    [
      'a line of one distinct position',
      both((v) => {
        v.zones[1].geometry.coordinates = [
          [30, 45],
          [30, 45],
        ];
      }),
      'versions[0].zones[1].geometry.coordinates',
      'line',
      /a line needs at least 2 distinct positions/,
    ],
    [
      'an empty altitude band',
      both((v) => {
        v.zones[0].altitudeFt = { min: 5000, max: 1000 };
      }),
      'versions[0].zones[0].altitudeFt',
      'buffer',
      /from 5000 to 1000 ft is empty: expected min < max/,
    ],
    // 4. rules and references
    [
      'a rule naming a zone its version lacks',
      both((v) => {
        v.rules[0].zones = ['buffer', 'buffer-b'];
      }),
      'versions[0].rules[0].zones[1]',
      'R-1',
      /unknown zone 'buffer-b' \(version 1 has: buffer, line, site\)/,
    ],
    [
      'a rule applying to a list its version lacks',
      both((v) => {
        v.rules[0].appliesTo.lists = ['convoy'];
      }),
      'versions[0].rules[0].appliesTo.lists[0]',
      'R-1',
      /unknown list 'convoy' \(version 1 has: force\)/,
    ],
    [
      'a rule exempting a list its version lacks',
      both((v) => {
        v.rules[0].exempt.lists = ['friends'];
      }),
      'versions[0].rules[0].exempt.lists[0]',
      'R-1',
      /unknown list 'friends'/,
    ],
    [
      'a notification naming a rule its version lacks',
      both((v) => {
        v.notifications[0].ruleIds = ['R-9'];
      }),
      'versions[0].notifications[0].ruleIds[0]',
      'N-1',
      /unknown rule 'R-9'/,
    ],
    [
      'an area action without a zone',
      both((v) => delete v.rules[0].zones),
      'versions[0].rules[0].zones',
      'R-1',
      /'enter' needs at least one area zone/,
    ],
    [
      'an area action on a line',
      both((v) => {
        v.rules[0].zones = ['line'];
      }),
      'versions[0].rules[0].zones',
      'R-1',
      /'enter' needs area zones; zone 'line' is a line \(use cross\)/,
    ],
    [
      'cross on an area',
      both((v) => {
        v.rules[1].zones = ['buffer'];
      }),
      'versions[0].rules[1].zones',
      'R-2',
      /'cross' needs line zones; zone 'buffer' is a buffer/,
    ],
    [
      'cross without a zone',
      both((v) => delete v.rules[1].zones),
      'versions[0].rules[1].zones',
      'R-2',
      /'cross' needs at least one line zone/,
    ],
    [
      'a "where" action on a line',
      both((v) => {
        v.rules[1].forbids = ['silence'];
      }),
      'versions[0].rules[1].zones',
      'R-2',
      /'silence' takes area zones as "where"; zone 'line' is a line/,
    ],
    [
      'below_altitude without altitudeFt',
      both((v) => {
        v.rules[0].forbids = ['below_altitude'];
      }),
      'versions[0].rules[0].thresholds.altitudeFt',
      'R-1',
      /'below_altitude' needs thresholds.altitudeFt, got none/,
    ],
    [
      'above_speed without speedKn',
      both((v) => {
        v.rules[0].forbids = ['above_speed'];
      }),
      'versions[0].rules[0].thresholds.speedKn',
      'R-1',
      /'above_speed' needs thresholds.speedKn, got none/,
    ],
    [
      'a threshold that is not positive',
      both((v) => {
        v.rules[0].thresholds = { dwellMinutes: 0 };
      }),
      'versions[0].rules[0].thresholds.dwellMinutes',
      'R-1',
      /expected number to be >0/,
    ],
    [
      'an altitude action for vessels',
      both((v) => {
        v.rules[0].appliesTo.kinds = ['aircraft', 'vessel'];
        v.rules[0].forbids = ['above_altitude'];
        v.rules[0].thresholds = { altitudeFt: 500 };
      }),
      'versions[0].rules[0].appliesTo.kinds',
      'R-1',
      /'above_altitude' is for aircraft tracks only, got vessel/,
    ],
    [
      'loiter for aircraft',
      both((v) => {
        v.rules[0].forbids = ['loiter'];
      }),
      'versions[0].rules[0].appliesTo.kinds',
      'R-1',
      /'loiter' is for vessel tracks only, got aircraft/,
    ],
    [
      'an emergency squawk rule for ground units',
      both((v) => {
        v.rules[1].forbids = ['emergency'];
        v.rules[1].zones = [];
      }),
      'versions[0].rules[1].appliesTo.kinds',
      'R-2',
      /'emergency' is for aircraft tracks only, got ground/,
    ],
  ];

  it.each(cases)('refuses %s', (_, change, field, provision, reason) => {
    expect(problemsAfter(change)).toContainEqual(refusal(field, provision, reason));
  });

  it('accepts a successor that starts where its predecessor ends', () => {
    const problems = problemsAfter(
      both((v) => {
        v.rules[0].inForce = { to: '2026-03-01T00:00:00Z' };
        v.rules.push({
          ...v.rules[0],
          id: 'R-3',
          supersedes: 'R-1',
          inForce: { from: '2026-03-01T01:00:00+01:00' },
        });
      }),
    );
    expect(problems).toEqual([]);
  });

  it('accepts a successor in a later version once the predecessor has left the agreement', () => {
    const problems = problemsAfter((d) => {
      d.versions[1].rules[0] = { ...d.versions[1].rules[0], id: 'R-3', supersedes: 'R-1' };
      d.versions[1].notifications = [];
    });
    expect(problems).toEqual([]);
  });
});

describe('rules that would match every track (or none)', () => {
  /** R-1 changed in both versions. */
  const r1 = (change: (r: Json, v: Json) => void) => both((v) => change(v.rules[0], v));
  const cases: [string, (d: Json) => void, string, RegExp][] = [
    [
      'below_altitude at or above 60 000 ft',
      r1((r) => {
        r.forbids = ['below_altitude'];
        r.thresholds = { altitudeFt: 60_000 };
      }),
      'versions[0].rules[0].thresholds.altitudeFt',
      /below_altitude 60000 ft \(>= 60000\): the rule would match every track/,
    ],
    [
      'above_altitude at or below 0 ft',
      r1((r) => {
        r.forbids = ['above_altitude'];
        r.thresholds = { altitudeFt: 0 };
      }),
      'versions[0].rules[0].thresholds.altitudeFt',
      /above_altitude 0 ft \(<= 0\): the rule would match every track/,
    ],
    [
      'above_speed at 0 kn',
      r1((r) => {
        r.forbids = ['above_speed'];
        r.thresholds = { speedKn: 0 };
      }),
      'versions[0].rules[0].thresholds.speedKn',
      /above_speed 0 kn \(<= 0\)/,
    ],
    [
      'below_speed above what the kind can do',
      r1((r) => {
        r.appliesTo.kinds = ['vessel'];
        r.forbids = ['below_speed'];
        r.zones = [];
        r.thresholds = { speedKn: 61 };
      }),
      'versions[0].rules[0].thresholds.speedKn',
      /below_speed 61 kn is above what a vessel can do \(60 kn\)/,
    ],
    [
      'inside a zone covering the globe',
      r1((r, v) => {
        v.zones.push({
          id: 'world',
          name: 'World',
          kind: 'buffer',
          geometry: { type: 'Polygon', coordinates: [WORLD] },
        });
        r.zones = ['world'];
      }),
      'versions[0].rules[0].zones',
      /zone 'world' covers the whole globe: the rule would match every track/,
    ],
    [
      'jump at 1 kn',
      r1((r) => {
        r.forbids = ['jump'];
        r.zones = [];
        r.thresholds = { jumpSpeedKn: 1 };
      }),
      'versions[0].rules[0].thresholds.jumpSpeedKn',
      /jump above 1 kn \(<= 1\)/,
    ],
    [
      'silence shorter than a minute',
      r1((r) => {
        r.forbids = ['silence'];
        r.zones = [];
        r.thresholds = { silenceMinutes: 0.5 };
      }),
      'versions[0].rules[0].thresholds.silenceMinutes',
      /silence of 0.5 min \(< 1\) is every gap/,
    ],
    [
      'an encounter 60 km apart',
      r1((r) => {
        r.appliesTo.kinds = ['vessel'];
        r.forbids = ['encounter'];
        r.thresholds = { encounterDistanceM: 60_000 };
      }),
      'versions[0].rules[0].thresholds.encounterDistanceM',
      /encounter within 60000 m \(> 50000\) is not a meeting/,
    ],
    [
      'exemptions covering every track of its own lists',
      r1((r) => {
        r.appliesTo.lists = ['force'];
        r.exempt = { trackIds: ['icao:f00a10', 'mmsi:271000001'] };
      }),
      'versions[0].rules[0].exempt.trackIds',
      /exempts every track of its own lists \(force\): the rule would match no track/,
    ],
  ];

  it.each(cases)('refuses %s', (_, change, field, reason) => {
    expect(problemsAfter(change)).toContainEqual(refusal(field, 'R-1', reason));
  });

  it('accepts the same actions with thresholds that select some tracks', () => {
    const problems = problemsAfter(
      r1((r) => {
        r.forbids = ['enter', 'below_altitude', 'above_speed', 'silence', 'jump'];
        r.thresholds = { altitudeFt: 500, speedKn: 600, silenceMinutes: 30, jumpSpeedKn: 2000 };
        r.appliesTo.lists = ['force'];
        r.exempt = { trackIds: ['icao:f00a10'] };
      }),
    );
    expect(problems).toEqual([]);
  });
});

describe('lists, notifications and track ids', () => {
  const cases: [string, (d: Json) => void, string, string, RegExp][] = [
    [
      'a list without tracks',
      both((v) => {
        v.lists[0].trackIds = [];
      }),
      'versions[0].lists[0].trackIds',
      'force',
      /expected array to have >=1 items/,
    ],
    [
      'a track listed twice',
      both((v) => v.lists[0].trackIds.push('icao:f00a10')),
      'versions[0].lists[0].trackIds[2]',
      'force',
      /track 'icao:f00a10' is listed twice/,
    ],
    [
      'a malformed track id on a list',
      both((v) => {
        v.lists[0].trackIds[0] = 'icao:F00A10';
      }),
      'versions[0].lists[0].trackIds[0]',
      'force',
      /expected mmsi:<9 digits>, icao:<6 lowercase hex>, sim:<name> or report:<id>/,
    ],
    [
      'a malformed exempt track id',
      both((v) => {
        v.rules[0].exempt.trackIds = ['mmsi:12345'];
      }),
      'versions[0].rules[0].exempt.trackIds[0]',
      'R-1',
      /expected mmsi:<9 digits>/,
    ],
    [
      'a notification without tracks',
      both((v) => {
        v.notifications[0].trackIds = [];
      }),
      'versions[0].notifications[0].trackIds',
      'N-1',
      /expected array to have >=1 items/,
    ],
  ];

  it.each(cases)('refuses %s', (_, change, field, provision, reason) => {
    expect(problemsAfter(change)).toContainEqual(refusal(field, provision, reason));
  });
});

describe('validateAgreement (on the core type)', () => {
  /** The base document as a core agreement, for checks the file's shape already makes. */
  function core(): Agreement {
    return parseAgreementDocument(base(), 'base.json');
  }
  const everyVersion = (a: Agreement, change: (v: Agreement['versions'][number]) => void) => {
    for (const v of a.versions) change(v);
    return a;
  };

  it('accepts the base agreement, and refuses one without versions', () => {
    expect(validateAgreement(core())).toEqual([]);
    expect(validateAgreement({ ...core(), versions: [] })).toEqual([
      { field: 'versions', reason: 'expected at least one version' },
    ]);
  });

  it('names core fields: a position off the globe, a bad threshold, a malformed track id', () => {
    const a = everyVersion(core(), (v) => {
      (v.zones[0]!.geometry.coordinates as Position[][])[0]![1] = [200, 46];
      v.rules[0]!.thresholds = { dwellMinutes: -1 };
      v.rules[0]!.exemptTrackIds = ['ICAO:F00A10'];
      v.lists![0]!.trackIds = [];
    });
    const problems = validateAgreement(a);
    expect(problems).toContainEqual(
      refusal(
        'versions[0].zones[0].geometry.coordinates[0][1]',
        'buffer',
        /\[200,46\] is off the globe/,
      ),
    );
    expect(problems).toContainEqual(
      refusal('versions[0].rules[0].thresholds.dwellMinutes', 'R-1', /expected > 0, got -1/),
    );
    expect(problems).toContainEqual(
      refusal('versions[0].rules[0].exemptTrackIds[0]', 'R-1', /got 'ICAO:F00A10'/),
    );
    expect(problems).toContainEqual(
      refusal('versions[0].lists[0].trackIds', 'force', /expected at least one track id/),
    );
  });

  it('refuses empty kinds, forbids and filters, and a ring of three positions', () => {
    const a = everyVersion(core(), (v) => {
      v.rules[0]!.kinds = [];
      v.rules[1]!.forbids = [];
      v.rules[1]!.flags = [];
      (v.zones[0]!.geometry.coordinates as Position[][])[0] = [
        [30, 46],
        [31, 46],
        [30, 46],
      ];
    });
    const problems = validateAgreement(a);
    expect(problems).toContainEqual(refusal('versions[0].rules[0].kinds', 'R-1', /empty/));
    expect(problems).toContainEqual(refusal('versions[0].rules[1].forbids', 'R-2', /empty/));
    expect(problems).toContainEqual(
      refusal('versions[0].rules[1].flags', 'R-2', /empty: .*leave it out to match all/),
    );
    expect(problems).toContainEqual(
      refusal(
        'versions[0].zones[0].geometry.coordinates[0]',
        'buffer',
        /at least 4 positions, got 3/,
      ),
    );
  });
});

describe('ring checks on a 20 000-vertex coastline', () => {
  const N = 20_000;
  /** A wiggly closed ring around (30, 46): radius varies so no three neighbours line up. */
  function coastline(): Position[] {
    const ring: Position[] = [];
    for (let i = 0; i < N; i++) {
      const a = (2 * Math.PI * i) / N;
      const r = 1 + 0.01 * Math.sin(37 * a);
      ring.push([30 + r * Math.cos(a), 46 + r * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    return ring;
  }
  function withRing(ring: Position[]): Agreement {
    const zone: Zone = {
      id: 'coast',
      name: 'Coast',
      kind: 'buffer',
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
    return {
      id: 'c',
      name: 'C',
      illustrative: true,
      versions: [{ version: 1, inForceFromMs: 0, title: 'v1', zones: [zone], rules: [] }],
    };
  }

  it('accepts the simple ring', () => {
    expect(validateAgreement(withRing(coastline()))).toEqual([]);
  });

  it('finds the one place where two neighbouring positions were swapped', () => {
    const ring = coastline();
    const k = 12_345;
    [ring[k], ring[k + 1]] = [ring[k + 1]!, ring[k]!];
    expect(validateAgreement(withRing(ring))).toEqual([
      refusal(
        'versions[0].zones[0].geometry.coordinates[0]',
        'coast',
        new RegExp(`edge from position ${k - 1} .* meets the edge from position ${k + 1}$`),
      ),
    ]);
  });

  it('finds a spike that doubles back along itself', () => {
    const ring = coastline();
    ring.splice(500, 0, [31.5, 46.02], ring[499]!);
    expect(validateAgreement(withRing(ring))[0]?.reason).toMatch(/crosses or touches itself/);
  });
});

describe('deepEqual', () => {
  it('compares JSON-like values by content, ignoring key order and undefined keys', () => {
    expect(deepEqual({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: [] }, { a: {} })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 0 })).toBe(false);
  });
});
