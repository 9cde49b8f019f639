import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detectAdsbFormat, runDecodeAdsb } from './decode-adsb-command.js';

/** Runs the command in-process on the given input chunks; returns stdout lines. */
async function run(args: string[], chunks: (string | Uint8Array)[]): Promise<string[]> {
  let out = '';
  const stdout = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  const stdin = Readable.from(
    chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : Buffer.from(c))),
  );
  await runDecodeAdsb(args, { stdin, stdout, stderr: stdout, now: () => 1_000 });
  return out.split('\n').filter((l) => l !== '');
}

// The textbook even/odd pair of 40621D, 1 s apart on the 12 MHz counter (odd first)
const PAIR_AVR = [
  '@000000B71B008D40621D58C386435CC412692AD6;',
  '@000001C9C3808D40621D58C382D690C8AC2863A7;',
];

describe('truceline decode adsb (in-process)', () => {
  it('tells Beast, AVR and SBS apart by their first bytes', () => {
    expect(detectAdsbFormat(new Uint8Array([0x1a, 0x33]))).toBe('beast');
    expect(detectAdsbFormat(Buffer.from('\n*8D4840D6'))).toBe('avr');
    expect(detectAdsbFormat(Buffer.from('@030BF1'))).toBe('avr');
    expect(detectAdsbFormat(Buffer.from('MSG,3,1'))).toBe('sbs');
    expect(detectAdsbFormat(Buffer.from('!AIVDM'))).toBeUndefined();
  });

  it('prints one object per message in input order, the pair completing frame with lat and lon', async () => {
    const lines = (await run([], [PAIR_AVR.join('\n')])).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      df: 17,
      icao24: '40621d',
      tc: 11,
      cpr_odd: true,
      mlat_ticks: 12_000_000,
    });
    expect(lines[0].lat).toBeUndefined();
    expect(lines[1]).toMatchObject({
      cpr_odd: false,
      lat: 52.257202,
      lon: 3.919373,
      hex: '8d40621d58c382d690c8ac2863a7',
    });
  });

  it('prints a failed DF17 only with --errors, as {"error":"bad_crc","hex":…}', async () => {
    const bad = '*8D4840D6202CC371C32CE0576099;\n*8D4840D6202CC371C32CE0576098;\n';
    expect(await run([], [bad])).toHaveLength(1);
    const withErrors = await run(['--errors'], [bad]);
    expect(withErrors[0]).toBe('{"error":"bad_crc","hex":"8d4840d6202cc371c32ce0576099"}');
    expect(JSON.parse(withErrors[1]!).callsign).toBe('KLM1023');
    const fixed = await run(['--fix'], [bad]);
    expect(JSON.parse(fixed[0]!)).toMatchObject({ callsign: 'KLM1023', fixed_bit: 111 });
  });

  it('frames Beast split anywhere, and prints Mode A/C only with --modeac', async () => {
    const beast = [
      0x1a,
      0x32,
      0,
      0,
      0,
      0,
      0,
      1,
      50,
      ...Buffer.from('5d484fdea248f5', 'hex'),
      0x1a,
      0x31,
      0,
      0,
      0,
      0,
      0,
      2,
      9,
      0x77,
      0,
    ];
    const bytes = new Uint8Array(beast);
    for (let k = 1; k < bytes.length; k++) {
      const lines = await run([], [bytes.subarray(0, k), bytes.subarray(k)]);
      expect(lines.map((l) => JSON.parse(l).icao24)).toEqual(['484fde']);
    }
    const withModeAc = await run(['--modeac'], [bytes]);
    expect(JSON.parse(withModeAc[1]!)).toEqual({
      modeac: '7700',
      hex: '7700',
      mlat_ticks: 2,
      signal: 9,
    });
  });

  it('prints SBS lines with the README fields, and names the bad field with --errors', async () => {
    const sbs =
      'MSG,4,1,1,400159,1,,,,,,,203,314,,,-640,,,,,\nMSG,4,1,1,40015Z,1,,,,,,,,,,,,,,,,\n';
    const lines = await run(['--errors'], [sbs]);
    expect(JSON.parse(lines[0]!)).toEqual({
      transmission_type: 4,
      icao24: '400159',
      gs_kt: 203,
      track_deg: 314,
      vrate_fpm: -640,
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ error: 'bad_sbs_field', field: 'icao24' });
  });

  it('prints each message of a live feed as its chunk arrives, before the input ends', async () => {
    const lines: string[] = [];
    let gotLine: () => void = () => {};
    const stdout = new Writable({
      write(chunk, _enc, done) {
        lines.push(
          ...String(chunk)
            .split('\n')
            .filter((l) => l !== ''),
        );
        gotLine();
        done();
      },
    });
    const stdin = new PassThrough();
    const running = runDecodeAdsb([], { stdin, stdout, stderr: stdout, now: () => 1_000 });
    const printed = () => new Promise<void>((resolve) => (gotLine = resolve));
    let next = printed();
    stdin.write(`${PAIR_AVR[0]}\n`);
    await next;
    expect(lines).toHaveLength(1);
    next = printed();
    stdin.write(`${PAIR_AVR[1]}\n`);
    await next;
    expect(JSON.parse(lines[1]!)).toMatchObject({ lat: 52.257202, lon: 3.919373 });
    stdin.end();
    await running;
    expect(lines).toHaveLength(2);
  }, 5_000);

  it('counts AVR lines it refuses in --stats, by reason', async () => {
    const lines = await run(
      ['--format', 'avr', '--stats'],
      [
        '!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23\n*8D4840D6202CC371C32CE05760ZZ;\n*8D4840;\n',
        PAIR_AVR[0]!,
      ],
    );
    // stderr goes to the same place here: the stats are the last line.
    const stats = JSON.parse(lines.at(-1)!);
    expect(stats.decoder).toMatchObject({
      decoded: 1,
      rejected: { bad_frame: 1, bad_hex: 1, bad_length: 1 },
    });
  });

  it('refuses an unknown format or an input it cannot place', async () => {
    await expect(run(['--format', 'ais'], [''])).rejects.toThrow(
      /--format: expected one of beast, avr, sbs, got "ais"/,
    );
    await expect(run([], ['!AIVDM,1,1'])).rejects.toThrow(/give --format/);
  });
});

const BIN = resolve(new URL('.', import.meta.url).pathname, '../../bin/truceline');
const BUILT = existsSync(new URL('../../dist/cli/decode-adsb-command.js', import.meta.url));
const DATA = resolve(new URL('.', import.meta.url).pathname, '../../../shared/testdata/adsb/bulk');
const HAVE_DATA = existsSync(join(DATA, 'beastblackbox-ulss7-part1.beast'));

describe.runIf(BUILT && HAVE_DATA)('bin/truceline decode adsb (built)', () => {
  const decode = (args: string[], input?: Buffer) =>
    spawnSync(BIN, ['decode', 'adsb', ...args], {
      input,
      encoding: 'utf8',
      timeout: 30_000,
      maxBuffer: 1 << 26,
    });

  it('prints its help', () => {
    const r = decode(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: truceline decode adsb/);
  });

  it('decodes the Beast capture, the AVR lines with counter and stdin alike', () => {
    const fromFile = decode([join(DATA, 'beastblackbox-ulss7-part1.beast')]);
    expect(fromFile.status).toBe(0);
    const lines = fromFile.stdout.trim().split('\n');
    expect(lines).toHaveLength(5353);
    expect(lines.filter((l) => l.includes('"lat":'))).toHaveLength(902);
    const avr = decode([join(DATA, 'beastblackbox-ulss7-part1.avr-mlat')])
      .stdout.trim()
      .split('\n');
    const strip = (l: string) => l.replace(/,"signal":\d+/, '');
    expect(avr.map(strip)).toEqual(lines.map(strip));
    const piped = decode(['-'], readFileSync(join(DATA, 'beastblackbox-ulss7-part1.beast')));
    expect(piped.stdout).toBe(fromFile.stdout);
  });

  it('ends quietly when its reader goes away', () => {
    const r = spawnSync(
      'sh',
      ['-c', `"${BIN}" decode adsb "${join(DATA, 'beastblackbox-ulss7-part1.beast')}" | head -1`],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('');
  });
});
