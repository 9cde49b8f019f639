/**
 * `truceline decode adsb`: Beast, AVR or SBS-1 in, one JSON object per Mode S
 * message (or SBS line) out, in input order. Streams the input; output is
 * written in large blocks with backpressure; a closed pipe ends it quietly.
 */
import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  type AdsbRecord,
  AircraftTable,
  AvrFrame,
  BEAST_MODE_AC,
  BEAST_MODE_S_LONG,
  BEAST_MODE_S_SHORT,
  type BeastFrame,
  BeastFramer,
  buildAdsbRecord,
  decodeModeAcCode,
  formatHex,
  formatSquawk,
  ModeSDecoder,
  ModeSMessage,
  parseAvrLine,
  parseSbsLine,
} from '../decode/adsb/index.js';
import { LineFramer } from '../decode/line-framer.js';
import { UsageError } from './args.js';

export const DECODE_ADSB_HELP = `Usage: truceline decode adsb [options] [FILE|-]

Decode ADS-B / Mode S from FILE (or standard input when FILE is - or
absent): Beast binary, AVR text or SBS-1 BaseStation CSV. Prints one JSON
object per line, in input order: one per Mode S message, or per SBS line.

Options:
  --format F        beast | avr | sbs. Default: from the first byte of the
                    input: 0x1a beast; * @ % < : avr; MSG, sbs
  --errors          also print what was rejected, as {"error":REASON,"hex":HEX}
                    (SBS: {"error":"bad_sbs_field","field":NAME,"line":LINE})
  --fix             repair a single flipped bit in DF17/18 (such messages
                    carry "fixed_bit"; off by default)
  --modeac          also print Mode A/C replies as {"modeac":"7000",...}
                    (Beast type 0x31, 4-digit AVR lines); skipped by default
  --receiver LAT,LON  receiver position: resolves surface positions and lone
                    frames (decimal degrees)
  --stats           print counters as JSON to standard error at the end
  -h, --help        show this help

A Mode S line holds the decoded fields (names and units of the ADS-B test
data README: df, icao24, crc_ok, tc, altitude_ft, altitude_type, callsign,
category, squawk, emergency, cpr_odd, cpr_lat, cpr_lon, gs_kt, track_deg,
vrate_fpm, heading_deg, tas_kt, ias_kt, capability, iid, flight_status,
is_on_ground, adsb_version, nic_a, nac_p, sil, ...; absent fields left out),
then "lat" and "lon" when this frame yields a position (global CPR pair at
most 10 s apart, or local decode against the aircraft's last position; a
position needing an impossible speed is refused), then "hex" (the message),
"mlat_ticks" (12 MHz counter: Beast, AVR @ % <) and "signal" (Beast, AVR <).

Not printed as messages (printed with --errors):
  bad_crc          DF11/17/18 whose CRC fails (DF11: beyond the interrogator code)
  unknown_address  DF0/4/5/16/20/21/24 whose address (recovered from the
                   parity) was not heard in a DF11/17/18 in the last 60 s;
                   as dump1090, these are taken for noise
  bad_length, bad_hex, bad_frame, unknown_df; Beast: garbage, truncated
  ("hex" is the message, the skipped Beast bytes, or the AVR line as read)
The clock for CPR pairing is the Beast counter, or the AVR @ counter. Input
without one (AVR * lines, a zero Beast counter) is timed as it is read, and
then the speed check is off: a file is read far faster than it was received.
`;

type Format = 'beast' | 'avr' | 'sbs';
/** A printed Mode S line: the record, then position and frame metadata. */
type AdsbLine = AdsbRecord & {
  lat?: number;
  lon?: number;
  hex?: string;
  mlat_ticks?: number;
  signal?: number;
};
const FORMATS: readonly Format[] = ['beast', 'avr', 'sbs'];
/** 12 MHz receiver counter ticks per millisecond. */
const TICKS_PER_MS = 12_000;
/** dump1090/mlat-server mark synthesized MLAT frames with this counter value ("MLAT"). */
const MLAT_MAGIC_TICKS = 0xff004d4c4154;
/** Table expiry runs when the clock has moved this far. */
const EXPIRE_EVERY_MS = 10_000;

export interface DecodeAdsbIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Clock for input without one (ms). */
  now: () => number;
}

/** Chooses the format from the first bytes, or undefined. */
export function detectAdsbFormat(head: Uint8Array): Format | undefined {
  let i = 0;
  while (i < head.length && (head[i] === 32 || head[i] === 10 || head[i] === 13 || head[i] === 9))
    i++;
  const c = head[i];
  if (c === 0x1a) return 'beast';
  if (c === 42 || c === 64 || c === 37 || c === 60 || c === 58) return 'avr';
  if (c === 77 && head[i + 1] === 83 && head[i + 2] === 71) return 'sbs';
  return undefined;
}

function parseReceiver(v: string | undefined): { lat: number; lon: number } | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(v);
  const lat = Number(m?.[1]);
  const lon = Number(m?.[2]);
  if (m === null || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new UsageError(`--receiver: expected LAT,LON in decimal degrees, got "${v}"`);
  }
  return { lat, lon };
}

export async function runDecodeAdsb(argv: string[], io?: Partial<DecodeAdsbIo>): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      format: { type: 'string' },
      errors: { type: 'boolean' },
      fix: { type: 'boolean' },
      modeac: { type: 'boolean' },
      receiver: { type: 'string' },
      stats: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  const stdout = io?.stdout ?? process.stdout;
  if (values.help) {
    stdout.write(DECODE_ADSB_HELP);
    return;
  }
  if (positionals.length > 1)
    throw new UsageError(`expected at most one FILE, got ${positionals.length}`);
  const format = values.format as Format | undefined;
  if (format !== undefined && !FORMATS.includes(format)) {
    throw new UsageError(`--format: expected one of ${FORMATS.join(', ')}, got "${values.format}"`);
  }
  const receiver = parseReceiver(values.receiver);
  const file = positionals[0];
  const input =
    file === undefined || file === '-'
      ? (io?.stdin ?? process.stdin)
      : createReadStream(file, { highWaterMark: 1 << 16 });
  const run = new DecodeRun(
    stdout,
    io?.now ?? Date.now,
    values.errors ?? false,
    values.modeac ?? false,
    values.fix ?? false,
    receiver,
  );
  try {
    await run.consume(input, format);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const e = err as NodeJS.ErrnoException;
    (io?.stderr ?? process.stderr).write(
      `truceline decode adsb: cannot read ${file ?? 'stdin'}: ${e.code ?? e.message}\n`,
    );
    process.exitCode = 1;
    return;
  }
  if (values.stats) (io?.stderr ?? process.stderr).write(`${JSON.stringify(run.stats())}\n`);
}

/** One decoding run: framer, decoder, aircraft table and the output buffer. */
class DecodeRun {
  private readonly decoder: ModeSDecoder;
  /** Made on the first message, when it is known whether the input carries a clock. */
  private table: AircraftTable | undefined;
  private readonly receiver: { lat: number; lon: number } | undefined;
  private readonly msg = new ModeSMessage();
  private readonly avr = new AvrFrame();
  private beast: BeastFramer | undefined;
  private lines: LineFramer | undefined;
  private out = '';
  private closed = false;
  private lastMs = Number.NaN;
  private lastExpireMs = Number.NaN;
  private sbsLines = 0;
  private sbsRejected = 0;

  constructor(
    private readonly stdout: Writable,
    private readonly now: () => number,
    private readonly errors: boolean,
    private readonly modeac: boolean,
    fix: boolean,
    receiver: { lat: number; lon: number } | undefined,
  ) {
    this.decoder = new ModeSDecoder({ fixSingleBitErrors: fix });
    this.receiver = receiver;
    stdout.on('error', (err: NodeJS.ErrnoException) => {
      // The reader went away (`| head`): stop quietly.
      if (err.code === 'EPIPE') this.closed = true;
      else throw err;
    });
  }

  async consume(input: Readable, given: Format | undefined): Promise<void> {
    let format = given;
    try {
      for await (const chunk of input) {
        if (this.closed) break;
        const bytes = chunk as Uint8Array;
        if (format === undefined) {
          if (bytes.length === 0) continue;
          format = detectAdsbFormat(bytes);
          if (format === undefined) {
            throw new UsageError(
              'cannot tell the input format from its first bytes: give --format',
            );
          }
        }
        this.push(format, bytes);
        // What this chunk completed goes out now: a live feed's reader
        // (`nc … | truceline decode adsb`) must not wait for a block to fill.
        await this.flush();
      }
      if (format === 'beast') this.beast?.end((f) => this.onBeastFrame(f));
      else this.lines?.end();
      await this.flush();
    } finally {
      if (this.closed && 'destroy' in input) input.destroy();
    }
  }

  private push(format: Format, bytes: Uint8Array): void {
    if (format === 'beast') {
      this.beast ??= new BeastFramer();
      this.beast.push(bytes, (f) => this.onBeastFrame(f));
      return;
    }
    this.lines ??= new LineFramer(
      {},
      format === 'sbs' ? (l) => this.onSbsLine(l) : (l) => this.onAvrLine(l),
    );
    this.lines.push(bytes);
  }

  private onBeastFrame(f: BeastFrame): void {
    if (f.problem !== null) {
      if (this.errors)
        this.emit(`{"error":"${f.problem}","hex":"${formatHex(f.raw!, 0, f.raw!.length)}"}`);
      return;
    }
    // A zero counter means "no MLAT data"; the MLAT magic marks synthetic frames.
    const tMs =
      f.ticks === 0 || f.ticks === MLAT_MAGIC_TICKS ? this.clock() : f.ticks / TICKS_PER_MS;
    if (f.type === BEAST_MODE_AC) {
      if (this.modeac) this.emitModeAc(f.data, f.ticks, f.signal);
      return;
    }
    if (f.type !== BEAST_MODE_S_SHORT && f.type !== BEAST_MODE_S_LONG) return; // status frames
    this.onModeS(f.data, f.len, tMs, f.ticks !== 0, f.ticks, f.signal);
  }

  private onAvrLine(line: string): void {
    const a = this.avr;
    const reason = parseAvrLine(line, a);
    if (reason !== null) {
      // Counted with the decoder's refusals, as the live pipeline counts them.
      this.decoder.counters.rejected[reason]++;
      if (this.errors) this.emit(JSON.stringify({ error: reason, hex: line.trim() }));
      return;
    }
    if (a.len === 0) return;
    if (a.len === 2) {
      if (this.modeac) this.emitModeAc(a.data, a.ticks, a.signal);
      return;
    }
    const tMs =
      Number.isNaN(a.ticks) || a.ticks === MLAT_MAGIC_TICKS ? this.clock() : a.ticks / TICKS_PER_MS;
    this.onModeS(a.data, a.len, tMs, !Number.isNaN(a.ticks), a.ticks, a.signal);
  }

  private onSbsLine(line: string): void {
    if (line.trim() === '') return;
    this.sbsLines++;
    const r = parseSbsLine(line);
    if (r.ok) this.emit(JSON.stringify(r.msg));
    else {
      this.sbsRejected++;
      if (this.errors) this.emit(JSON.stringify({ error: r.reason, field: r.field, line }));
    }
  }

  private onModeS(
    data: Uint8Array,
    len: number,
    tMs: number,
    timed: boolean,
    ticks: number,
    signal: number,
  ): void {
    const m = this.msg;
    const reason = this.decoder.decode(data, 0, len, m);
    if (reason !== null) {
      if (this.errors) this.emit(`{"error":"${reason}","hex":"${formatHex(data, 0, len)}"}`);
      return;
    }
    // Untimed input is read far faster than it was received: a speed check on it would refuse good positions.
    this.table ??= new AircraftTable({
      checkSpeed: timed,
      ...(this.receiver ? { receiver: this.receiver } : {}),
    });
    const u = this.table.update(m, tMs);
    if (u.rejected !== null) {
      if (this.errors)
        this.emit(`{"error":"${u.rejected}","hex":"${formatHex(m.bytes, 0, m.len)}"}`);
      return;
    }
    const r: AdsbLine = buildAdsbRecord(m);
    if (u.position) {
      r.lat = Math.round(u.lat * 1e6) / 1e6;
      r.lon = Math.round(u.lon * 1e6) / 1e6;
    }
    r.hex = formatHex(m.bytes, 0, m.len);
    if (!Number.isNaN(ticks)) r.mlat_ticks = ticks;
    if (signal >= 0) r.signal = signal;
    this.emit(JSON.stringify(r));
    if (!(Math.abs(tMs - this.lastExpireMs) < EXPIRE_EVERY_MS)) {
      this.table.expire(tMs);
      this.lastExpireMs = tMs;
    }
  }

  private emitModeAc(data: Uint8Array, ticks: number, signal: number): void {
    const r: Record<string, unknown> = {
      modeac: formatSquawk(decodeModeAcCode(data[0]!, data[1]!)),
    };
    r.hex = formatHex(data, 0, 2);
    if (!Number.isNaN(ticks)) r.mlat_ticks = ticks;
    if (signal >= 0) r.signal = signal;
    this.emit(JSON.stringify(r));
  }

  /** Input without a clock is timed as read; never earlier than the last time seen. */
  private clock(): number {
    const t = this.now();
    this.lastMs = Number.isNaN(this.lastMs) || t > this.lastMs ? t : this.lastMs;
    return this.lastMs;
  }

  private emit(line: string): void {
    this.out += `${line}\n`;
  }

  /** Write what the input so far produced (once per input chunk, and at the end). */
  private async flush(): Promise<void> {
    if (this.closed || this.out === '') return;
    const block = this.out;
    this.out = '';
    if (!this.stdout.write(block) && !this.closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stdout.off('drain', done);
          this.stdout.off('close', done);
          resolve();
        };
        this.stdout.on('drain', done);
        this.stdout.on('close', done);
      });
    }
  }

  stats(): Record<string, unknown> {
    return {
      beast: this.beast?.counters,
      lines: this.lines?.counters,
      sbs:
        this.lines && this.sbsLines > 0
          ? { lines: this.sbsLines, rejected: this.sbsRejected }
          : undefined,
      decoder: this.decoder.counters,
      table: this.table?.counters,
    };
  }
}
