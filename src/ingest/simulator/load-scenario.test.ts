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
});
