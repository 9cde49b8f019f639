import { describe, expect, it } from 'vitest';
import { nameSource, parseHostPort, SourceListSchema } from './source-config.js';

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
