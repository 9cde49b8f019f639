import { describe, expect, it } from 'vitest';
import {
  createSource,
  nameSource,
  parseHostPort,
  parseLatLon,
  SourceListSchema,
} from './source-config.js';
import { createCollectingContext } from './source-test-kit.fixture.js';

describe('parseHostPort', () => {
  it('reads host:port, a name:port and a bracketed IPv6 address', () => {
    expect(parseHostPort('127.0.0.1:10110')).toEqual({ host: '127.0.0.1', port: 10110 });
    expect(parseHostPort('receiver.lan:5631')).toEqual({ host: 'receiver.lan', port: 5631 });
    expect(parseHostPort('[::1]:10110')).toEqual({ host: '::1', port: 10110 });
  });

  it('refuses a missing or out-of-range port and a bare IPv6 address', () => {
    for (const bad of ['127.0.0.1', '127.0.0.1:', ':10110', 'host:70000', '::1:10110', 'a b:1']) {
      expect(parseHostPort(bad), bad).toBeUndefined();
    }
  });
});

describe('nameSource', () => {
  it('uses the given name, else the kind and address', () => {
    expect(nameSource({ type: 'ais-tcp-client', host: 'rx', port: 5631, name: 'north' })).toBe(
      'north',
    );
    expect(nameSource({ type: 'ais-tcp-client', host: 'rx', port: 5631 })).toBe('ais-tcp:rx:5631');
    expect(nameSource({ type: 'ais-tcp-server', port: 5000 })).toBe('ais-listen:127.0.0.1:5000');
    expect(nameSource({ type: 'ais-udp', port: 10110 })).toBe('ais-udp:127.0.0.1:10110');
    expect(nameSource({ type: 'ais-file', path: '/var/log/ais/day.nmea' })).toBe(
      'ais-file:day.nmea',
    );
    expect(nameSource({ type: 'beast-tcp-client', host: 'pi' })).toBe('beast-tcp:pi:30005');
    expect(nameSource({ type: 'avr-tcp-client', host: 'pi', port: 31002 })).toBe(
      'avr-tcp:pi:31002',
    );
    expect(nameSource({ type: 'sbs-tcp-client', host: 'pi' })).toBe('sbs-tcp:pi:30003');
    expect(nameSource({ type: 'adsb-file', path: '/rec/day.beast' })).toBe('adsb-file:day.beast');
  });
});

describe('SourceListSchema', () => {
  it('fills in defaults: listeners on 127.0.0.1, files as fast as possible', () => {
    const list = SourceListSchema.parse([
      { type: 'ais-udp', port: 10110 },
      { type: 'ais-file', path: 'day.nmea' },
    ]);
    expect(list).toEqual([
      { type: 'ais-udp', host: '127.0.0.1', port: 10110 },
      { type: 'ais-file', path: 'day.nmea', replaySpeed: 0 },
    ]);
  });

  it('takes ADS-B receivers on dump1090’s ports unless told otherwise', () => {
    const list = SourceListSchema.parse([
      { type: 'beast-tcp-client', host: '192.0.2.7' },
      { type: 'avr-tcp-client', host: '192.0.2.7' },
      { type: 'sbs-tcp-client', host: '192.0.2.7', receiver: { lat: 59.9, lon: 30.3 } },
      { type: 'adsb-file', path: 'day.beast' },
    ]);
    expect(list).toEqual([
      { type: 'beast-tcp-client', host: '192.0.2.7', port: 30005 },
      { type: 'avr-tcp-client', host: '192.0.2.7', port: 30002 },
      {
        type: 'sbs-tcp-client',
        host: '192.0.2.7',
        port: 30003,
        receiver: { lat: 59.9, lon: 30.3 },
      },
      { type: 'adsb-file', path: 'day.beast', replaySpeed: 0 },
    ]);
    const kit = createCollectingContext();
    expect(createSource(list[0]!, kit.ctx).kind).toBe('beast-tcp-client');
    expect(createSource(list[3]!, kit.ctx).kind).toBe('adsb-file');
  });

  it('names the ADS-B field at fault', () => {
    const issue = (input: unknown) => {
      const r = SourceListSchema.safeParse(input);
      expect(r.success).toBe(false);
      const i = r.error!.issues[0]!;
      return `${i.path.join('.')}: ${i.message}`;
    };
    expect(issue([{ type: 'adsb-file', path: 'x', format: 'json' }])).toMatch(/^0\.format: /);
    expect(
      issue([{ type: 'beast-tcp-client', host: 'pi', receiver: { lat: 91, lon: 0 } }]),
    ).toMatch(/^0\.receiver\.lat: Too big/);
    expect(issue([{ type: 'sbs-tcp-client', host: 'pi', port: 0 }])).toMatch(/^0\.port: Too small/);
  });

  it('names the field at fault', () => {
    const issue = (input: unknown) => {
      const r = SourceListSchema.safeParse(input);
      expect(r.success).toBe(false);
      const i = r.error!.issues[0]!;
      return `${i.path.join('.')}: ${i.message}`;
    };
    expect(issue([{ type: 'ais-tcp-client', host: 'rx', port: 70000 }])).toMatch(
      /^0\.port: Too big/,
    );
    expect(issue([{ type: 'ais-tcp-client', port: 5631 }])).toMatch(/^0\.host: /);
    expect(issue([{ type: 'ais-serial', port: 1 }])).toMatch(/^0\.type: .*ais-tcp-client/);
    expect(issue([{ type: 'ais-udp', port: 1, name: 'bad name' }])).toMatch(/^0\.name: letters/);
  });

  it('refuses two sources with the same id', () => {
    const r = SourceListSchema.safeParse([
      { type: 'ais-udp', port: 10110 },
      { type: 'ais-udp', host: '127.0.0.1', port: 10110 },
    ]);
    expect(r.error?.issues[0]).toMatchObject({
      path: [1, 'name'],
      message: expect.stringContaining('duplicate source "ais-udp:127.0.0.1:10110"'),
    });
  });
});

describe('parseLatLon', () => {
  it('reads LAT,LON in decimal degrees and refuses what is not', () => {
    expect(parseLatLon('59.9,30.3')).toEqual({ lat: 59.9, lon: 30.3 });
    expect(parseLatLon(' -33.9 , 151.2 ')).toEqual({ lat: -33.9, lon: 151.2 });
    for (const bad of ['59.9', '91,0', '0,181', 'a,b', '59.9;30.3']) {
      expect(parseLatLon(bad), bad).toBeUndefined();
    }
  });
});
