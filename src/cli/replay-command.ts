/**
 * `truceline replay`: judge recorded observations again under an agreement,
 * or under two variants of one (a draft against the text in force), as fast
 * as they can be read. docs/what-if.md is the user's guide.
 *
 * Observations come from a JSON Lines file (streamed through LineFramer,
 * each line checked on its own: a bad line is counted and skipped) or from
 * the store of a data directory (read oldest first, a page at a time), so
 * memory stays bounded whatever the period. One pass feeds both variants.
 * Detections go to stdout as JSON Lines, in the order found; what was read
 * and the comparison go to stderr as text and, with --summary-json, to a file.
 *
 * stdout depends on the input and the flags alone (no clock, no randomness):
 * the same run twice prints the same bytes. Timings appear on stderr and in
 * the summary file only.
 */
import { statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseAgreementDocument } from '../core/agreement-file.js';
import type { Agreement, Detection } from '../core/types.js';
import {
  DetectionComparer,
  type DetectionComparison,
  type Variant,
  type VariantDescription,
} from '../engine/compare-detections.js';
import { Replayer } from '../engine/replay.js';
import { parseIntFlag, parseTimeFlag, requireStoreDir, UsageError } from './args.js';
import { LineOutput } from './line-output.js';
import {
  type InputCounters,
  readJsonLines,
  readServerPages,
  readStorePages,
} from './replay-inputs.js';

export const REPLAY_HELP = `Usage: truceline replay --agreement FILE [options]

Judge recorded observations again under an agreement, as fast as they can be
read: what would this agreement (or this draft) have flagged? With --compare
or --compare-version, judge them under two variants in one pass and compare.

Detections are printed as JSON Lines on stdout (with "variant": "a" or "b"
when comparing); what was read and the comparison are printed on stderr.

Options:
  --agreement FILE       the agreement (variant A); required
  --compare FILE         variant B: another agreement file (a draft)
  --version N            judge variant A by version N throughout (default:
                         each observation by the version in force at its time)
  --compare-version N    judge variant B by version N; alone, variant B is
                         version N of the --agreement file
  --from T, --to T       only observations in this period (ISO 8601 or epoch
                         ms, both inclusive); timers run to --to
  --input FILE           JSON Lines of observations, oldest first (- for stdin)
  --data-dir DIR         or the store of a data directory (default ./data); do
                         not point it at a directory a running serve writes to
  --server URL           or a running server's observations, through its API
                         (GET /api/observations), e.g. http://localhost:8080;
                         with a token of scope read in env TRUCELINE_TOKEN
  --summary-json FILE    also write the summary (and comparison) as JSON
  -h, --help             show this help

Exit codes: 0 done (malformed lines are skipped and counted), 1 invalid
agreement, 2 usage error.
`;

/**
 * Read and check an agreement file (`truceline-agreement/1`,
 * src/core/agreement-file.ts); throws with every problem the validator finds.
 * The one place that names a validator.
 */
export async function loadAgreementFile(path: string): Promise<Agreement> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: not JSON: ${(err as Error).message}`);
  }
  return parseAgreementDocument(json, path);
}

interface VariantSetup {
  variant: Variant;
  description: VariantDescription;
  agreement: Agreement;
  pinVersion: number | undefined;
}

export async function runReplay(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      agreement: { type: 'string' },
      compare: { type: 'string' },
      version: { type: 'string' },
      'compare-version': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      input: { type: 'string' },
      'data-dir': { type: 'string' },
      server: { type: 'string' },
      'summary-json': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(REPLAY_HELP);
    return;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.agreement === undefined) throw new UsageError('--agreement FILE is required');
  const inputs = [values.input, values['data-dir'], values.server].filter((v) => v !== undefined);
  if (inputs.length > 1) throw new UsageError('give one of --input, --data-dir and --server');
  const fromMs = values.from === undefined ? undefined : parseTimeFlag('from', values.from, 0);
  const toMs = values.to === undefined ? undefined : parseTimeFlag('to', values.to, 0);
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs)
    throw new UsageError(`--from (${values.from}) is after --to (${values.to})`);
  const version = optionalInt('version', values.version);
  const compareVersion = optionalInt('compare-version', values['compare-version']);
  requireFile('--agreement', values.agreement);
  if (values.compare !== undefined) requireFile('--compare', values.compare);
  const input = values.input;
  if (input !== undefined && input !== '-') requireFile('--input', input);
  const server = values.server;
  if (server !== undefined && !/^https?:\/\/[^/]+/.test(server))
    throw new UsageError(`--server: expected a URL like http://localhost:8080, got "${server}"`);
  const dataDir =
    values['data-dir'] ?? (input === undefined && server === undefined ? 'data' : undefined);
  if (dataDir !== undefined)
    requireStoreDir(
      '--data-dir',
      dataDir,
      `give --input FILE.jsonl or a data directory written by "truceline serve"`,
    );

  const setups: VariantSetup[] = [];
  try {
    const a = await loadAgreementFile(values.agreement);
    setups.push(setupVariant('a', values.agreement, a, version, '--version'));
    if (values.compare !== undefined || compareVersion !== undefined) {
      const file = values.compare ?? values.agreement;
      const b = values.compare === undefined ? a : await loadAgreementFile(file);
      setups.push(setupVariant('b', file, b, compareVersion, '--compare-version'));
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { syscall?: string }).syscall !== undefined) throw err;
    const problems = (err as Error).message.split('\n').join('\n  ');
    process.stderr.write(`truceline replay: invalid agreement:\n  ${problems}\n`);
    process.exitCode = 1;
    return;
  }

  const comparing = setups.length === 2;
  const replayers = setups.map((s) => new Replayer(s.agreement, { pinVersion: s.pinVersion }));
  const comparer = new DetectionComparer({
    variants: {
      a: setups[0]!.description,
      b: setups[1]?.description ?? { label: '(none)' },
    },
  });
  const output = new LineOutput(process.stdout);
  const emit = (variant: Variant, found: readonly Detection[]): void => {
    for (const d of found) {
      comparer.add(variant, d);
      const json = JSON.stringify(d);
      output.line(comparing ? `${json.slice(0, -1)},"variant":"${variant}"}` : json);
    }
  };

  const counters: InputCounters = { read: 0, skipped: 0, reasons: [] };
  let outsidePeriod = 0;
  const lo = fromMs ?? Number.NEGATIVE_INFINITY;
  const hi = toMs ?? Number.POSITIVE_INFINITY;
  const startedMs = performance.now();
  const source =
    server !== undefined
      ? readServerPages(server, fromMs, toMs, counters)
      : dataDir !== undefined
        ? readStorePages(dataDir, fromMs, toMs, counters)
        : readJsonLines(input === '-' ? undefined : input, counters);
  for await (const batch of source) {
    for (const obs of batch) {
      if (obs.tMs < lo || obs.tMs > hi) {
        outsidePeriod++;
        continue;
      }
      emit('a', replayers[0]!.push(obs));
      if (comparing) emit('b', replayers[1]!.push(obs));
    }
    await output.flush();
    if (output.closed) break;
  }
  emit('a', replayers[0]!.finish(toMs));
  if (comparing) emit('b', replayers[1]!.finish(toMs));
  await output.end();
  const elapsedMs = performance.now() - startedMs;

  const stats = replayers[0]!.stats;
  const inputSummary = {
    source: server !== undefined ? 'server' : dataDir !== undefined ? 'store' : 'jsonl',
    path: server ?? dataDir ?? input ?? '-',
    fromMs: fromMs ?? null,
    toMs: toMs ?? null,
    read: counters.read,
    skipped: counters.skipped,
    skippedReasons: counters.reasons,
    outsidePeriod,
    late: stats.late,
    firstMs: stats.firstMs ?? null,
    lastMs: stats.lastMs ?? null,
  };
  const perSecond = elapsedMs > 0 ? Math.round((stats.observations * 1000) / elapsedMs) : 0;
  const result = comparer.result();
  process.stderr.write(
    formatSummaryText(inputSummary, elapsedMs, perSecond, result, comparing, counters),
  );
  if (values['summary-json'] !== undefined) {
    const summary = {
      variants: Object.fromEntries(setups.map((s) => [s.variant, s.description])),
      input: inputSummary,
      run: { elapsedMs: Math.round(elapsedMs), observationsPerSecond: perSecond },
      engine: Object.fromEntries(setups.map((s, i) => [s.variant, replayers[i]!.stats.engine])),
      detections: Object.fromEntries(
        setups.map((s) => [s.variant, variantTotals(result, s.variant)]),
      ),
      comparison: comparing ? result : null,
    };
    await writeFile(values['summary-json'], `${JSON.stringify(summary, null, 2)}\n`);
  }
}

function optionalInt(name: string, value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseIntFlag(name, value, 0, 0, 2 ** 31 - 1);
}

function requireFile(flag: string, path: string): void {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`${flag}: no such file: ${path}`);
  }
  if (!isFile) throw new UsageError(`${flag}: not a file: ${path}`);
}

function setupVariant(
  variant: Variant,
  file: string,
  agreement: Agreement,
  pinVersion: number | undefined,
  flag: string,
): VariantSetup {
  if (pinVersion !== undefined && !agreement.versions.some((v) => v.version === pinVersion)) {
    const have = agreement.versions.map((v) => v.version).join(', ');
    throw new UsageError(
      `${flag} ${pinVersion}: agreement ${agreement.id} (${file}) has versions ${have}`,
    );
  }
  const description: VariantDescription = {
    label: pinVersion === undefined ? `${file} (version in force)` : `${file} v${pinVersion}`,
    agreementId: agreement.id,
  };
  if (pinVersion !== undefined) description.pinVersion = pinVersion;
  return { variant, description, agreement, pinVersion };
}

function variantTotals(r: DetectionComparison, v: Variant) {
  return {
    total: r.totals[v],
    byRule: r.byRule.filter((x) => x[v] > 0).map((x) => ({ ruleId: x.ruleId, count: x[v] })),
    byType: r.byType.filter((x) => x[v] > 0).map((x) => ({ type: x.type, count: x[v] })),
  };
}

function formatSummaryText(
  input: { read: number; skipped: number; outsidePeriod: number; late: number } & {
    firstMs: number | null;
    lastMs: number | null;
  },
  elapsedMs: number,
  perSecond: number,
  r: DetectionComparison,
  comparing: boolean,
  counters: InputCounters,
): string {
  const lines: string[] = [];
  const span =
    input.firstMs === null ? 'no observations' : `${iso(input.firstMs)} to ${iso(input.lastMs!)}`;
  lines.push(
    `replay: ${input.read} observations read, ${input.skipped} skipped (malformed), ` +
      `${input.outsidePeriod} outside the period, ${input.late} late; ${span}; ` +
      `${(elapsedMs / 1000).toFixed(1)} s, ${perSecond} observations/s`,
  );
  for (const reason of counters.reasons) lines.push(`  skipped ${reason}`);
  if (counters.skipped > counters.reasons.length)
    lines.push(`  … and ${counters.skipped - counters.reasons.length} more skipped lines`);
  const countsOf = (list: { a: number; b: number }[], name: (i: number) => string): string =>
    list.map((x, i) => (comparing ? `${name(i)} ${x.a}/${x.b}` : `${name(i)} ${x.a}`)).join(', ') ||
    'none';
  if (!comparing) {
    lines.push(`${r.variants.a.label}: ${r.totals.a} detections`);
  } else {
    const diff = r.topTracks.length;
    lines.push(
      `Variant A (${r.variants.a.label}) would have produced ${r.totals.a} detections, ` +
        `variant B (${r.variants.b.label}) ${r.totals.b}` +
        (diff === 0
          ? '; no track differs.'
          : `; ${diff === 1 ? 'this track accounts' : `these ${diff} tracks account`} for ` +
            `${Math.round(r.topTracksShare * 100)}% of the difference: ` +
            r.topTracks.map((t) => `${t.trackId} (A ${t.a}, B ${t.b})`).join(', ')),
    );
    lines.push(
      `  matched by (${r.matchKey.join(', ')}): ${r.totals.matched}; ` +
        `only in A ${r.totals.onlyInA}, only in B ${r.totals.onlyInB}`,
    );
  }
  const suffix = comparing ? ' (A/B)' : '';
  lines.push(`  by rule${suffix}: ${countsOf(r.byRule, (i) => r.byRule[i]!.ruleId)}`);
  lines.push(`  by type${suffix}: ${countsOf(r.byType, (i) => r.byType[i]!.type)}`);
  return `${lines.join('\n')}\n`;
}

function iso(tMs: number): string {
  return new Date(tMs).toISOString();
}
