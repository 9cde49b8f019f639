/**
 * ADS-B decoding throughput, in one run.
 *
 *   taskset -c 0 node --import tsx bench/adsb-decode.ts [--repeat 19] [--runs 5]
 *
 * Input: the beastblackbox Beast capture (shared/testdata/adsb/bulk, 7975
 * frames, 5359 of them Mode S) repeated `--repeat` times, so 19 copies give
 * 101 821 Mode S frames. Measured:
 * - ours in-process, in three stages: Beast framing alone; framing + CRC +
 *   Mode S / ES decode; framing + decode + the aircraft table (CPR pairs,
 *   speed checks, Observation objects). Best of `--runs`.
 * - peer in-process, named "naive strings": the same frames decoded the way a
 *   straightforward port of pyModeS does it (hex string -> binary string ->
 *   parseInt of slices, bit-by-bit CRC over the string), stateless, for the
 *   ratio. Both must agree on every DF17 address and type code.
 * - ours as a process: `bin/truceline decode adsb FILE > /dev/null` on a temp
 *   file of the repeated capture (JSON output included; needs `npm run build`).
 * - pyModeS itself, if `python3 -c 'import pyModeS'` works here; else a note.
 * No Debian ADS-B decoder reads a file, so there is no packaged peer to run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseIntFlag } from '../src/cli/args.js';
import {
  AircraftTable,
  BEAST_MODE_S_LONG,
  BEAST_MODE_S_SHORT,
  BeastFramer,
  formatHex,
  ModeSDecoder,
  ModeSMessage,
} from '../src/decode/adsb/index.js';

const ROOT = resolve(new URL('.', import.meta.url).pathname, '..');
const DATA_DIR = process.env.TRUCELINE_TESTDATA
  ? resolve(process.env.TRUCELINE_TESTDATA, 'adsb')
  : resolve(ROOT, '../shared/testdata/adsb');
export const BEAST_FILE = join(DATA_DIR, 'bulk/beastblackbox-ulss7-part1.beast');

export interface AdsbBenchOptions {
  repeat: number;
  runs: number;
  /** Also time `bin/truceline decode adsb` and pyModeS (when present). */
  processes: boolean;
}

export interface AdsbBenchResult {
  modeSFrames: number;
  beastFrames: number;
  framingPerS: number;
  decodePerS: number;
  tablePerS: number;
  naivePerS: number;
  positions: number;
  processPerS: number | undefined;
  /** Seconds the same process takes to start and print its help: subtracted for the steady rate. */
  processStartS: number | undefined;
  pyModeSPerS: number | undefined;
  notes: string[];
}

/** Best (shortest) of `runs` timings of `fn`, in seconds. */
function timeBest(runs: number, fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return best;
}

// --- the naive peer: strings all the way, as pyModeS (2.x) does in Python ---------------

const GENERATOR = '1111111111111010000001001';

function naiveBin(hex: string): string {
  let s = '';
  for (const c of hex) s += Number.parseInt(c, 16).toString(2).padStart(4, '0');
  return s;
}

function naiveCrc(hex: string): number {
  const bits = naiveBin(hex).split('').map(Number);
  for (let i = 0; i < bits.length - 24; i++) {
    if (bits[i] === 1)
      for (let j = 0; j < GENERATOR.length; j++) bits[i + j]! ^= Number(GENERATOR[j]);
  }
  return Number.parseInt(bits.slice(-24).join(''), 2);
}

interface NaiveResult {
  df: number;
  icao: string;
  tc: number;
}

function naiveDecode(hex: string): NaiveResult | undefined {
  const bin = naiveBin(hex);
  const df = Math.min(Number.parseInt(bin.slice(0, 5), 2), 24);
  const crc = naiveCrc(hex);
  if ((df === 17 || df === 18) && crc !== 0) return undefined;
  const icao =
    df === 11 || df === 17 || df === 18 ? hex.slice(2, 8) : crc.toString(16).padStart(6, '0');
  let tc = -1;
  if (df === 17 || df === 18) {
    tc = Number.parseInt(bin.slice(32, 37), 2);
    if (tc >= 9 && tc <= 18) {
      const alt = bin.slice(40, 52);
      if (alt[7] === '1') void (Number.parseInt(alt.slice(0, 7) + alt.slice(8), 2) * 25 - 1000);
      void Number.parseInt(bin.slice(54, 71), 2);
      void Number.parseInt(bin.slice(71, 88), 2);
    } else if (tc === 19) {
      const vew = Number.parseInt(bin.slice(46, 56), 2) - 1;
      const vns = Number.parseInt(bin.slice(57, 67), 2) - 1;
      void Math.hypot(vew, vns);
      void Math.atan2(vew, vns);
    } else if (tc >= 1 && tc <= 4) {
      const cs = '#ABCDEFGHIJKLMNOPQRSTUVWXYZ##### ###############0123456789######';
      let s = '';
      for (let k = 0; k < 8; k++) s += cs[Number.parseInt(bin.slice(40 + 6 * k, 46 + 6 * k), 2)];
      void s.trim();
    }
  }
  return { df, icao, tc };
}

// ------------------------------------------------------------------------------------------

export function runAdsbBench(options: AdsbBenchOptions): AdsbBenchResult {
  const notes: string[] = [];
  const one = readFileSync(BEAST_FILE);
  const data = new Uint8Array(one.length * options.repeat);
  for (let r = 0; r < options.repeat; r++) data.set(one, r * one.length);

  // Collect the Mode S frames once, for the peer (as hex, its input format)
  const hexes: string[] = [];
  let beastFrames = 0;
  const collector = new BeastFramer();
  collector.push(one, (f) => {
    beastFrames++;
    if (f.type === BEAST_MODE_S_SHORT || f.type === BEAST_MODE_S_LONG)
      hexes.push(formatHex(f.data, 0, f.len));
  });
  const modeSFrames = hexes.length * options.repeat;
  beastFrames *= options.repeat;
  // Repeated copies replay the same counter: shift each copy's time so pairs stay in order
  const copyMs = 3_600_000;

  let sink = 0;
  const framingS = timeBest(options.runs, () => {
    const framer = new BeastFramer();
    framer.push(data, (f) => {
      sink += f.len;
    });
  });

  const m = new ModeSMessage();
  const decodeS = timeBest(options.runs, () => {
    const framer = new BeastFramer();
    const decoder = new ModeSDecoder();
    framer.push(data, (f) => {
      if (f.type !== BEAST_MODE_S_SHORT && f.type !== BEAST_MODE_S_LONG) return;
      if (decoder.decode(f.data, 0, f.len, m) === null) sink += m.df;
    });
  });

  let positions = 0;
  const tableS = timeBest(options.runs, () => {
    const framer = new BeastFramer();
    const decoder = new ModeSDecoder();
    const table = new AircraftTable();
    positions = 0;
    framer.push(data, (f) => {
      if (f.type !== BEAST_MODE_S_SHORT && f.type !== BEAST_MODE_S_LONG) return;
      if (decoder.decode(f.data, 0, f.len, m) !== null) return;
      const copy = Math.floor(f.offset / one.length);
      if (table.update(m, f.ticks / 12_000 + copy * copyMs).position) positions++;
    });
  });

  // Peer: stateless, on hex strings; checked against ours on every DF17
  const ours = new ModeSDecoder();
  const bytes = new Uint8Array(14);
  for (const h of hexes) {
    const r = naiveDecode(h);
    bytes.set(Buffer.from(h, 'hex'));
    const ok = ours.decode(bytes, 0, h.length / 2, m) === null;
    if (m.df === 17 && (!ok || r === undefined || r.icao !== h.slice(2, 8) || r.tc !== m.tc)) {
      throw new Error(`peers disagree on ${h}`);
    }
  }
  const naiveS = timeBest(Math.max(1, Math.min(options.runs, 2)), () => {
    for (let r = 0; r < options.repeat; r++)
      for (const h of hexes) if (naiveDecode(h) !== undefined) sink++;
  });

  let processPerS: number | undefined;
  let processStartS: number | undefined;
  let pyModeSPerS: number | undefined;
  if (options.processes) {
    const dir = mkdtempSync(join(tmpdir(), 'truceline-adsb-bench-'));
    try {
      const file = join(dir, 'repeated.beast');
      writeFileSync(file, data);
      if (existsSync(join(ROOT, 'dist/cli/decode-adsb-command.js'))) {
        const timeRun = (args: string[]): number => {
          const t = process.hrtime.bigint();
          const r = spawnSync(
            process.execPath,
            [join(ROOT, 'bin/truceline'), 'decode', 'adsb', ...args],
            {
              stdio: ['ignore', 'ignore', 'inherit'],
            },
          );
          if (r.status !== 0) notes.push(`bin/truceline decode adsb exited with ${r.status}`);
          return Number(process.hrtime.bigint() - t) / 1e9;
        };
        processStartS = timeRun(['--help']);
        processPerS = modeSFrames / timeRun([file]);
      } else {
        notes.push('process figure skipped: run `npm run build` first');
      }
      pyModeSPerS = timePyModeS(dir, hexes, options.repeat, notes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (sink === -1) console.log(sink); // keep the work observable
  return {
    modeSFrames,
    beastFrames,
    framingPerS: beastFrames / framingS,
    decodePerS: modeSFrames / decodeS,
    tablePerS: modeSFrames / tableS,
    naivePerS: modeSFrames / naiveS,
    positions,
    processPerS,
    processStartS,
    pyModeSPerS,
    notes,
  };
}

/** pyModeS' stateless decode of the same hex messages, if python3 has it. */
function timePyModeS(
  dir: string,
  hexes: string[],
  repeat: number,
  notes: string[],
): number | undefined {
  const probe = spawnSync('python3', ['-c', 'import pyModeS'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    notes.push(
      'pyModeS: not importable by python3 here (PyPI is not reachable from this machine), not measured',
    );
    return undefined;
  }
  const file = join(dir, 'messages.txt');
  writeFileSync(file, `${hexes.join('\n')}\n`);
  const script = `
import sys, time, pyModeS as pms
msgs = [l.strip() for l in open(sys.argv[1]) if l.strip()] * int(sys.argv[2])
t = time.perf_counter()
for m in msgs:
    df = pms.df(m)
    if df in (17, 18):
        if pms.crc(m) != 0: continue
        tc = pms.typecode(m)
        if 1 <= tc <= 4: pms.adsb.callsign(m)
        elif 9 <= tc <= 18: pms.adsb.altitude(m)
        elif tc == 19: pms.adsb.velocity(m)
    elif df in (4, 20): pms.common.altcode(m)
    elif df in (5, 21): pms.common.idcode(m)
    pms.icao(m)
print(len(msgs) / (time.perf_counter() - t))
`;
  const r = spawnSync('python3', ['-c', script, file, String(repeat)], { encoding: 'utf8' });
  if (r.status !== 0) {
    notes.push(`pyModeS run failed: ${r.stderr.trim().split('\n').pop()}`);
    return undefined;
  }
  return Number(r.stdout.trim());
}

function main(): void {
  const { values } = parseArgs({
    options: { repeat: { type: 'string' }, runs: { type: 'string' } },
  });
  const options = {
    repeat: parseIntFlag('repeat', values.repeat, 19, 1, 10_000),
    runs: parseIntFlag('runs', values.runs, 5, 1, 100),
    processes: true,
  };
  if (!existsSync(BEAST_FILE)) {
    console.log(`adsb-decode: ${BEAST_FILE} not found (shared test data); nothing to measure`);
    return;
  }
  const r = runAdsbBench(options);
  const k = (x: number | undefined) => (x === undefined ? 'n/a' : `${Math.round(x / 1000)}k/s`);
  console.log(
    `adsb-decode: beastblackbox part 1 x${options.repeat}: ${r.beastFrames} Beast frames, ${r.modeSFrames} Mode S; best of ${options.runs}`,
  );
  console.log(`  ours, Beast framing only:                      ${k(r.framingPerS)} Beast frames`);
  console.log(`  ours, framing + CRC + decode:                  ${k(r.decodePerS)} Mode S frames`);
  console.log(
    `  ours, framing + decode + aircraft table (CPR): ${k(r.tablePerS)} Mode S frames (${r.positions} positions)`,
  );
  console.log(`  peer, naive strings (pyModeS-style, in JS):    ${k(r.naivePerS)} Mode S frames`);
  console.log(
    `  ratio ours (decode) / naive strings:           ${(r.decodePerS / r.naivePerS).toFixed(1)}x`,
  );
  console.log(
    `  ours, bin/truceline decode adsb (JSON out):    ${k(r.processPerS)} Mode S frames, whole process`,
  );
  if (r.processPerS !== undefined && r.processStartS !== undefined) {
    const steady = r.modeSFrames / (r.modeSFrames / r.processPerS - r.processStartS);
    console.log(
      `    of which start-up ${(r.processStartS * 1000).toFixed(0)} ms; after start-up:    ${k(steady)} Mode S frames`,
    );
  }
  console.log(`  pyModeS 3 (python3), stateless decode:         ${k(r.pyModeSPerS)}`);
  for (const n of r.notes) console.log(`  note: ${n}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
