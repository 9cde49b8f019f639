/**
 * `truceline report verify | sign`: check a downloaded report against the
 * mission's public key, or (for operators, until the report generator
 * publishes on its own) sign a file with the data directory's mission key.
 * The formats: src/incidents/report-signing.ts, docs/signed-reports.md.
 */
import { access, readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import type { JsonValue } from '../incidents/canonical-json.js';
import {
  MISSION_KEY_WELL_KNOWN_PATH,
  type MissionKey,
  MissionKeyError,
  type MissionPublicKey,
  parseMissionPublicKeyPem,
} from '../incidents/mission-key.js';
import {
  DETACHED_SIGNATURE_FORMAT,
  type SignatureCheck,
  signDetached,
  signDocument,
  verifyDetachedSignature,
  verifySignedDocument,
} from '../incidents/report-signing.js';
import {
  loadOrCreateMissionKey,
  MISSION_PUBLIC_KEY_FILE,
  readMissionKey,
  readMissionPublicKey,
} from '../incidents/signing-key-file.js';
import { UsageError } from './args.js';

export const REPORT_HELP = `Usage: truceline report verify FILE (--key PEM_FILE | --server URL | --data DIR)
       truceline report sign FILE [--data DIR] [--type TYPE] [--envelope] [--out FILE]

Reports are signed with the mission's Ed25519 key (docs/signed-reports.md).

verify  checks FILE: a signed envelope (truceline-signed/1), or any file with
        its detached signature FILE.sig.json beside it. Prints
        "valid: signed by key ID at TIME (TYPE)" (exit 0), or
        "INVALID: WHY" (exit 1): unknown key, bad signature, payload or file
        changed, malformed.
sign    signs FILE with the mission key of a data directory: writes
        FILE.sig.json beside it, or with --envelope a signed envelope of a
        JSON FILE (NAME.signed.json).

Options:
  --key PEM_FILE   verify: the mission's public key (SPKI PEM), e.g. a copy of
                   mission-key.pub.pem obtained from the mission
  --server URL     verify: fetch the key from a Truceline server's
                   ${MISSION_KEY_WELL_KNOWN_PATH} (use https: the key is only
                   as trustworthy as the way it reached you)
  --data DIR       verify: the key of this data directory (${MISSION_PUBLIC_KEY_FILE});
                   sign: the data directory of "truceline serve" whose key
                   signs (env TRUCELINE_DATA; default ./data); only the key
                   file is read, so the server may be running
  --type TYPE      sign: what FILE is (default by extension: report.pdf,
                   report.csv, report.geojson, report.json; report/v1 with
                   --envelope)
  --envelope       sign: write an envelope holding the JSON document instead
                   of a detached signature
  --out FILE       sign: where to write (default FILE.sig.json, or
                   NAME.signed.json with --envelope)
  --create-key     sign: make the data directory's key if it has none (as
                   "truceline serve" does at its first start)
  -h, --help       show this help

Exit codes: 0 valid (or signed), 1 INVALID, 2 usage error or no key to check with.
`;

const SIG_SUFFIX = '.sig.json';
const FETCH_TIMEOUT_MS = 10_000;
/** The detached signature's payload type for a file, by extension. */
const TYPE_BY_EXTENSION: Record<string, string> = {
  '.pdf': 'report.pdf',
  '.csv': 'report.csv',
  '.geojson': 'report.geojson',
  '.json': 'report.json',
};

export async function runReport(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    process.stdout.write(REPORT_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'verify' && sub !== 'sign') {
    throw new UsageError(`unknown subcommand "${sub}": expected verify or sign`);
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      key: { type: 'string' },
      server: { type: 'string' },
      data: { type: 'string' },
      type: { type: 'string' },
      envelope: { type: 'boolean' },
      out: { type: 'string' },
      'create-key': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(REPORT_HELP);
    return 0;
  }
  const [file, extra] = positionals;
  if (file === undefined) throw new UsageError('FILE: required');
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const only = (flag: keyof typeof values, cmd: string) => {
    if (values[flag] !== undefined && sub !== cmd) {
      throw new UsageError(`--${flag} is for "report ${cmd}"`);
    }
  };
  for (const flag of ['key', 'server'] as const) only(flag, 'verify');
  for (const flag of ['type', 'envelope', 'out', 'create-key'] as const) only(flag, 'sign');
  try {
    if (sub === 'verify') {
      const given = (['key', 'server', 'data'] as const).filter((f) => values[f] !== undefined);
      if (given.length !== 1) {
        throw new UsageError(
          given.length === 0
            ? 'give the key to check against: --key PEM_FILE, --server URL or --data DIR'
            : `give one of --key, --server, --data, not ${given.map((f) => `--${f}`).join(' and ')}`,
        );
      }
      const key = await loadVerifyKey(values);
      return await verifyFile(file, [key]);
    }
    const dir = values.data ?? process.env.TRUCELINE_DATA ?? 'data';
    const key = values['create-key']
      ? await loadOrCreateMissionKey(dir)
      : await readMissionKey(dir);
    if (key === undefined) {
      throw new UsageError(
        `--data: no mission key in ${dir}: start "truceline serve --data ${dir}" once, or add --create-key`,
      );
    }
    return await signFile(file, key, values);
  } catch (err) {
    // A key that does not hold, a server without one: the reason, not the help.
    if (err instanceof MissionKeyError || err instanceof KeyUnavailableError) {
      process.stderr.write(`truceline report: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

class KeyUnavailableError extends Error {}

async function loadVerifyKey(values: {
  key?: string;
  server?: string;
  data?: string;
}): Promise<MissionPublicKey> {
  if (values.key !== undefined) {
    const pem = await readFile(values.key, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new KeyUnavailableError(`--key: cannot read ${values.key}: ${err.code ?? err.message}`);
    });
    try {
      return parseMissionPublicKeyPem(pem);
    } catch (err) {
      throw new KeyUnavailableError(`--key: ${values.key}: ${(err as Error).message}`);
    }
  }
  if (values.server !== undefined) return fetchServerKey(values.server);
  const dir = values.data!;
  const key = await readMissionPublicKey(dir);
  if (key === undefined) {
    throw new KeyUnavailableError(
      `--data: no mission key in ${dir} (expected ${dir}/${MISSION_PUBLIC_KEY_FILE})`,
    );
  }
  return key;
}

async function fetchServerKey(server: string): Promise<MissionPublicKey> {
  let url: URL;
  try {
    url = new URL(MISSION_KEY_WELL_KNOWN_PATH, server);
  } catch {
    throw new UsageError(
      `--server: expected a URL such as https://truceline.example.org, got "${server}"`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--server: expected an http or https URL, got "${server}"`);
  }
  let res: Response;
  let body: unknown;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    body = await res.json();
  } catch (err) {
    throw new KeyUnavailableError(`--server: cannot fetch ${url.href}: ${(err as Error).message}`);
  }
  if (!res.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new KeyUnavailableError(
      `--server: ${url.href} answered ${res.status}${typeof message === 'string' ? `: ${message}` : ''}`,
    );
  }
  const described = body as { keyId?: unknown; publicKeyPem?: unknown };
  if (typeof described?.publicKeyPem !== 'string') {
    throw new KeyUnavailableError(`--server: ${url.href} sent no publicKeyPem`);
  }
  let key: MissionPublicKey;
  try {
    key = parseMissionPublicKeyPem(described.publicKeyPem);
  } catch (err) {
    throw new KeyUnavailableError(`--server: ${url.href}: ${(err as Error).message}`);
  }
  // The id is recomputed from the key, never taken on the server's word.
  if (described.keyId !== key.keyId) {
    throw new KeyUnavailableError(
      `--server: ${url.href} names key ${String(described.keyId)} but its public key's id is ${key.keyId}`,
    );
  }
  return key;
}

async function verifyFile(file: string, keys: readonly MissionPublicKey[]): Promise<number> {
  const result = await checkFile(file, keys);
  if (result.ok) {
    const at = new Date(result.signedAtMs).toISOString();
    process.stdout.write(`valid: signed by key ${result.keyId} at ${at} (${result.payloadType})\n`);
    return 0;
  }
  process.stderr.write(`INVALID: ${result.reason}\n`);
  return 1;
}

/** A detached signature beside FILE (or FILE being one), else FILE as an envelope. */
async function checkFile(file: string, keys: readonly MissionPublicKey[]): Promise<SignatureCheck> {
  let signed = file;
  let sigFile = `${file}${SIG_SUFFIX}`;
  if (file.endsWith(SIG_SUFFIX) && (await exists(file.slice(0, -SIG_SUFFIX.length)))) {
    signed = file.slice(0, -SIG_SUFFIX.length);
    sigFile = file;
  }
  const bytes = await readInput(signed);
  if (await exists(sigFile)) {
    const sig = parseJson((await readInput(sigFile)).toString('utf8'));
    if (sig === undefined) {
      return { ok: false, failure: 'malformed', reason: `malformed: ${sigFile} is not JSON` };
    }
    return verifyDetachedSignature(sig, bytes, keys);
  }
  const doc = parseJson(bytes.toString('utf8'));
  if (typeof doc !== 'object' || doc === null || !('format' in doc)) {
    return {
      ok: false,
      failure: 'malformed',
      reason: `no signature: ${file} is not a signed envelope and ${sigFile} is not beside it`,
    };
  }
  if ((doc as { format: unknown }).format === DETACHED_SIGNATURE_FORMAT) {
    return {
      ok: false,
      failure: 'malformed',
      reason: `${file} is a detached signature, but the file it signs is not beside it (expected ${file.slice(0, -SIG_SUFFIX.length) || 'FILE'})`,
    };
  }
  return verifySignedDocument(doc, keys);
}

async function signFile(
  file: string,
  key: MissionKey,
  values: { type?: string; envelope?: boolean; out?: string },
): Promise<number> {
  const bytes = await readInput(file);
  const nowMs = Date.now();
  let out: string;
  let text: string;
  let type: string;
  let sha256: string;
  if (values.envelope) {
    const doc = parseJson(bytes.toString('utf8'));
    if (doc === undefined) {
      throw new UsageError(
        `${file} is not JSON: sign it without --envelope (a detached signature)`,
      );
    }
    type = values.type ?? 'report/v1';
    const signed = signDocument(key, type, doc, nowMs);
    sha256 = signed.payloadSha256;
    out = values.out ?? `${extname(file) === '.json' ? file.slice(0, -5) : file}.signed.json`;
    text = `${JSON.stringify(signed, null, 2)}\n`;
  } else {
    const byExt = TYPE_BY_EXTENSION[extname(file).toLowerCase()];
    if (values.type === undefined && byExt === undefined) {
      throw new UsageError(`--type: required for ${basename(file)} (e.g. report.pdf, report.csv)`);
    }
    type = values.type ?? byExt!;
    const sig = signDetached(key, type, bytes, nowMs);
    sha256 = sig.sha256;
    out = values.out ?? `${file}${SIG_SUFFIX}`;
    text = `${JSON.stringify(sig, null, 2)}\n`;
  }
  await writeFile(out, text, 'utf8');
  process.stdout.write(`signed: ${out} (key ${key.keyId}, ${type}, sha256 ${sha256})\n`);
  return 0;
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
