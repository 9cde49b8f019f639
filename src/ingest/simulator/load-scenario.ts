/**
 * Reads a scenario folder (`agreement.json` and `traffic.json`) from disk and
 * checks that the two agree with each other. A file that cannot be read, is
 * not JSON, or a bad traffic script throws ScenarioFileError; an agreement
 * that cannot be put in force throws AgreementFileError with every problem.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAgreementDocument } from '../../core/agreement-file.js';
import type { Agreement } from '../../core/types.js';
import { parseTrafficScript, ScenarioFileError } from './scenario-schema.js';
import type { TrafficScript } from './traffic-script.js';

export interface Scenario {
  dir: string;
  agreement: Agreement;
  traffic: TrafficScript;
}

/**
 * The illustrative demo scenario shipped with the code. Three levels up from
 * this file is the repository root both from src/ (tsx, tests) and from dist/
 * (the build keeps the same depth).
 */
export const DEMO_SCENARIO_DIR = fileURLToPath(new URL('../../../scenarios/demo', import.meta.url));

export async function loadScenario(dir: string): Promise<Scenario> {
  const agreementFile = join(dir, 'agreement.json');
  const trafficFile = join(dir, 'traffic.json');
  const agreement = parseAgreementDocument(await readJson(agreementFile), agreementFile);
  const traffic = parseTrafficScript(await readJson(trafficFile), trafficFile);
  checkExpectations(agreement, traffic, trafficFile);
  return { dir, agreement, traffic };
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ScenarioFileError(file, '', `cannot be read (${(err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ScenarioFileError(file, '', `is not valid JSON (${(err as Error).message})`);
  }
}

/** An actor's expected hits must name a rule and zone that some version of the agreement has. */
function checkExpectations(agreement: Agreement, traffic: TrafficScript, file: string): void {
  const ruleZones = new Map<string, Set<string>>();
  for (const v of agreement.versions) {
    for (const r of v.rules) {
      const zones = ruleZones.get(r.id) ?? new Set<string>();
      for (const z of r.zoneIds) zones.add(z);
      ruleZones.set(r.id, zones);
    }
  }
  traffic.actors.forEach((a, ai) => {
    a.expect.forEach((e, ei) => {
      const at = `actors[${ai}].expect[${ei}]`;
      const zones = ruleZones.get(e.ruleId);
      if (!zones)
        throw new ScenarioFileError(file, `${at}.ruleId`, `no rule '${e.ruleId}' in the agreement`);
      if (!zones.has(e.zoneId)) {
        throw new ScenarioFileError(
          file,
          `${at}.zoneId`,
          `rule '${e.ruleId}' does not cover zone '${e.zoneId}'`,
        );
      }
    });
  });
}
