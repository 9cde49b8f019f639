import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
      a.versions[0].inForceFromMs = '2026-01-01';
    });
    const err = await loadError();
    expect(err.field).toBe('versions[0].inForceFromMs');
    expect(err.message).toContain('agreement.json: versions[0].inForceFromMs:');
  });

  it('names a rule zone id that its version lacks', async () => {
    await edit('agreement.json', (a) => {
      a.versions[1].rules[0].zoneIds = ['no-such-zone'];
    });
    const err = await loadError();
    expect(err.field).toBe('versions[1].rules[0].zoneIds[0]');
    expect(err.reason).toMatch(/unknown zone 'no-such-zone'/);
  });

  it('names a ring that is not closed', async () => {
    await edit('agreement.json', (a) => {
      a.versions[0].zones[0].geometry.coordinates[0].pop();
    });
    expect((await loadError()).field).toBe('versions[0].zones[0].geometry.coordinates[0]');
  });

  it('names a Point zone without a radius', async () => {
    await edit('agreement.json', (a) => {
      const site = a.versions[0].zones.find((z: Json) => z.kind === 'protected_site');
      delete site.radiusM;
    });
    expect((await loadError()).field).toMatch(/^versions\[0\]\.zones\[\d\]\.radiusM$/);
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
