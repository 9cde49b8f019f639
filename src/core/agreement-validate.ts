/**
 * Checks an agreement before it is put in force: every problem at once (up to
 * MAX_PROBLEMS), each naming the field and the provision. Works on the core
 * type, so the engine can re-check an agreement that came from elsewhere
 * (the store, the API). docs/agreement-format.md lists every refusal and why.
 *
 * Here: the versions (numbers, order), ids across provisions and versions,
 * in-force intervals and `supersedes`. A zone's geometry is checked in
 * agreement-validate-zones.ts (rings in ring-check.ts), a rule's references,
 * actions and thresholds in agreement-validate-rules.ts.
 */
import { formatIsoTime } from './agreement-file-schema.js';
import { type AgreementProblem, Problems } from './agreement-problem.js';
import { checkRule, checkTrackIds } from './agreement-validate-rules.js';
import { checkZone } from './agreement-validate-zones.js';
import type { Agreement, AgreementVersion, Interval } from './types.js';

export { type AgreementProblem, capProblems, MAX_PROBLEMS } from './agreement-problem.js';

type Kind = 'zone' | 'rule' | 'list' | 'notification';
interface Provision {
  kind: Kind;
  id: string;
  at: string;
  value: object;
  interval: Interval | undefined;
}

/** Every problem of the agreement; empty when it may be put in force. */
export function validateAgreement(agreement: Agreement): AgreementProblem[] {
  const out = new Problems();
  const order = checkVersionOrder(agreement, out);
  const firstStart = new Map<string, number>();
  for (const vi of order) {
    const v = agreement.versions[vi]!;
    for (const p of provisionsOf(v, `versions[${vi}]`)) {
      if (!firstStart.has(p.id)) firstStart.set(p.id, v.inForceFromMs);
    }
  }
  agreement.versions.forEach((v, vi) => {
    checkVersion(v, `versions[${vi}]`, firstStart, out);
  });
  checkSameIdSameProvision(agreement, order, out);
  checkSupersedes(agreement, order, out);
  return out.list();
}

/** Version numbers unique, in force in the order of their numbers. Returns indexes by time. */
function checkVersionOrder(agreement: Agreement, out: Problems): number[] {
  if (agreement.versions.length === 0)
    out.add('versions', undefined, 'expected at least one version');
  const seen = new Map<number, number>();
  agreement.versions.forEach((v, vi) => {
    const at = `versions[${vi}]`;
    if (!Number.isInteger(v.version) || v.version < 1) {
      out.add(`${at}.version`, undefined, `expected a positive integer, got ${v.version}`);
    }
    const other = seen.get(v.version);
    if (other !== undefined) {
      out.add(`${at}.version`, undefined, `version ${v.version} also at versions[${other}]`);
    } else seen.set(v.version, vi);
    if (!Number.isFinite(v.inForceFromMs)) {
      out.add(`${at}.inForceFromMs`, undefined, `expected a time, got ${v.inForceFromMs}`);
    }
  });
  const byNumber = agreement.versions.map((_, i) => i);
  byNumber.sort((a, b) => agreement.versions[a]!.version - agreement.versions[b]!.version);
  for (let k = 1; k < byNumber.length; k++) {
    const prev = agreement.versions[byNumber[k - 1]!]!;
    const v = agreement.versions[byNumber[k]!]!;
    if (v.version !== prev.version && !(v.inForceFromMs > prev.inForceFromMs)) {
      out.add(
        `versions[${byNumber[k]}].inForceFromMs`,
        undefined,
        `version ${v.version} comes into force at ${formatIsoTime(v.inForceFromMs)}, not after version ${prev.version} (${formatIsoTime(prev.inForceFromMs)}): versions come into force in the order of their numbers`,
      );
    }
  }
  const byTime = agreement.versions.map((_, i) => i);
  return byTime.sort(
    (a, b) => agreement.versions[a]!.inForceFromMs - agreement.versions[b]!.inForceFromMs,
  );
}

function provisionsOf(v: AgreementVersion, at: string): Provision[] {
  const ps: Provision[] = [];
  v.zones.forEach((z, i) => {
    ps.push({ kind: 'zone', id: z.id, at: `${at}.zones[${i}]`, value: z, interval: z.inForce });
  });
  v.rules.forEach((r, i) => {
    ps.push({ kind: 'rule', id: r.id, at: `${at}.rules[${i}]`, value: r, interval: r.inForce });
  });
  (v.lists ?? []).forEach((l, i) => {
    ps.push({ kind: 'list', id: l.id, at: `${at}.lists[${i}]`, value: l, interval: undefined });
  });
  (v.notifications ?? []).forEach((n, i) => {
    const interval = { fromMs: n.fromMs, toMs: n.toMs };
    ps.push({
      kind: 'notification',
      id: n.id,
      at: `${at}.notifications[${i}]`,
      value: n,
      interval,
    });
  });
  return ps;
}

function checkVersion(
  v: AgreementVersion,
  at: string,
  firstStart: Map<string, number>,
  out: Problems,
): void {
  const byId = new Map<string, Provision>();
  for (const p of provisionsOf(v, at)) {
    const other = byId.get(p.id);
    if (other === undefined) byId.set(p.id, p);
    else {
      out.add(
        `${p.at}.id`,
        p.id,
        `id already used by the ${other.kind} at ${other.at}: ids are unique within a version across zones, rules, lists and notifications`,
      );
    }
    if (p.interval !== undefined) {
      const intervalAt = p.kind === 'notification' ? p.at : `${p.at}.inForce`;
      const start = firstStart.get(p.id) ?? v.inForceFromMs;
      checkInterval(p.interval, intervalAt, p, start, start === v.inForceFromMs, out);
    }
  }
  const zones = new Map(v.zones.map((z) => [z.id, z]));
  const lists = new Map((v.lists ?? []).map((l) => [l.id, l]));
  v.zones.forEach((z, i) => {
    checkZone(z, `${at}.zones[${i}]`, out);
  });
  (v.lists ?? []).forEach((l, i) => {
    checkTrackIds(l.trackIds, `${at}.lists[${i}].trackIds`, l.id, out, true);
  });
  v.rules.forEach((r, i) => {
    checkRule(r, `${at}.rules[${i}]`, v.version, zones, lists, out);
  });
  const ruleIds = new Set(v.rules.map((r) => r.id));
  (v.notifications ?? []).forEach((n, i) => {
    const nat = `${at}.notifications[${i}]`;
    checkTrackIds(n.trackIds, `${nat}.trackIds`, n.id, out, true);
    n.ruleIds?.forEach((id, k) => {
      if (!ruleIds.has(id)) {
        out.add(`${nat}.ruleIds[${k}]`, n.id, `unknown rule '${id}' (version ${v.version})`);
      }
    });
    if (n.ruleIds?.length === 0) {
      out.add(`${nat}.ruleIds`, n.id, 'empty: leave it out to exempt from all rules');
    }
  });
}

/** from < to; not starting before (or ending by) the first version that holds the provision. */
function checkInterval(
  iv: Interval,
  at: string,
  p: Provision,
  versionStart: number,
  firstVersion: boolean,
  out: Problems,
): void {
  const what = `${p.kind} '${p.id}'`;
  const { fromMs, toMs } = iv;
  for (const [key, ms] of [
    ['fromMs', fromMs],
    ['toMs', toMs],
  ] as const) {
    if (ms !== undefined && !Number.isFinite(ms)) {
      out.add(`${at}.${key}`, p.id, `expected a time, got ${ms}`);
      return;
    }
  }
  if (fromMs !== undefined && toMs !== undefined && !(fromMs < toMs)) {
    out.add(
      `${at}.toMs`,
      p.id,
      `${what} ends (${formatIsoTime(toMs)}) before it starts (${formatIsoTime(fromMs)}): expected from < to`,
    );
    return;
  }
  // Reported where the provision first appears: later versions carry it unchanged.
  if (!firstVersion) return;
  if (fromMs !== undefined && fromMs < versionStart) {
    out.add(
      `${at}.fromMs`,
      p.id,
      `${what} starts (${formatIsoTime(fromMs)}) before its version comes into force (${formatIsoTime(versionStart)})`,
    );
  } else if (toMs !== undefined && toMs <= versionStart) {
    out.add(
      `${at}.toMs`,
      p.id,
      `${what} ends (${formatIsoTime(toMs)}) before its version comes into force (${formatIsoTime(versionStart)}): it is never in force`,
    );
  }
}

/** Across versions an id names one provision: the same kind and the same content. */
function checkSameIdSameProvision(agreement: Agreement, order: number[], out: Problems): void {
  const first = new Map<string, { p: Provision; version: number }>();
  for (const vi of order) {
    const v = agreement.versions[vi]!;
    for (const p of provisionsOf(v, `versions[${vi}]`)) {
      const f = first.get(p.id);
      if (f === undefined) first.set(p.id, { p, version: v.version });
      else if (f.version === v.version) continue;
      else if (f.p.kind !== p.kind) {
        out.add(
          `${p.at}.id`,
          p.id,
          `${p.kind} '${p.id}' has the id of a ${f.p.kind} of version ${f.version}: an id names one provision`,
        );
      } else if (!deepEqual(f.p.value, p.value)) {
        out.add(
          p.at,
          p.id,
          `${p.kind} '${p.id}' differs from the one of version ${f.version} with the same id: a changed provision needs a new id (and \`supersedes\`)`,
        );
      }
    }
  }
}

/**
 * `supersedes` names a rule of this or an earlier version, and the two are
 * never in force at once: each is in force, in each version that holds it,
 * from the later of the version's start and its own `from` to the earlier of
 * the next version's start and its own `to`.
 */
function checkSupersedes(agreement: Agreement, order: number[], out: Problems): void {
  const spans = new Map<string, [number, number][]>();
  const kindOf = new Map<string, Kind>();
  order.forEach((vi, k) => {
    const v = agreement.versions[vi]!;
    const next = order[k + 1];
    const end = next === undefined ? Infinity : agreement.versions[next]!.inForceFromMs;
    for (const p of provisionsOf(v, '')) {
      if (!kindOf.has(p.id)) kindOf.set(p.id, p.kind);
      const from = Math.max(v.inForceFromMs, p.interval?.fromMs ?? -Infinity);
      const to = Math.min(end, p.interval?.toMs ?? Infinity);
      if (from < to) spans.set(p.id, [...(spans.get(p.id) ?? []), [from, to]]);
    }
  });
  const checked = new Set<string>();
  const seenBy = new Set<string>();
  for (const vi of order) {
    const v = agreement.versions[vi]!;
    for (const p of provisionsOf(v, '')) seenBy.add(p.id);
    v.rules.forEach((r, ri) => {
      if (r.supersedes === undefined || checked.has(r.id)) return;
      checked.add(r.id);
      const reason = whySupersedesFails(r.id, r.supersedes, v.version, seenBy, kindOf, spans);
      if (reason !== null) out.add(`versions[${vi}].rules[${ri}].supersedes`, r.id, reason);
    });
  }
}

function whySupersedesFails(
  id: string,
  pred: string,
  version: number,
  seenBy: Set<string>,
  kindOf: Map<string, Kind>,
  spans: Map<string, [number, number][]>,
): string | null {
  const kind = kindOf.get(pred);
  if (pred === id) return `rule '${id}' cannot supersede itself`;
  if (!seenBy.has(pred) || kind === undefined) {
    return `supersedes '${pred}', which is in no version up to version ${version}`;
  }
  if (kind !== 'rule') return `supersedes '${pred}', which is a ${kind}: a rule supersedes a rule`;
  for (const [a0, a1] of spans.get(id) ?? []) {
    for (const [b0, b1] of spans.get(pred) ?? []) {
      const from = Math.max(a0, b0);
      const to = Math.min(a1, b1);
      if (from < to) {
        const until = to === Infinity ? 'with no end' : `until ${formatIsoTime(to)}`;
        return `rule '${id}' and rule '${pred}', which it supersedes, are both in force from ${formatIsoTime(from)} ${until}: end '${pred}' (inForce.to) where '${id}' starts`;
      }
    }
  }
  return null;
}

/** Structural equality of JSON-like values; keys holding undefined count as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => deepEqual(x, bs[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const ak = keys(ao);
  if (ak.length !== keys(bo).length) return false;
  return ak.every((k) => deepEqual(ao[k], bo[k]));
}
