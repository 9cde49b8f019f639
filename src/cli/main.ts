/**
 * The `truceline` command: parses the subcommand and hands over. Each
 * command's module is loaded only when it runs: `decode` must not pay for
 * loading the server (fastify, SQLite), which costs ~0.25 s of start-up.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../package-paths.js';
import { UsageError } from './args.js';

const HELP = `Usage: truceline <command> [options]

Ceasefire monitoring and verification.

Commands:
  serve       serve the web app and API with the demo scenario, simulator and feeds
  simulate    run the traffic simulator alone (JSON Lines, or POST to a server)
  decode      decode a recorded or piped feed to JSON Lines (decode ais | decode adsb)
  replay      judge recorded observations under an agreement, or compare two variants
  agreement   check an agreement file before it is put in force (agreement check FILE)
  audit       verify the audit log's hash chain, or list it (audit verify | audit list)
  user        manage users and their roles (user add | list | disable | enable | reset)
  token       manage API tokens for sensors and integrations (token create | list | revoke)
  report      verify a signed report against the mission's key, or sign a file (report verify | report sign)
  help CMD    show the help of a command

Run "truceline <command> --help" for its options.
`;

/** Errors whose message says all a user needs: printed as they are, exit 1. */
const REFUSALS: ReadonlySet<string> = new Set([
  'AgreementFileError',
  'ScenarioFileError',
  'MissionKeyError',
  'AccountError',
  'GroupingConfigError',
]);

interface Command {
  /** Resolves to the exit code, or to nothing for 0. */
  // biome-ignore lint/suspicious/noConfusingVoidType: most commands resolve to nothing (exit 0).
  run(argv: string[], version: string): Promise<number | void>;
  help: string;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => {
    const m = await import('./serve-command.js');
    return { run: m.runServe, help: m.SERVE_HELP };
  },
  simulate: async () => {
    const m = await import('./simulate-command.js');
    return { run: (argv) => m.runSimulate(argv), help: m.SIMULATE_HELP };
  },
  decode: async () => {
    const m = await import('./decode-command.js');
    return { run: (argv) => m.runDecode(argv), help: m.DECODE_HELP };
  },
  agreement: async () => {
    const m = await import('./agreement-command.js');
    return { run: (argv) => m.runAgreement(argv), help: m.AGREEMENT_HELP };
  },
  audit: async () => {
    const m = await import('./audit-command.js');
    return { run: (argv) => m.runAudit(argv), help: m.AUDIT_HELP };
  },
  report: async () => {
    const m = await import('./report-command.js');
    return { run: (argv) => m.runReport(argv), help: m.REPORT_HELP };
  },
  user: async () => {
    const m = await import('./user-command.js');
    return { run: (argv) => m.runUser(argv), help: m.USER_HELP };
  },
  token: async () => {
    const m = await import('./user-command.js');
    return { run: (argv) => m.runToken(argv), help: m.TOKEN_HELP };
  },
  replay: async () => {
    const m = await import('./replay-command.js');
    return { run: (argv) => m.runReplay(argv), help: m.REPLAY_HELP };
  },
};

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(HELP);
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  if (name === 'help') {
    const load = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    process.stdout.write(load === undefined ? HELP : (await load()).help);
    return 0;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    process.stderr.write(`truceline: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  const cmd = await load();
  try {
    const code = await cmd.run(rest, readVersion());
    return typeof code === 'number' ? code : 0;
  } catch (err) {
    // parseArgs reports unknown or malformed flags with this code.
    const code = (err as { code?: string }).code;
    if (err instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`truceline ${name}: ${(err as Error).message}\n\n${cmd.help}`);
      return 2;
    }
    // The system refused (a port in use, a data directory not writable), or
    // our own checks did (an agreement or scenario that does not validate, a
    // broken key file, a weak TRUCELINE_ADMIN_PASSWORD): the reason, not a
    // stack trace.
    if ((err as { syscall?: string }).syscall !== undefined || REFUSALS.has((err as Error).name)) {
      process.stderr.write(`truceline ${name}: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
}
