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
import { type Agreement, type RuleAction, type TrackKind, ZONE_ACTIONS } from '../../core/types.js';
import { parseTrafficScript, ScenarioFileError } from './scenario-schema.js';
import type { ActorExpectation, TrafficScript } from './traffic-script.js';

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

/** What a rule id stands for across the agreement's versions (a kept id means the same rule). */
interface RuleSummary {
  zoneIds: Set<string>;
  forbids: Set<RuleAction>;
  kinds: Set<TrackKind>;
}

/**
 * An actor's expected hits must be hits the agreement can give: a rule that
 * some version has, that forbids the action, for the actor's kind; a zone
 * action names one of the rule's zones, any other action names none (its
 * hits carry no zone, even when the rule names zones as "where").
 */
function checkExpectations(agreement: Agreement, traffic: TrafficScript, file: string): void {
  const rules = new Map<string, RuleSummary>();
  for (const v of agreement.versions) {
    for (const r of v.rules) {
      const s = rules.get(r.id) ?? { zoneIds: new Set(), forbids: new Set(), kinds: new Set() };
      for (const z of r.zoneIds) s.zoneIds.add(z);
      for (const a of r.forbids) s.forbids.add(a);
      for (const k of r.kinds) s.kinds.add(k);
      rules.set(r.id, s);
    }
  }
  for (const [ai, a] of traffic.actors.entries()) {
    for (const [ei, e] of a.expect.entries()) {
      const at = `actors[${ai}].expect[${ei}]`;
      const rule = rules.get(e.ruleId);
      if (!rule)
        throw new ScenarioFileError(file, `${at}.ruleId`, `no rule '${e.ruleId}' in the agreement`);
      const reason = findMismatch(rule, a.kind, e);
      if (reason) throw new ScenarioFileError(file, `${at}.${reason[0]}`, reason[1]);
    }
  }
}

/** Why the rule cannot give this hit to an actor of this kind: [field, reason], or undefined. */
function findMismatch(
  rule: RuleSummary,
  kind: TrackKind,
  e: ActorExpectation,
): [string, string] | undefined {
  const list = (xs: Set<string>) => [...xs].join(', ');
  if (!rule.forbids.has(e.action)) {
    return [
      'action',
      `rule '${e.ruleId}' does not forbid '${e.action}' (it forbids ${list(rule.forbids)})`,
    ];
  }
  if (!rule.kinds.has(kind)) {
    return [
      'ruleId',
      `rule '${e.ruleId}' does not apply to ${kind} tracks (it applies to ${list(rule.kinds)})`,
    ];
  }
  const zoneId = e.zoneId ?? '';
  if (ZONE_ACTIONS.has(e.action)) {
    if (!rule.zoneIds.has(zoneId))
      return ['zoneId', `rule '${e.ruleId}' does not cover zone '${zoneId}'`];
  } else if (zoneId !== '') {
    return ['zoneId', `'${e.action}' hits name no zone, got '${zoneId}': leave zoneId out`];
  }
  return undefined;
}
