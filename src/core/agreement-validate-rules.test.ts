import { describe, expect, it } from 'vitest';
import { both, type Json, problemsAfter, refusal } from './agreement-validate.fixture.js';

const WORLD = [
  [-180, -90],
  [180, -90],
  [180, 90],
  [-180, 90],
  [-180, -90],
];

describe('rules and references (through the file)', () => {
  // [refusal, change, field, provision, reason]
  const cases: [string, (d: Json) => void, string, string | undefined, RegExp][] = [
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
