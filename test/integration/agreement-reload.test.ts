/**
 * Putting a new agreement in force on a running server (SIGHUP calls
 * `reloadAgreement`): a file that does not validate is refused with every
 * problem named, and the agreement running stays in force.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementBody } from '../../src/api/wire.js';
import { DEFAULT_SCENARIO_DIR } from '../../src/main.js';
import {
  asReader,
  getJson,
  makeDataDir,
  removeDataDir,
  startTruceline,
  type TestTruceline,
} from './http-helpers.js';

interface AgreementFileShape {
  name: string;
  versions: { zones: { id: string; geometry: { coordinates: unknown } }[] }[];
}

describe('reloading the agreement of a running server', () => {
  let dataDir: string;
  let file: string;
  let app: TestTruceline;
  const original = readFileSync(join(DEFAULT_SCENARIO_DIR, 'agreement.json'), 'utf8');

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-reload-');
    file = join(dataDir, 'agreement.json');
    writeFileSync(file, original);
    app = await startTruceline(dataDir, { simulate: false, agreementFile: file });
  });

  afterAll(async () => {
    await app?.close();
    removeDataDir(dataDir);
  });

  it('refuses a file with a broken ring and keeps the running agreement', async () => {
    const doc = JSON.parse(original) as AgreementFileShape;
    const zone = doc.versions[0]!.zones.find((z) => z.id === 'buffer-a')!;
    const ring = (zone.geometry.coordinates as number[][][])[0]!;
    ring[ring.length - 1] = [0, 0]; // no longer closed
    doc.name = 'Broken draft';
    writeFileSync(file, JSON.stringify(doc));
    await expect(app.reloadAgreement()).rejects.toThrow(/buffer-a/);
    const { body } = await getJson<AgreementBody>(`${app.url}/api/agreement`, asReader(app));
    expect(body.agreement.name).not.toBe('Broken draft');
  });

  it('puts a valid file in force at once', async () => {
    const doc = JSON.parse(original) as AgreementFileShape;
    doc.name = 'Renamed for the test (illustrative)';
    writeFileSync(file, JSON.stringify(doc));
    const next = await app.reloadAgreement();
    expect(next.name).toBe(doc.name);
    expect(app.engine.agreement.name).toBe(doc.name);
    const { body } = await getJson<AgreementBody>(`${app.url}/api/agreement`, asReader(app));
    expect(body.agreement.name).toBe(doc.name);
  });
});
