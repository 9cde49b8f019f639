import { describe, expect, it } from 'vitest';
import { parseSbsLine } from './sbs-line.js';

const POSITION =
  'MSG,3,1,1,4CA2D6,1,2026/10/01,10:00:00.500,2026/10/01,10:00:00.510,,35000,,,44.123456,33.5,,,0,,0,0';

describe('parseSbsLine', () => {
  it('reads a position line to the README fields with the generation time as UTC', () => {
    expect(parseSbsLine(POSITION)).toEqual({
      ok: true,
      msg: {
        transmission_type: 3,
        icao24: '4ca2d6',
        generated_ms: Date.UTC(2026, 9, 1, 10, 0, 0, 500),
        altitude_ft: 35000,
        lat: 44.123456,
        lon: 33.5,
        alert: false,
        spi: false,
        is_on_ground: false,
      },
    });
  });

  it('reads identity, velocity and squawk lines; -1 flags are true; trailing callsign spaces go', () => {
    const id = parseSbsLine(
      'MSG,1,1,1,424263,1,2018/04/03,19:02:28.521,2018/04/03,19:02:28.521,UTA470  ,,,,,,,,,,,0',
    );
    expect(id.ok && id.msg.callsign).toBe('UTA470');
    const v = parseSbsLine('MSG,4,1,1,400159,1,,,,,,,203,314.5,,,-640,,,,,');
    expect(v.ok && [v.msg.gs_kt, v.msg.track_deg, v.msg.vrate_fpm]).toEqual([203, 314.5, -640]);
    const sq = parseSbsLine('MSG,6,1,1,400159,1,,,,,,,,,,,,7700,-1,-1,0,');
    expect(sq.ok && [sq.msg.squawk, sq.msg.alert, sq.msg.emergency, sq.msg.spi]).toEqual([
      '7700',
      true,
      true,
      false,
    ]);
  });

  it('names the field that does not parse', () => {
    const field = (line: string) => {
      const r = parseSbsLine(line);
      return r.ok ? 'ok' : r.field;
    };
    expect(field('MSG,3,1,1,4CA2D6,1')).toBe('field_count');
    expect(field(POSITION.replace('MSG,3', 'SEL,3'))).toBe('message_type');
    expect(field(POSITION.replace('MSG,3', 'MSG,9'))).toBe('transmission_type');
    expect(field(POSITION.replace('4CA2D6', '4CA2DZ'))).toBe('icao24');
    expect(field(POSITION.replace('35000', '35k'))).toBe('altitude_ft');
    expect(field(POSITION.replace('44.123456', '91'))).toBe('lat');
    expect(field(POSITION.replace(',33.5,', ',,'))).toBe('lon');
    expect(field('MSG,6,1,1,400159,1,,,,,,,,,,,,7780,0,0,0,')).toBe('squawk');
    expect(field('MSG,6,1,1,400159,1,,,,,,,,,,,,7700,2,0,0,')).toBe('alert');
  });
});
