/** The `truceline` command: parses the subcommand and hands over. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../main.js';
import { UsageError } from './args.js';
import { runServe, SERVE_HELP } from './serve-command.js';
import { runSimulate, SIMULATE_HELP } from './simulate-command.js';

const HELP = `Usage: truceline <command> [options]

Ceasefire monitoring and verification.

Commands:
  serve       serve the web app and API with the demo scenario and simulator
  simulate    run the traffic simulator alone (JSON Lines, or POST to a server)
  help CMD    show the help of a command

Run "truceline <command> --help" for its options.
`;

const COMMANDS: Record<
  string,
  { run(argv: string[], version: string): Promise<void>; help: string }
> = {
  serve: { run: runServe, help: SERVE_HELP },
  simulate: { run: (argv) => runSimulate(argv), help: SIMULATE_HELP },
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
    const cmd = rest[0] === undefined ? undefined : COMMANDS[rest[0]];
    process.stdout.write(cmd?.help ?? HELP);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (cmd === undefined) {
    process.stderr.write(`truceline: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    await cmd.run(rest, readVersion());
    return 0;
  } catch (err) {
    // parseArgs reports unknown or malformed flags with this code.
    const code = (err as { code?: string }).code;
    if (err instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`truceline ${name}: ${(err as Error).message}\n\n${cmd.help}`);
      return 2;
    }
    throw err;
  }
}
