import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Observation } from '../core/types.js';
import { createSimulator, loadScenario, startSimulatorClock } from '../ingest/simulator/index.js';
import { DEFAULT_SCENARIO_DIR } from '../package-paths.js';
import { parseIntFlag, parseNumberFlag, parseTimeFlag, UsageError } from './args.js';

export const SIMULATE_HELP = `Usage: truceline simulate [options]

Run the scenario's traffic simulator on its own. By default it prints the
observations of --duration simulated seconds as JSON Lines on stdout, as fast
as possible. With --post it sends them to a running Truceline instead, in
real time scaled by --speed, until interrupted.

Options:
  --scenario DIR    scenario directory (default the bundled scenarios/demo)
  --seed N          seed; the same seed gives the same traffic (default 1)
  --vessels N       vessels besides the scripted ones (default 40)
  --aircraft N      aircraft besides the scripted ones (default 20)
  --start T         simulated start, epoch ms or ISO 8601 (default now)
  --duration S      simulated seconds to print (default 600; stdout mode)
  --post URL        POST batches to URL/api/observations instead of printing,
                    with a token of scope ingest in env TRUCELINE_TOKEN; each
                    batch carries a batchId, so a failed send is retried once
                    without the risk of storing it twice
  --speed X         simulated seconds per real second with --post (default 10)
  -h, --help        show this help
`;

export async function runSimulate(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string' },
      seed: { type: 'string' },
      vessels: { type: 'string' },
      aircraft: { type: 'string' },
      start: { type: 'string' },
      duration: { type: 'string' },
      post: { type: 'string' },
      speed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(SIMULATE_HELP);
    return;
  }
  const scenario = await loadScenario(values.scenario ?? DEFAULT_SCENARIO_DIR);
  const startMs = parseTimeFlag('start', values.start, Date.now());
  const simulator = createSimulator({
    script: scenario.traffic,
    seed: parseIntFlag('seed', values.seed, 1, 0, 2 ** 31 - 1),
    vessels: parseIntFlag('vessels', values.vessels, 40, 0, 100_000),
    aircraft: parseIntFlag('aircraft', values.aircraft, 20, 0, 100_000),
    startMs,
  });
  if (values.post !== undefined) {
    await postForever(
      values.post,
      simulator,
      startMs,
      parseNumberFlag('speed', values.speed, 10, 0.1, 1000),
    );
    return;
  }
  const durationS = parseIntFlag('duration', values.duration, 600, 1, 366 * 86_400);
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  for (let t = startMs + 1000; t <= startMs + durationS * 1000; t += 1000) {
    const lines = simulator.step(t).map((o) => JSON.stringify(o));
    if (lines.length > 0 && !process.stdout.write(`${lines.join('\n')}\n`)) {
      await new Promise((r) => process.stdout.once('drain', r));
    }
  }
}

async function postForever(
  base: string,
  simulator: ReturnType<typeof createSimulator>,
  startMs: number,
  speed: number,
): Promise<void> {
  let url: URL;
  try {
    url = new URL('/api/observations', base);
  } catch {
    throw new UsageError(`--post: not a URL: "${base}"`);
  }
  let sent = 0;
  let failed = 0;
  const send = async (body: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // A token of scope ingest (docs/accounts.md); an env var keeps it out of `ps`.
        ...(process.env.TRUCELINE_TOKEN
          ? { authorization: `Bearer ${process.env.TRUCELINE_TOKEN}` }
          : {}),
      },
      body,
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  };
  const post = async (observations: Observation[]) => {
    // The server stores a batchId once: a resend after a lost answer cannot double the batch.
    const body = JSON.stringify({ source: 'simulator', batchId: randomUUID(), observations });
    try {
      await send(body).catch(() => send(body));
      sent += observations.length;
    } catch (err) {
      failed += observations.length;
      process.stderr.write(`post failed (${failed} observations lost so far): ${String(err)}\n`);
    }
  };
  const clock = startSimulatorClock({ simulator, speed, startMs, onBatch: (b) => void post(b) });
  await new Promise<void>((resolve) => {
    const stop = () => {
      clock.stop();
      process.stderr.write(`sent ${sent} observations, ${failed} failed\n`);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
