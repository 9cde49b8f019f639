import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  ADSB_DEFAULT_PORTS,
  nameSource,
  parseHostPort,
  parseLatLon,
  ReceiverSchema,
  type SourceConfig,
  SourceListSchema,
} from '../ingest/sources/index.js';
import { createTruceline } from '../main.js';
import { DEFAULT_SCENARIO_DIR } from '../package-paths.js';
import { parseIntFlag, parseNumberFlag, UsageError } from './args.js';

export const SERVE_HELP = `Usage: truceline serve [options]

Serve the web app and API, with the scenario's agreement loaded and, unless
--no-sim, its traffic simulator running; ingest live AIS and ADS-B from
receivers.

Options:
  --port N            port to listen on (env PORT; default 8080; 0 picks a free one)
  --host H            address to bind (env HOST; default localhost). Every
                      endpoint but the public ones needs a login or an API
                      token; beyond this machine, serve it behind a TLS proxy
                      only, so passwords and session cookies are not sent in
                      clear (docs/accounts.md)
  --data DIR          data directory, SQLite file inside (env TRUCELINE_DATA; default ./data)
  --scenario DIR      scenario directory with agreement.json and traffic.json
                      (env TRUCELINE_SCENARIO; default the bundled scenarios/demo)
  --agreement FILE    the agreement to enforce, instead of the scenario's
                      (env TRUCELINE_AGREEMENT; docs/agreement-format.md).
                      Send SIGHUP to reload it: a file that does not validate
                      is refused and the running agreement stays in force
  --incident-grouping FILE
                      JSON file with how detections and field reports group
                      into incidents (docs/incidents.md); default built in
  --no-sim            do not run the simulator (real feeds only)
  --sim-seed N        simulator seed (default 1)
  --sim-speed X       simulated seconds per real second (default 10)
  --vessels N         simulated vessels besides the scripted ones (default 40)
  --aircraft N        simulated aircraft besides the scripted ones (default 20)
  --log-level L       fatal|error|warn|info|debug|silent (default info)
  --config FILE       JSON file with these settings and a "sources" list
                      (env TRUCELINE_CONFIG); flags win over it

AIS sources (each repeatable; NMEA lines, with or without tag blocks):
  --ais-tcp HOST:PORT     connect to a receiver's TCP server (AIS-catcher -S,
                          rtl-ais -T) and reconnect when it drops
  --ais-listen HOST:PORT  accept receivers that connect and push to us
  --ais-udp HOST:PORT     receive UDP datagrams (AIS-catcher -u, rtl-ais -h/-P),
                          e.g. 127.0.0.1:10110
  --ais-file PATH         replay a recorded file, then stop
  --replay-speed X        recorded seconds per real second for --ais-file (paced
                          by tag block times) and --adsb-file; 0 or absent: as
                          fast as possible

ADS-B sources (each repeatable; dump1090 / readsb with --net serve all three):
  --beast-tcp HOST[:PORT] connect to a Beast binary output (default port 30005)
  --avr-tcp HOST[:PORT]   connect to an AVR raw output (default port 30002)
  --sbs-tcp HOST[:PORT]   connect to an SBS-1 BaseStation output (default port 30003)
  --adsb-file PATH        replay a Beast, AVR or SBS recording, then stop; paced
                          by --replay-speed (Beast/AVR counter, SBS times)
  --adsb-format F         beast | avr | sbs for --adsb-file (default: from the
                          file's first bytes)
  --receiver LAT,LON      the receiver's position (decimal degrees): resolves
                          surface positions and lone frames, e.g. 59.9,30.3

  --silent-after S        flag a source silent after S seconds without messages
                          (default 60)
  -h, --help              show this help

An observation's time is its tag block time (c:) when an AIS line has one,
else the time Truceline received it (or read it from a file).
`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** The config file: the flags' settings in camelCase, and the sources. */
const ConfigFileSchema = z
  .object({
    port: z.number().int().min(0).max(65535).optional(),
    host: z.string().min(1).optional(),
    data: z.string().min(1).optional(),
    scenario: z.string().min(1).optional(),
    agreement: z.string().min(1).optional(),
    sim: z.boolean().optional(),
    simSeed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    simSpeed: z.number().min(0.1).max(1000).optional(),
    vessels: z.number().int().min(0).max(100_000).optional(),
    aircraft: z.number().int().min(0).max(100_000).optional(),
    logLevel: z.enum(LOG_LEVELS).optional(),
    silentAfterS: z.number().min(1).max(86_400).optional(),
    receiver: ReceiverSchema.optional(),
    sources: SourceListSchema.optional(),
  })
  .strict();

export type ServeConfigFile = z.output<typeof ConfigFileSchema>;

/**
 * Read and check a config file. Relative paths in it (data, scenario, files
 * to replay) are relative to the file. Errors name the file and the field.
 */
export function readServeConfigFile(path: string): ServeConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`--config ${path}: ${(err as Error).message}`);
  }
  const r = ConfigFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path_ = [...issue.path];
    if (issue.code === 'unrecognized_keys') path_.push(issue.keys[0]!);
    const field = path_.join('.') || '(file)';
    const message = issue.code === 'unrecognized_keys' ? 'unknown setting' : issue.message;
    throw new UsageError(`--config ${path}: ${field}: ${message}`);
  }
  const dir = dirname(resolve(path));
  const file = r.data;
  if (file.data !== undefined) file.data = resolve(dir, file.data);
  if (file.scenario !== undefined) file.scenario = resolve(dir, file.scenario);
  if (file.agreement !== undefined) file.agreement = resolve(dir, file.agreement);
  for (const s of file.sources ?? []) {
    if (s.type === 'ais-file' || s.type === 'adsb-file') s.path = resolve(dir, s.path);
  }
  return file;
}

type AddressFlag = 'ais-tcp' | 'ais-listen' | 'ais-udp';
type AdsbFlag = 'beast-tcp' | 'avr-tcp' | 'sbs-tcp';
const ADSB_FORMATS = ['beast', 'avr', 'sbs'] as const;

function parseAddressFlags(flag: AddressFlag, values: string[] | undefined): SourceConfig[] {
  return (values ?? []).map((text) => {
    const a = parseHostPort(text);
    if (a === undefined) {
      throw new UsageError(`--${flag}: expected HOST:PORT (e.g. 127.0.0.1:10110), got "${text}"`);
    }
    if (flag === 'ais-tcp') return { type: 'ais-tcp-client', ...a };
    return { type: flag === 'ais-listen' ? 'ais-tcp-server' : 'ais-udp', ...a };
  });
}

/** `--beast-tcp 127.0.0.1:30005`, or the host alone for dump1090's default port. */
function parseAdsbFlags(flag: AdsbFlag, values: string[] | undefined): SourceConfig[] {
  const format = flag.slice(0, -'-tcp'.length) as (typeof ADSB_FORMATS)[number];
  const port = ADSB_DEFAULT_PORTS[format];
  return (values ?? []).map((text) => {
    const a =
      parseHostPort(text) ??
      (/^[^:\s[\]]+$/.test(text) ? { host: text, port } : undefined) ??
      (/^\[[0-9A-Fa-f:.]+\]$/.test(text) ? { host: text.slice(1, -1), port } : undefined);
    if (a === undefined || a.port < 1) {
      throw new UsageError(
        `--${flag}: expected HOST[:PORT] (e.g. 127.0.0.1:${port}), got "${text}"`,
      );
    }
    return { type: `${format}-tcp-client`, ...a };
  });
}

function parseAdsbFormatFlag(text: string | undefined): 'beast' | 'avr' | 'sbs' | undefined {
  if (text === undefined) return undefined;
  const f = ADSB_FORMATS.find((x) => x === text);
  if (f === undefined) {
    throw new UsageError(
      `--adsb-format: expected one of ${ADSB_FORMATS.join(', ')}, got "${text}"`,
    );
  }
  return f;
}

/** The file's sources, then the flags'; a flag's source replaces a file's with the same id. */
export function mergeSources(
  fromFile: readonly SourceConfig[],
  fromFlags: readonly SourceConfig[],
): SourceConfig[] {
  const byId = new Map<string, SourceConfig>();
  for (const s of [...fromFile, ...fromFlags]) byId.set(nameSource(s), s);
  return [...byId.values()];
}

export async function runServe(argv: string[], version: string): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      scenario: { type: 'string' },
      agreement: { type: 'string' },
      'incident-grouping': { type: 'string' },
      'no-sim': { type: 'boolean' },
      'sim-seed': { type: 'string' },
      'sim-speed': { type: 'string' },
      vessels: { type: 'string' },
      aircraft: { type: 'string' },
      'log-level': { type: 'string' },
      config: { type: 'string' },
      'ais-tcp': { type: 'string', multiple: true },
      'ais-listen': { type: 'string', multiple: true },
      'ais-udp': { type: 'string', multiple: true },
      'ais-file': { type: 'string', multiple: true },
      'replay-speed': { type: 'string' },
      'beast-tcp': { type: 'string', multiple: true },
      'avr-tcp': { type: 'string', multiple: true },
      'sbs-tcp': { type: 'string', multiple: true },
      'adsb-file': { type: 'string', multiple: true },
      'adsb-format': { type: 'string' },
      receiver: { type: 'string' },
      'silent-after': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return;
  }
  const configPath = values.config ?? process.env.TRUCELINE_CONFIG;
  const file: ServeConfigFile = configPath ? readServeConfigFile(configPath) : {};

  const logLevel = values['log-level'] ?? file.logLevel ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new UsageError(
      `--log-level: expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }
  const replaySpeed = parseNumberFlag('replay-speed', values['replay-speed'], 0, 0, 1_000_000);
  const adsbFormat = parseAdsbFormatFlag(values['adsb-format']);
  const flagSources: SourceConfig[] = [
    ...parseAddressFlags('ais-tcp', values['ais-tcp']),
    ...parseAddressFlags('ais-listen', values['ais-listen']),
    ...parseAddressFlags('ais-udp', values['ais-udp']),
    ...(values['ais-file'] ?? []).map(
      (path): SourceConfig => ({ type: 'ais-file', path: resolve(path), replaySpeed }),
    ),
    ...parseAdsbFlags('beast-tcp', values['beast-tcp']),
    ...parseAdsbFlags('avr-tcp', values['avr-tcp']),
    ...parseAdsbFlags('sbs-tcp', values['sbs-tcp']),
    ...(values['adsb-file'] ?? []).map(
      (path): SourceConfig => ({
        type: 'adsb-file',
        path: resolve(path),
        replaySpeed,
        ...(adsbFormat === undefined ? {} : { format: adsbFormat }),
      }),
    ),
  ];
  let receiver = file.receiver;
  if (values.receiver !== undefined) {
    receiver = parseLatLon(values.receiver);
    if (receiver === undefined) {
      throw new UsageError(
        `--receiver: expected LAT,LON in decimal degrees (e.g. 59.9,30.3), got "${values.receiver}"`,
      );
    }
  }
  const sources = mergeSources(file.sources ?? [], flagSources);
  requireReplayFiles(sources);

  const simulate = values['no-sim'] ? false : (file.sim ?? true);
  const agreementFile = values.agreement ?? process.env.TRUCELINE_AGREEMENT ?? file.agreement;
  const app = await createTruceline({
    port: parseIntFlag('port', values.port ?? process.env.PORT, file.port ?? 8080, 0, 65535),
    host: values.host ?? process.env.HOST ?? file.host ?? 'localhost',
    dataDir: values.data ?? process.env.TRUCELINE_DATA ?? file.data ?? 'data',
    scenarioDir:
      values.scenario ?? process.env.TRUCELINE_SCENARIO ?? file.scenario ?? DEFAULT_SCENARIO_DIR,
    ...(agreementFile === undefined ? {} : { agreementFile: resolve(agreementFile) }),
    ...(values['incident-grouping'] === undefined
      ? {}
      : { incidentGroupingFile: resolve(values['incident-grouping']) }),
    simulate: simulate
      ? {
          seed: parseIntFlag('sim-seed', values['sim-seed'], file.simSeed ?? 1, 0, 2 ** 31 - 1),
          speed: parseNumberFlag('sim-speed', values['sim-speed'], file.simSpeed ?? 10, 0.1, 1000),
          vessels: parseIntFlag('vessels', values.vessels, file.vessels ?? 40, 0, 100_000),
          aircraft: parseIntFlag('aircraft', values.aircraft, file.aircraft ?? 20, 0, 100_000),
        }
      : false,
    sources,
    ...(receiver === undefined ? {} : { receiver }),
    silentAfterMs:
      parseNumberFlag('silent-after', values['silent-after'], file.silentAfterS ?? 60, 1, 86_400) *
      1000,
    version,
    logLevel: logLevel as LogLevel,
  });
  process.stdout.write(`Truceline ${version} serving ${app.url}\n`);
  process.stdout.write(`  mission signing key ${app.missionKeyId}\n`);
  if (app.firstAdmin !== undefined) {
    // Shown this once, never logged: the operator writes it down or resets it.
    process.stdout.write(
      `  first start: created user "${app.firstAdmin.username}" (admin) with password ` +
        `${app.firstAdmin.password}\n  (shown once; change it with: truceline user reset ${app.firstAdmin.username})\n` +
        `  log in at ${app.url}/login.html\n`,
    );
  }
  for (const s of app.sourceHealth()) {
    if (s.kind !== 'simulator') process.stdout.write(`  source ${s.id} (${s.kind} ${s.address})\n`);
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal}: closing\n`);
    app.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`error while closing: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => {
    app.reloadAgreement().then(
      (a) =>
        process.stdout.write(
          `SIGHUP: agreement ${a.id} reloaded (${a.versions.length} versions)\n`,
        ),
      (err) =>
        process.stderr.write(
          `SIGHUP: agreement not reloaded, the running one stays: ${(err as Error).message}\n`,
        ),
    );
  });
}

/**
 * A recording to replay that is not there is a typo, not a feed that will
 * come back: say so before starting, rather than as an error in health.
 */
function requireReplayFiles(sources: readonly SourceConfig[]): void {
  for (const s of sources) {
    if (s.type !== 'ais-file' && s.type !== 'adsb-file') continue;
    const flag = s.type === 'ais-file' ? '--ais-file' : '--adsb-file';
    let isFile = false;
    try {
      isFile = statSync(s.path).isFile();
    } catch {
      throw new UsageError(`${flag}: no such file: ${s.path}`);
    }
    if (!isFile) throw new UsageError(`${flag}: not a file: ${s.path}`);
  }
}
