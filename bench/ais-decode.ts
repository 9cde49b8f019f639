/**
 * AIS decoding vs gpsd and libais, in one run.
 *
 *   node --import tsx bench/ais-decode.ts [--repeat 25] [--n SENTENCES] [--runs 3]
 *
 * Input: the DMA stream example (shared/testdata/ais/bulk, 4346 sentences
 * among $PGHP header lines) repeated --repeat times (default 25: 108 650
 * sentences), or cut to its first --n sentences (tiny mode), written to a
 * temporary file. Deterministic: no random input, so no seed.
 * - in-process: LineFramer + AisDecoder + the normalized message objects,
 *   single-threaded, over the file's bytes in 64 KiB chunks (dist/ when
 *   built, as shipped; else the sources through tsx, whose module interop
 *   costs ~30% here); warmed up once, best of --runs;
 * - whole process: `bin/truceline decode ais FILE > /dev/null`;
 * - gpsdecode: `gpsdecode -j < FILE > /dev/null` (Debian gpsd-clients);
 * - libais: python3-ais's `ais.stream.decode` over the file, counting messages.
 * Processes run pinned to one CPU (`taskset -c 0`) when taskset exists;
 * best of --runs. A peer that is not installed is skipped with a note.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

type AisModule = typeof import('../src/decode/ais/index.js');
type FramerModule = typeof import('../src/decode/line-framer.js');

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const CORPUS_FILE = resolve(
  process.env.TRUCELINE_TESTDATA ?? resolve(ROOT, '../shared/testdata'),
  'ais/bulk/dma-stream_example.txt',
);

export interface AisBenchOptions {
  /** Copies of the DMA example (ignored when n is set). */
  repeat: number;
  /** Take only the first n sentences (tiny mode). */
  n?: number;
  runs: number;
  /** Run the peers and the CLI as processes (false: in-process only). */
  processes: boolean;
}

export interface PeerTiming {
  name: string;
  /** Best wall time of a whole run, seconds; undefined when skipped. */
  seconds?: number;
  messages?: number;
  note?: string;
}

export interface AisBenchResult {
  sentences: number;
  inProcess: { seconds: number; messages: number; rejected: number; build: 'dist' | 'src' };
  processes: PeerTiming[];
}

/** The input lines: the example repeated, or cut after n sentences. */
function makeInput(o: AisBenchOptions): { text: string; sentences: number } {
  const one = readFileSync(CORPUS_FILE, 'latin1');
  const lines = one.split('\n').filter((l) => l !== '');
  const perCopy = lines.filter((l) => l.startsWith('!')).length;
  if (o.n === undefined)
    return { text: `${lines.join('\n')}\n`.repeat(o.repeat), sentences: perCopy * o.repeat };
  const out: string[] = [];
  let sentences = 0;
  for (let k = 0; sentences < o.n; k = (k + 1) % lines.length) {
    const l = lines[k]!;
    out.push(l);
    if (l.startsWith('!')) sentences++;
  }
  return { text: `${out.join('\n')}\n`, sentences };
}

async function loadDecoder(): Promise<{
  ais: AisModule;
  framer: FramerModule;
  build: 'dist' | 'src';
}> {
  const dist = resolve(ROOT, 'dist/decode/ais/index.js');
  if (existsSync(dist)) {
    return {
      ais: (await import(pathToFileURL(dist).href)) as AisModule,
      framer: (await import(
        pathToFileURL(resolve(ROOT, 'dist/decode/line-framer.js')).href
      )) as FramerModule,
      build: 'dist',
    };
  }
  return {
    ais: await import('../src/decode/ais/index.js'),
    framer: await import('../src/decode/line-framer.js'),
    build: 'src',
  };
}

function runInProcess(bytes: Buffer, ais: AisModule, framer: FramerModule) {
  let messages = 0;
  let rejected = 0;
  const emit = (r: import('../src/decode/ais/index.js').AisResult) => {
    if (ais.isAisRejected(r)) rejected++;
    else messages++;
  };
  const t = process.hrtime.bigint();
  const d = new ais.AisDecoder();
  const f = new framer.LineFramer({}, (line) => d.pushLine(line, 0, emit));
  for (let at = 0; at < bytes.length; at += 65_536) f.push(bytes.subarray(at, at + 65_536));
  f.end();
  d.expire(Number.POSITIVE_INFINITY, emit);
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, messages, rejected };
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Best wall time of a shell command over `runs` runs, and its stdout of the last run. */
function timeShell(command: string, runs: number): { seconds: number; stdout: string } {
  const pin = hasCommand('taskset') ? 'taskset -c 0 ' : '';
  let best = Number.POSITIVE_INFINITY;
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync('sh', ['-c', `${pin}${command}`], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    if (r.status !== 0) throw new Error(`bench: "${command}" failed: ${r.stderr}`);
    best = Math.min(best, s);
    stdout = r.stdout;
  }
  return { seconds: best, stdout };
}

const LIBAIS_SCRIPT = [
  'import sys, warnings',
  "warnings.simplefilter('ignore')",
  'import ais.stream',
  'n = 0',
  'with open(sys.argv[1]) as f:',
  '    for m in ais.stream.decode(f):',
  '        n += 1',
  'print(n)',
].join('\n');

function timePeers(file: string, runs: number): PeerTiming[] {
  const peers: PeerTiming[] = [];
  const bin = resolve(ROOT, 'bin/truceline');
  if (existsSync(resolve(ROOT, 'dist/cli/main.js'))) {
    const r = timeShell(`"${bin}" decode ais "${file}" > /dev/null`, runs);
    const startup = timeShell(`"${bin}" decode ais /dev/null > /dev/null`, runs);
    peers.push({ name: 'truceline decode ais', seconds: r.seconds });
    peers.push({ name: '  of which startup (empty input)', seconds: startup.seconds });
  } else {
    peers.push({ name: 'truceline decode ais', note: 'skipped: not built (npm run build)' });
  }
  if (hasCommand('gpsdecode')) {
    const r = timeShell(`gpsdecode -j < "${file}" > /dev/null`, runs);
    const count = spawnSync('sh', ['-c', `gpsdecode -j < "${file}" | wc -l`], { encoding: 'utf8' });
    peers.push({
      name: 'gpsdecode -j (gpsd)',
      seconds: r.seconds,
      messages: Number(count.stdout.trim()),
    });
  } else {
    peers.push({ name: 'gpsdecode -j (gpsd)', note: 'skipped: apt-get install gpsd-clients' });
  }
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  if (spawnSync(python, ['-c', 'import ais'], { stdio: 'ignore' }).status === 0) {
    const script = join(file, '..', 'libais-bench.py');
    writeFileSync(script, LIBAIS_SCRIPT);
    const r = timeShell(`${python} "${script}" "${file}"`, runs);
    peers.push({
      name: 'libais (python3-ais)',
      seconds: r.seconds,
      messages: Number(r.stdout.trim()),
    });
  } else {
    peers.push({ name: 'libais (python3-ais)', note: 'skipped: apt-get install python3-ais' });
  }
  return peers;
}

export async function runAisBench(o: AisBenchOptions): Promise<AisBenchResult> {
  if (!existsSync(CORPUS_FILE))
    throw new Error(`bench: ${CORPUS_FILE} not found (set TRUCELINE_TESTDATA)`);
  const { text, sentences } = makeInput(o);
  const dir = mkdtempSync(join(tmpdir(), 'truceline-ais-bench-'));
  try {
    const file = join(dir, 'stream.nmea');
    writeFileSync(file, text, 'latin1');
    const bytes = readFileSync(file);
    const { ais, framer, build } = await loadDecoder();
    runInProcess(bytes, ais, framer); // warm-up: let the JIT see every path
    let best = runInProcess(bytes, ais, framer);
    for (let i = 1; i < o.runs; i++) {
      const r = runInProcess(bytes, ais, framer);
      if (r.seconds < best.seconds) best = r;
    }
    return {
      sentences,
      inProcess: { ...best, build },
      processes: o.processes ? timePeers(file, o.runs) : [],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatAisBenchReport(r: AisBenchResult): string {
  const k = (x: number) => `${Math.round(x / 1000)}k`;
  const rows = [
    `ais-decode: ${r.sentences} sentences (DMA stream example), single-threaded`,
    '',
    '| peer | time | messages | messages/s |',
    '| --- | ---: | ---: | ---: |',
    `| ours in-process (framing + decode + objects, ${r.inProcess.build}) | ${(r.inProcess.seconds * 1000).toFixed(0)} ms | ${r.inProcess.messages} | ${k(r.inProcess.messages / r.inProcess.seconds)} |`,
  ];
  for (const p of r.processes) {
    if (p.seconds === undefined) {
      rows.push(`| ${p.name} | ${p.note} | | |`);
      continue;
    }
    const msgs = p.messages ?? r.inProcess.messages;
    rows.push(
      `| ${p.name} | ${(p.seconds * 1000).toFixed(0)} ms | ${p.messages ?? ''} | ${p.name.startsWith(' ') ? '' : k(msgs / p.seconds)} |`,
    );
  }
  const gpsd = r.processes.find((p) => p.name.startsWith('gpsdecode'))?.seconds;
  const cli = r.processes.find((p) => p.name === 'truceline decode ais')?.seconds;
  const startup = r.processes.find((p) => p.name.includes('startup'))?.seconds;
  if (gpsd !== undefined) {
    const gpsdRate = r.sentences / gpsd;
    const oursRate = r.sentences / r.inProcess.seconds;
    rows.push(
      '',
      `in-process / gpsdecode -j (sentences/s):     ${(oursRate / gpsdRate).toFixed(1)}x  (goal >= 5x)`,
    );
    if (cli !== undefined) {
      rows.push(
        `decode ais / gpsdecode -j (whole process):   ${(gpsd / cli).toFixed(2)}x  (goal >= 1.5x)`,
      );
      if (startup !== undefined && cli > startup)
        rows.push(
          `  the same without the CLI's startup:        ${(gpsd / (cli - startup)).toFixed(2)}x`,
        );
    }
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { repeat: { type: 'string' }, n: { type: 'string' }, runs: { type: 'string' } },
  });
  const r = await runAisBench({
    repeat: Number(values.repeat ?? 25),
    n: values.n === undefined ? undefined : Number(values.n),
    runs: Number(values.runs ?? 3),
    processes: true,
  });
  console.log(formatAisBenchReport(r));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
