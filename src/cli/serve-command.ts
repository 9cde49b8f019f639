import { parseArgs } from 'node:util';
import { createTruceline, DEFAULT_SCENARIO_DIR } from '../main.js';
import { parseIntFlag, parseNumberFlag, UsageError } from './args.js';

export const SERVE_HELP = `Usage: truceline serve [options]

Serve the web app and API, with the scenario's agreement loaded and, unless
--no-sim, its traffic simulator running.

Options:
  --port N          port to listen on (env PORT; default 8080; 0 picks a free one)
  --host H          address to bind (env HOST; default localhost). The API has
                    no login yet: expose it beyond this machine with care.
  --data DIR        data directory, SQLite file inside (env TRUCELINE_DATA; default ./data)
  --scenario DIR    scenario directory with agreement.json and traffic.json
                    (env TRUCELINE_SCENARIO; default the bundled scenarios/demo)
  --no-sim          do not run the simulator (real feeds only)
  --sim-seed N      simulator seed (default 1)
  --sim-speed X     simulated seconds per real second (default 10)
  --vessels N       simulated vessels besides the scripted ones (default 40)
  --aircraft N      simulated aircraft besides the scripted ones (default 20)
  --log-level L     fatal|error|warn|info|debug|silent (default info)
  -h, --help        show this help
`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

export async function runServe(argv: string[], version: string): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      scenario: { type: 'string' },
      'no-sim': { type: 'boolean' },
      'sim-seed': { type: 'string' },
      'sim-speed': { type: 'string' },
      vessels: { type: 'string' },
      aircraft: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return;
  }
  const logLevel = values['log-level'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new UsageError(
      `--log-level: expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }
  const app = await createTruceline({
    port: parseIntFlag('port', values.port ?? process.env.PORT, 8080, 0, 65535),
    host: values.host ?? process.env.HOST ?? 'localhost',
    dataDir: values.data ?? process.env.TRUCELINE_DATA ?? 'data',
    scenarioDir: values.scenario ?? process.env.TRUCELINE_SCENARIO ?? DEFAULT_SCENARIO_DIR,
    simulate: values['no-sim']
      ? false
      : {
          seed: parseIntFlag('sim-seed', values['sim-seed'], 1, 0, 2 ** 31 - 1),
          speed: parseNumberFlag('sim-speed', values['sim-speed'], 10, 0.1, 1000),
          vessels: parseIntFlag('vessels', values.vessels, 40, 0, 100_000),
          aircraft: parseIntFlag('aircraft', values.aircraft, 20, 0, 100_000),
        },
    version,
    logLevel: logLevel as (typeof LOG_LEVELS)[number],
  });
  process.stdout.write(`Truceline ${version} serving ${app.url}\n`);
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
}
