/**
 * An agreement file (`truceline-agreement/1`, docs/agreement-format.md) in,
 * a checked core `Agreement` out, or every problem at once. Two passes, as a
 * compiler does: the shape (agreement-file-schema.ts), then the meaning
 * (agreement-validate.ts). Problems name the file's own fields
 * (`versions[1].rules[0].zones[2]`), not the core type's.
 */
import type { z } from 'zod';
import {
  AGREEMENT_FORMAT,
  type AgreementFile,
  type AgreementFileRule,
  agreementFileSchema,
  parseIsoTimeMs,
} from './agreement-file-schema.js';
import { type AgreementProblem, capProblems, validateAgreement } from './agreement-validate.js';
import type {
  Agreement,
  AgreementVersion,
  Interval,
  PreNotification,
  Rule,
  TrackList,
  Zone,
} from './types.js';

/** An agreement file that cannot be put in force, with every problem found. */
export class AgreementFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: AgreementProblem[],
  ) {
    super(problems.map((p) => formatAgreementProblem(file, p)).join('\n'));
    this.name = 'AgreementFileError';
  }
}

/** The outcome of checking a file: the agreement only when there is no problem. */
export interface AgreementCheck {
  file: string;
  agreement?: Agreement;
  problems: AgreementProblem[];
}

/** `file: field: provision 'id': reason` (the provision part only when there is one). */
export function formatAgreementProblem(file: string, p: AgreementProblem): string {
  const provision = p.provision === undefined ? '' : `provision '${p.provision}': `;
  return `${file}: ${p.field || '(document)'}: ${provision}${p.reason}`;
}

/** Parses and checks an agreement document; throws AgreementFileError listing every problem. */
export function parseAgreementDocument(json: unknown, file: string): Agreement {
  const check = checkAgreementDocument(json, file);
  if (check.agreement === undefined) throw new AgreementFileError(file, check.problems);
  return check.agreement;
}

/** Parses and checks an agreement document; never throws on bad input. */
export function checkAgreementDocument(json: unknown, file: string): AgreementCheck {
  const hint = oldLayoutHint(json);
  if (hint !== null) return { file, problems: [hint] };
  const parsed = agreementFileSchema.safeParse(json);
  if (!parsed.success) return { file, problems: capProblems(shapeProblems(parsed.error, json)) };
  const agreement = toCoreAgreement(parsed.data);
  const problems = validateAgreement(agreement).map((p) => ({
    ...p,
    field: toFileField(p.field),
  }));
  return problems.length === 0 ? { file, agreement, problems } : { file, problems };
}

/** The core agreement a (shape-checked) file describes. Times become epoch ms. */
export function toCoreAgreement(f: AgreementFile): Agreement {
  return {
    id: f.id,
    name: f.name,
    illustrative: f.illustrative,
    versions: f.versions.map(
      (v): AgreementVersion =>
        clean({
          version: v.version,
          inForceFromMs: parseIsoTimeMs(v.inForceFrom),
          title: v.title,
          zones: v.zones.map(toZone),
          rules: v.rules.map(toRule),
          lists: v.lists?.map((l): TrackList => clean({ ...l })),
          notifications: v.notifications?.map(toNotification),
        }),
    ),
  };
}

type FileVersion = AgreementFile['versions'][number];

function toZone(z: FileVersion['zones'][number]): Zone {
  const band = z.altitudeFt;
  return clean({
    id: z.id,
    name: z.name,
    kind: z.kind,
    geometry: z.geometry,
    radiusM: z.radiusM,
    altitudeFt: band && clean({ minFt: band.min, maxFt: band.max }),
    citation: z.citation,
    inForce: z.inForce && toInterval(z.inForce),
    description: z.description,
  });
}

function toRule(r: AgreementFileRule): Rule {
  const { kinds, flags, types, lists } = r.appliesTo;
  return clean({
    id: r.id,
    citation: r.citation,
    description: r.description,
    inForce: r.inForce && toInterval(r.inForce),
    supersedes: r.supersedes,
    kinds,
    flags,
    types,
    lists,
    forbids: r.forbids,
    zoneIds: r.zones ?? [],
    exemptTrackIds: r.exempt?.trackIds ?? [],
    exemptLists: r.exempt?.lists,
    thresholds: r.thresholds && clean(r.thresholds),
  });
}

function toNotification(n: NonNullable<FileVersion['notifications']>[number]): PreNotification {
  return clean({
    id: n.id,
    citation: n.citation,
    description: n.description,
    trackIds: n.trackIds,
    ruleIds: n.ruleIds,
    fromMs: parseIsoTimeMs(n.from),
    toMs: parseIsoTimeMs(n.to),
  });
}

function toInterval(i: { from?: string | undefined; to?: string | undefined }): Interval {
  return clean({
    fromMs: i.from === undefined ? undefined : parseIsoTimeMs(i.from),
    toMs: i.to === undefined ? undefined : parseIsoTimeMs(i.to),
  });
}

/** The object without its undefined-valued keys: absent stays absent. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The core field path of a problem, spelled as the file spells it:
 * `rules[0].zoneIds` is `rules[0].zones`, `inForceFromMs` is `inForceFrom`, …
 */
export function toFileField(field: string): string {
  return field
    .replace(/^(versions\[\d+\])\.inForceFromMs/, '$1.inForceFrom')
    .replace(/\.inForce\.(from|to)Ms$/, '.inForce.$1')
    .replace(/(\.notifications\[\d+\])\.(from|to)Ms$/, '$1.$2')
    .replace(/(\.zones\[\d+\]\.altitudeFt)\.(min|max)Ft$/, '$1.$2')
    .replace(/(\.rules\[\d+\])\.zoneIds/, '$1.zones')
    .replace(/(\.rules\[\d+\])\.exemptTrackIds/, '$1.exempt.trackIds')
    .replace(/(\.rules\[\d+\])\.exemptLists/, '$1.exempt.lists')
    .replace(/(\.rules\[\d+\])\.(kinds|flags|types|lists)\b/, '$1.appliesTo.$2');
}

const PROVISION_FIELDS = new Set(['zones', 'rules', 'lists', 'notifications']);

/** zod's issues as problems, each naming the provision it sits in when that has an id. */
function shapeProblems(error: z.ZodError, json: unknown): AgreementProblem[] {
  return error.issues.map((issue) => {
    const field = formatPath(issue.path);
    const [v, vi, kind, pi] = issue.path;
    let provision: unknown;
    if (v === 'versions' && typeof kind === 'string' && PROVISION_FIELDS.has(kind)) {
      provision = at(json, ['versions', vi, kind, pi, 'id']);
    }
    return typeof provision === 'string' && provision !== ''
      ? { field, provision, reason: issue.message }
      : { field, reason: issue.message };
  });
}

function at(json: unknown, path: readonly unknown[]): unknown {
  let cur = json;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(key)];
  }
  return cur;
}

function formatPath(parts: readonly PropertyKey[]): string {
  let s = '';
  for (const p of parts) s += typeof p === 'number' ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s;
}

/** A file in the layout before `truceline-agreement/1` gets one clear problem, not fifty. */
function oldLayoutHint(json: unknown): AgreementProblem | null {
  if (json === null || typeof json !== 'object' || 'format' in json) return null;
  if (at(json, ['versions', 0, 'inForceFromMs']) === undefined) return null;
  return {
    field: 'format',
    reason: `missing: this is the older layout (inForceFromMs, zoneIds, exemptTrackIds); write it as "${AGREEMENT_FORMAT}" (docs/agreement-format.md)`,
  };
}
