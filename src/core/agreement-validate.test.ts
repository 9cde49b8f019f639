import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseAgreementDocument } from './agreement-file.js';
import { base, both, type Json, problemsAfter, refusal } from './agreement-validate.fixture.js';
import { deepEqual, validateAgreement } from './agreement-validate.js';
import type { Agreement } from './types.js';

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

describe('deepEqual', () => {
  it('compares JSON-like values by content, ignoring key order and undefined keys', () => {
    expect(deepEqual({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: [] }, { a: {} })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 0 })).toBe(false);
  });
});
