import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgreementFileError } from '../../core/agreement-file.js';
import { DEMO_SCENARIO_DIR, loadScenario } from './load-scenario.js';
import { ScenarioFileError } from './scenario-schema.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests break hand-written JSON on purpose.
type Json = any;

describe('loadScenario', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truceline-scenario-'));
    await cp(DEMO_SCENARIO_DIR, dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Rewrites one of the copied files through `change`. */
  async function edit(file: string, change: (json: Json) => void): Promise<void> {
    const path = join(dir, file);
    const json = JSON.parse(await readFile(path, 'utf8'));
    change(json);
    await writeFile(path, JSON.stringify(json));
  }

  async function loadError(): Promise<ScenarioFileError> {
    const err = await loadScenario(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioFileError);
    return err as ScenarioFileError;
  }

  async function agreementError(): Promise<AgreementFileError> {
    const err = await loadScenario(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgreementFileError);
    return err as AgreementFileError;
  }

  it('loads the demo agreement and traffic script', async () => {
    const scenario = await loadScenario(DEMO_SCENARIO_DIR);
    expect(scenario.agreement.id).toBe('demo');
    expect(scenario.agreement.versions).toHaveLength(2);
    expect(scenario.traffic.actors.length).toBeGreaterThan(0);
  });

  it('names the file when one is missing', async () => {
    await rm(join(dir, 'traffic.json'));
    const err = await loadError();
    expect(err.file).toBe(join(dir, 'traffic.json'));
    expect(err.message).toMatch(/cannot be read/);
  });

  it('names the file when it is not JSON', async () => {
    await writeFile(join(dir, 'agreement.json'), '{ "id": ');
    expect((await loadError()).message).toMatch(/agreement\.json: \(document\): is not valid JSON/);
  });

  it('names the field of a wrong type', async () => {
    await edit('agreement.json', (a) => {
      a.versions[0].inForceFrom = 1767225600000;
    });
    const err = await agreementError();
    expect(err.file).toBe(join(dir, 'agreement.json'));
    expect(err.problems.map((p) => p.field)).toEqual(['versions[0].inForceFrom']);
    expect(err.message).toContain('agreement.json: versions[0].inForceFrom:');
  });

  it('names a rule zone id that its version lacks, with the rule', async () => {
    await edit('agreement.json', (a) => {
      a.versions[1].rules[0].zones = ['no-such-zone'];
    });
    const err = await agreementError();
    expect(err.problems).toContainEqual({
      field: 'versions[1].rules[0].zones[0]',
      provision: 'R-1',
      reason: expect.stringMatching(/unknown zone 'no-such-zone'/),
    });
  });

  it('names a ring that is not closed', async () => {
    await edit('agreement.json', (a) => {
      a.versions[0].zones[0].geometry.coordinates[0].pop();
    });
    const fields = (await agreementError()).problems.map((p) => p.field);
    expect(fields).toContain('versions[0].zones[0].geometry.coordinates[0]');
  });

  it('names a Point zone without a radius', async () => {
    await edit('agreement.json', (a) => {
      const site = a.versions[0].zones.find((z: Json) => z.kind === 'protected_site');
      delete site.radiusM;
    });
    const err = await agreementError();
    expect(err.problems[0]?.field).toMatch(/^versions\[0\]\.zones\[\d\]\.radiusM$/);
    expect(err.message).toMatch(/provision 'site-a': a Point zone needs a radius/);
    // Version 2 keeps the radius, so the two no longer say the same thing.
    expect(err.message).toMatch(/zone 'site-a' differs from the one of version 1/);
  });

  it('lists every problem of the agreement at once', async () => {
    await edit('agreement.json', (a) => {
      a.versions[0].rules[0].zones = ['nowhere'];
      a.versions[0].rules[1].exempt.lists = ['no-such-list'];
    });
    const err = await agreementError();
    expect(err.message.split('\n')).toHaveLength(err.problems.length);
    expect(err.problems.map((p) => p.provision)).toEqual(expect.arrayContaining(['R-1', 'R-2']));
  });

  it('names an actor id that does not fit its kind', async () => {
    await edit('traffic.json', (t) => {
      t.actors[0].id = 'icao:XYZ';
    });
    const err = await loadError();
    expect(err.field).toBe('actors[0].id');
    expect(err.message).toMatch(/traffic\.json: actors\[0\]\.id: expected a aircraft id/);
  });

  it('names a waypoint off the globe', async () => {
    await edit('traffic.json', (t) => {
      t.seaLanes[0].waypoints[1] = [200, 45];
    });
    expect((await loadError()).field).toBe('seaLanes[0].waypoints[1][0]');
  });

  it('names an expectation pointing at a rule the agreement lacks', async () => {
    await edit('traffic.json', (t) => {
      t.actors[0].expect[0].ruleId = 'R-99';
    });
    expect((await loadError()).field).toBe('actors[0].expect[0].ruleId');
  });

  /** Index of the demo actor with this id, so the tests do not depend on the order of the file. */
  function indexOf(t: Json, id: string): number {
    const i = t.actors.findIndex((a: Json) => a.id === id);
    expect(i).toBeGreaterThanOrEqual(0);
    return i;
  }

  it('takes an expectation of a rule that applies anywhere without a zone', async () => {
    const scenario = await loadScenario(DEMO_SCENARIO_DIR);
    const drifter = scenario.traffic.actors.find((a) => a.id === 'mmsi:636019276');
    expect(drifter?.expect).toEqual([{ ruleId: 'R-11', action: 'loiter', withinS: 2000 }]);
  });

  it('names an expectation of a zone action without a zone', async () => {
    let at = '';
    await edit('traffic.json', (t) => {
      const i = indexOf(t, 'icao:f00a01');
      delete t.actors[i].expect[0].zoneId;
      at = `actors[${i}].expect[0].zoneId`;
    });
    const err = await loadError();
    expect(err.field).toBe(at);
    expect(err.reason).toBe("rule 'R-1' does not cover zone ''");
  });

  it('names a zone given to an action whose hits name none', async () => {
    let at = '';
    await edit('traffic.json', (t) => {
      const i = indexOf(t, 'mmsi:636019275');
      t.actors[i].expect[0].zoneId = 'corridor-west';
      at = `actors[${i}].expect[0].zoneId`;
    });
    const err = await loadError();
    expect(err.field).toBe(at);
    expect(err.reason).toMatch(/'above_speed' hits name no zone, got 'corridor-west'/);
  });

  it('names an expected action the rule does not forbid', async () => {
    await edit('traffic.json', (t) => {
      t.actors[indexOf(t, 'icao:f00a01')].expect[0].action = 'dwell';
    });
    expect((await loadError()).reason).toBe(
      "rule 'R-1' does not forbid 'dwell' (it forbids enter, inside)",
    );
  });

  it("names an expectation of a rule that does not apply to the actor's kind", async () => {
    await edit('traffic.json', (t) => {
      t.actors[indexOf(t, 'icao:f00a06')].expect[0].ruleId = 'R-11';
      t.actors[indexOf(t, 'icao:f00a06')].expect[0].action = 'loiter';
    });
    expect((await loadError()).reason).toBe(
      "rule 'R-11' does not apply to aircraft tracks (it applies to vessel)",
    );
  });

  it('refuses a misspelt key of an actor rather than dropping it', async () => {
    await edit('traffic.json', (t) => {
      const a = t.actors[indexOf(t, 'mmsi:636019280')];
      a.spooof = a.spoof;
      delete a.spoof;
    });
    expect((await loadError()).message).toMatch(/spooof/);
  });

  it('refuses a squawk on a vessel, a squawk that is not octal, and a NACp out of range', async () => {
    const cases: [string, (a: Json) => void, RegExp][] = [
      ['mmsi:636019275', (a) => (a.squawk = '7700'), /squawk: a squawk is for aircraft/],
      ['icao:f00a07', (a) => (a.squawk = '7780'), /squawk: expected four octal digits/],
      ['icao:f00a08', (a) => (a.nacP = 12), /nacP/],
    ];
    for (const [id, change, message] of cases) {
      await cp(DEMO_SCENARIO_DIR, dir, { recursive: true });
      await edit('traffic.json', (t) => change(t.actors[indexOf(t, id)]));
      expect((await loadError()).message).toMatch(message);
    }
  });

  it('refuses a repeated silence that leaves no time to report between', async () => {
    await edit('traffic.json', (t) => {
      t.actors[indexOf(t, 'mmsi:636019279')].silence = { afterS: 60, forS: 600, everyS: 600 };
    });
    expect((await loadError()).reason).toMatch(/expected everyS > forS \(600\)/);
  });
});
