/** `truceline serve --config FILE`: the file's shape, its errors, and how flags combine with it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeSources, readServeConfigFile } from '../../src/cli/serve-command.js';

const dir = mkdtempSync(join(tmpdir(), 'truceline-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('readServeConfigFile', () => {
  it('reads settings and sources, with paths relative to the file', () => {
    const path = writeConfig('ok.json', {
      port: 9090,
      sim: false,
      silentAfterS: 120,
      data: 'var',
      sources: [
        { type: 'ais-tcp-client', host: '192.0.2.10', port: 5631, name: 'north' },
        { type: 'ais-udp', port: 10110 },
        { type: 'ais-file', path: 'logs/day.nmea', replaySpeed: 10 },
      ],
    });
    const file = readServeConfigFile(path);
    expect(file).toMatchObject({
      port: 9090,
      sim: false,
      silentAfterS: 120,
      data: join(dir, 'var'),
    });
    expect(file.sources).toEqual([
      { type: 'ais-tcp-client', host: '192.0.2.10', port: 5631, name: 'north' },
      { type: 'ais-udp', host: '127.0.0.1', port: 10110 },
      { type: 'ais-file', path: join(dir, 'logs/day.nmea'), replaySpeed: 10 },
    ]);
  });

  it('names the file and the field at fault', () => {
    const cases: [unknown, RegExp][] = [
      [{ sources: [{ type: 'ais-udp', port: 99999 }] }, /sources\.0\.port: Too big/],
      [{ sources: [{ type: 'ais-tcp-client', port: 1 }] }, /sources\.0\.host: /],
      [{ sources: [{ type: 'nmea', port: 1 }] }, /sources\.0\.type: /],
      [{ prot: 8080 }, /prot: unknown setting/],
      [{ sources: [{ type: 'ais-udp', port: 1, colour: 'red' }] }, /sources\.0\.colour: unknown/],
      [{ logLevel: 'loud' }, /logLevel: /],
      ['{ "port": 80, }', /JSON/],
    ];
    cases.forEach(([content, message], i) => {
      const path = writeConfig(`bad-${i}.json`, content);
      expect(() => readServeConfigFile(path)).toThrow(message);
      expect(() => readServeConfigFile(path)).toThrow(`--config ${path}: `);
    });
  });

  it('reads the receiver position and ADS-B sources, recordings relative to the file', () => {
    const path = writeConfig('adsb.json', {
      sim: false,
      receiver: { lat: 59.9, lon: 30.3 },
      sources: [
        { type: 'beast-tcp-client', host: '192.0.2.7', name: 'pi-beast' },
        { type: 'adsb-file', path: 'rec/ulss7.beast', format: 'beast' },
      ],
    });
    const file = readServeConfigFile(path);
    expect(file.receiver).toEqual({ lat: 59.9, lon: 30.3 });
    expect(file.sources).toEqual([
      { type: 'beast-tcp-client', host: '192.0.2.7', port: 30005, name: 'pi-beast' },
      { type: 'adsb-file', path: join(dir, 'rec/ulss7.beast'), format: 'beast', replaySpeed: 0 },
    ]);
    const bad = writeConfig('bad-receiver.json', { receiver: { lat: 59.9, lon: 200 } });
    expect(() => readServeConfigFile(bad)).toThrow(/receiver\.lon: Too big/);
  });

  it('says so when the file is missing', () => {
    expect(() => readServeConfigFile(join(dir, 'nope.json'))).toThrow(
      /--config .*nope\.json: ENOENT/,
    );
  });
});

describe('mergeSources', () => {
  it('adds the flags’ sources to the file’s, a flag replacing a file source of the same id', () => {
    const merged = mergeSources(
      [
        { type: 'ais-udp', port: 10110 },
        { type: 'ais-tcp-client', host: 'rx', port: 5631 },
      ],
      [
        { type: 'ais-udp', host: '127.0.0.1', port: 10110 },
        { type: 'ais-tcp-server', host: '127.0.0.1', port: 5000 },
      ],
    );
    expect(merged).toEqual([
      { type: 'ais-udp', host: '127.0.0.1', port: 10110 },
      { type: 'ais-tcp-client', host: 'rx', port: 5631 },
      { type: 'ais-tcp-server', host: '127.0.0.1', port: 5000 },
    ]);
  });
});
