/**
 * `truceline decode <format>` (ADS-B in decode-adsb-command.ts) and
 * `truceline decode ais`: a recorded or piped AIS feed to JSON Lines, one
 * object per decoded message in the normalized schema
 * (shared/testdata/ais/README.md), in the order messages complete.
 *
 * Bytes are streamed through LineFramer (never read whole); output is
 * gathered into large writes. Receive time is not used: what is printed
 * depends on the input bytes alone, so a fragment waits until its message
 * completes, a new first part takes its key, 64 others wait, or input ends.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  AisDecoder,
  type AisResult,
  formatAisJson,
  formatAisJsonFull,
  isAisRejected,
} from '../decode/ais/index.js';
import { LineFramer, type TooLongLine } from '../decode/line-framer.js';
import { UsageError } from './args.js';
import { LineOutput } from './line-output.js';

export const DECODE_HELP = `Usage: truceline decode <format> [options] [FILE|-]

Decode a recorded or piped feed to JSON Lines on stdout.

Formats:
  ais         AIS NMEA 0183 sentences (!xxVDM / !xxVDO)
  adsb        ADS-B / Mode S: Beast binary, AVR text or SBS-1 (BaseStation)

Run "truceline decode <format> --help" for its options.
`;

export const DECODE_AIS_HELP = `Usage: truceline decode ais [options] [FILE|-]

Decode AIS NMEA 0183 sentences (!xxVDM / !xxVDO from any talker, with or
without an NMEA 4.10 tag block, receiver metadata after the checksum allowed)
from FILE, or from stdin when FILE is - or absent.

Prints one JSON object per line for each message, in the order messages
complete, with exactly the fields and units of the normalized AIS schema
(type, repeat, mmsi, then per type: lat/lon in degrees to 6 decimals, sog in
knots, cog in degrees, ... as transmitted, "not available" values included).
Multi-sentence messages are reassembled; parts still missing at the end of
the input are refused as missing_fragment. Lines that are not VDM/VDO
sentences (other NMEA, comments, blank lines) are skipped.

Options:
  --errors    also print {"error":"<reason>","lines":[...]} for each refused
              input, in order with the messages. Reasons: bad_checksum,
              missing_checksum, truncated_line, bad_field_count,
              invalid_armor_char, bad_fill_bits, bad_bit_count,
              unknown_msg_type, empty_payload, missing_fragment,
              orphan_fragment, undecodable (also lines over 1024 bytes)
  --all       print every decoded field, not only the normalized ones
              (binary payloads as "bits:hex", texts, type 24 model/serial)
  --stats     print a one-line summary to stderr at the end
  -h, --help  show this help

Exits 0 when the input was read to its end, refused lines or not.
`;

export async function runDecode(argv: string[]): Promise<void> {
  const [format, ...rest] = argv;
  if (format === undefined || format === '-h' || format === '--help') {
    process.stdout.write(DECODE_HELP);
    return;
  }
  // Loaded only when asked for: `decode ais` should not pay for the ADS-B modules.
  if (format === 'adsb') return (await import('./decode-adsb-command.js')).runDecodeAdsb(rest);
  if (format !== 'ais') throw new UsageError(`unknown format "${format}": expected ais or adsb`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      errors: { type: 'boolean' },
      all: { type: 'boolean' },
      stats: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(DECODE_AIS_HELP);
    return;
  }
  if (positionals.length > 1)
    throw new UsageError(`expected one FILE (or -), got ${positionals.length}`);
  const file = positionals[0];
  await decodeAis(file === undefined || file === '-' ? undefined : file, {
    errors: values.errors === true,
    all: values.all === true,
    stats: values.stats === true,
  });
}

interface DecodeAisOptions {
  errors: boolean;
  all: boolean;
  stats: boolean;
}

async function decodeAis(file: string | undefined, options: DecodeAisOptions): Promise<void> {
  const startedMs = performance.now();
  const output = new LineOutput(process.stdout);
  const format = options.all ? formatAisJsonFull : formatAisJson;
  const emit = (r: AisResult): void => {
    if (!isAisRejected(r)) output.line(format(r.message));
    else if (options.errors) output.line(JSON.stringify({ error: r.error, lines: r.lines }));
  };
  const decoder = new AisDecoder();
  const framer = new LineFramer(
    {
      onTooLong: (t: TooLongLine) => {
        decoder.counters.rejected.undecodable++;
        if (options.errors) output.line(JSON.stringify({ error: 'undecodable', lines: [t.head] }));
      },
    },
    (line) => decoder.pushLine(line, 0, emit),
  );

  const input =
    file === undefined ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of input) {
      if (output.closed) break;
      framer.push(chunk as Buffer);
      await output.flush();
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(
      `truceline decode ais: cannot read ${file ?? 'stdin'}: ${e.code ?? e.message}\n`,
    );
    process.exitCode = 1;
    return;
  }
  framer.end();
  decoder.expire(Number.POSITIVE_INFINITY, emit);
  await output.end();
  if (options.stats) {
    const c = decoder.counters;
    let refused = 0;
    const reasons: string[] = [];
    for (const [reason, n] of Object.entries(c.rejected)) {
      if (n === 0) continue;
      refused += n;
      reasons.push(`${reason} ${n}`);
    }
    const ms = Math.round(performance.now() - startedMs);
    process.stderr.write(
      `decode ais: ${c.lines} lines, ${c.messages} messages, ${refused} refused` +
        `${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}, ${ms} ms\n`,
    );
  }
}
