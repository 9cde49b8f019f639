/**
 * `truceline agreement check FILE`: checks an agreement file before it is put
 * in force, the way the server will (core's parseAgreementDocument), and
 * says what it holds or everything that is wrong with it.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checkAgreementDocument, formatAgreementProblem } from '../core/agreement-file.js';
import { formatIsoTime } from '../core/agreement-file-schema.js';
import type { Agreement } from '../core/types.js';
import { UsageError } from './args.js';

export const AGREEMENT_HELP = `Usage: truceline agreement check FILE

Check an agreement file (format truceline-agreement/1, see
docs/agreement-format.md) before it is put in force: its shape (the JSON
Schema in schemas/agreement.schema.json), then its meaning (ids kept across
versions, references, intervals, geometry, rules that would match every
track).

On success prints each version's period and counts to stdout and exits 0.
Otherwise prints every problem to stderr, one per line, as
  FILE: FIELD: provision 'ID': REASON
and exits 1.

Options:
  -h, --help   show this help
`;

/** Runs the command; resolves to the exit code. */
export async function runAgreement(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    process.stdout.write(AGREEMENT_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'check') throw new UsageError(`unknown subcommand "${sub}": expected check`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(AGREEMENT_HELP);
    return 0;
  }
  const [file, extra] = positionals;
  if (file === undefined) throw new UsageError('expected the agreement FILE to check');
  if (extra !== undefined) throw new UsageError(`expected one FILE, got also "${extra}"`);

  const json = await readJson(file);
  if (typeof json === 'string') {
    process.stderr.write(`${formatAgreementProblem(file, { field: '', reason: json })}\n`);
    return 1;
  }
  const check = checkAgreementDocument(json.value, file);
  if (check.agreement === undefined) {
    const lines = check.problems.map((p) => formatAgreementProblem(file, p));
    process.stderr.write(`${lines.join('\n')}\n`);
    return 1;
  }
  process.stdout.write(summarizeAgreement(file, check.agreement));
  return 0;
}

/** The parsed JSON, or why there is none. */
async function readJson(file: string): Promise<{ value: unknown } | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return `cannot be read (${(err as Error).message})`;
  }
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return `is not valid JSON (${(err as Error).message})`;
  }
}

/** One line for the agreement, then one per version in the order they come into force. */
export function summarizeAgreement(file: string, agreement: Agreement): string {
  const versions = [...agreement.versions].sort((a, b) => a.inForceFromMs - b.inForceFromMs);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `${file}: ok: agreement '${agreement.id}' (${agreement.name})${agreement.illustrative ? ', illustrative' : ''}, ${plural(versions.length, 'version')}`,
  ];
  versions.forEach((v, i) => {
    const next = versions[i + 1];
    const period =
      next === undefined
        ? `from ${formatIsoTime(v.inForceFromMs)}`
        : `from ${formatIsoTime(v.inForceFromMs)} to ${formatIsoTime(next.inForceFromMs)}`;
    const counts = [
      plural(v.zones.length, 'zone'),
      plural(v.rules.length, 'rule'),
      plural(v.lists?.length ?? 0, 'list'),
      plural(v.notifications?.length ?? 0, 'notification'),
    ].join(', ');
    lines.push(`  version ${v.version}: in force ${period}: ${counts}`);
  });
  return `${lines.join('\n')}\n`;
}
