import { describe, expect, it } from 'vitest';
import {
  type AisMessage,
  aisToObservation,
  aisToStatic,
  describeNavStatus,
  describeShipType,
  lookupFlag,
} from './index.js';
import { listMids, midOf } from './mid-table.js';

const T = Date.UTC(2026, 9, 1);
const pos = (over: Partial<Record<string, unknown>>): AisMessage =>
  ({
    type: 1,
    repeat: 0,
    mmsi: 272123456,
    nav_status: 0,
    rot_raw: -128,
    sog: 12.3,
    accuracy: true,
    lon: 30.5,
    lat: 46.25,
    cog: 224.5,
    heading: 224,
    second: 30,
    maneuver: 0,
    raim: false,
    ...over,
  }) as AisMessage;

describe('aisToObservation', () => {
  it('makes a vessel observation with speed, course, heading, status and flag', () => {
    expect(aisToObservation(pos({}), T, 'ais:test')).toEqual({
      trackId: 'mmsi:272123456',
      kind: 'vessel',
      tMs: T,
      lon: 30.5,
      lat: 46.25,
      source: 'ais:test',
      speedKn: 12.3,
      courseDeg: 224.5,
      headingDeg: 224,
      status: 'Under way using engine',
      flag: 'UA',
    });
  });

  it('leaves out speed, course and heading that are not available', () => {
    const o = aisToObservation(pos({ sog: 102.3, cog: 360, heading: 511 }), T, 's');
    expect(o).not.toHaveProperty('speedKn');
    expect(o).not.toHaveProperty('courseDeg');
    expect(o).not.toHaveProperty('headingDeg');
  });

  it('returns null when the position is not available or out of range', () => {
    expect(aisToObservation(pos({ lat: 91, lon: 181 }), T, 's')).toBeNull();
    expect(aisToObservation(pos({ lat: -99.4 }), T, 's')).toBeNull();
    expect(aisToObservation(pos({ lon: 200.2 }), T, 's')).toBeNull();
  });

  it('zero-pads the MMSI of a base station and calls it a ground track', () => {
    const m = { ...(pos({}) as object), type: 4, mmsi: 2_655_619 } as AisMessage;
    expect(aisToObservation(m, T, 's')).toMatchObject({
      trackId: 'mmsi:002655619',
      kind: 'ground',
      flag: 'SE',
    });
  });

  it('gives a SAR aircraft its altitude in feet', () => {
    const m = {
      type: 9,
      repeat: 0,
      mmsi: 111232511,
      alt: 303,
      sog: 42,
      accuracy: false,
      lon: -6.278843,
      lat: 58.144,
      cog: 154.5,
      second: 15,
      dte: 1,
      raim: false,
    } as AisMessage;
    expect(aisToObservation(m, T, 's')).toMatchObject({
      kind: 'aircraft',
      altFt: 994,
      speedKn: 42,
      flag: 'GB',
    });
    expect(
      aisToObservation({ ...m, alt: 4095, sog: 1023 } as AisMessage, T, 's'),
    ).not.toHaveProperty('altFt');
  });

  it('returns null for messages without a position of the sender', () => {
    const m = { type: 5, repeat: 0, mmsi: 272123456 } as AisMessage;
    expect(aisToObservation(m, T, 's')).toBeNull();
  });
});

describe('aisToStatic', () => {
  it('makes a class A static report with length, beam, draught and ship type text', () => {
    const m = {
      type: 5,
      repeat: 0,
      mmsi: 272123456,
      ais_version: 0,
      imo: 9123456,
      callsign: 'UTSB',
      shipname: 'PROBE',
      ship_type: 70,
      to_bow: 100,
      to_stern: 20,
      to_port: 10,
      to_starboard: 8,
      epfd: 1,
      eta_month: 6,
      eta_day: 14,
      eta_hour: 12,
      eta_minute: 30,
      draught: 8.5,
      destination: 'ODESA',
      dte: 0,
    } as AisMessage;
    expect(aisToStatic(m, T, 's')).toEqual({
      trackId: 'mmsi:272123456',
      kind: 'vessel',
      tMs: T,
      source: 's',
      transponder: 'AIS class A',
      name: 'PROBE',
      callsign: 'UTSB',
      type: 'Cargo, all ships of this type',
      imo: 9123456,
      destination: 'ODESA',
      lengthM: 120,
      beamM: 18,
      draughtM: 8.5,
      flag: 'UA',
    });
  });

  it('makes class B reports from each part of a type 24, and an AtoN report from type 21', () => {
    expect(
      aisToStatic({ type: 24, repeat: 0, mmsi: 271041815, partno: 0, shipname: 'PROGUY' }, T, 's'),
    ).toEqual({
      trackId: 'mmsi:271041815',
      kind: 'vessel',
      tMs: T,
      source: 's',
      transponder: 'AIS class B',
      name: 'PROGUY',
      flag: 'TR',
    });
    const b = {
      type: 24,
      repeat: 0,
      mmsi: 271041815,
      partno: 1,
      ship_type: 60,
      vendor_id: '1D00014',
      callsign: 'TC6163',
      to_bow: 0,
      to_stern: 15,
      to_port: 0,
      to_starboard: 5,
      model: 1,
      serial: 2,
    } as AisMessage;
    expect(aisToStatic(b, T, 's')).toMatchObject({
      callsign: 'TC6163',
      type: 'Passenger, all ships of this type',
      lengthM: 15,
      beamM: 5,
    });
    const aton = {
      type: 21,
      repeat: 0,
      mmsi: 993672009,
      aid_type: 14,
      name: 'FORT PIERCE INLET LB 6',
      accuracy: false,
      lon: -80.27,
      lat: 27.47,
      to_bow: 0,
      to_stern: 0,
      to_port: 0,
      to_starboard: 0,
      epfd: 7,
      second: 61,
      off_position: false,
      raim: false,
      virtual_aid: false,
    } as AisMessage;
    expect(aisToStatic(aton, T, 's')).toEqual({
      trackId: 'mmsi:993672009',
      kind: 'ground',
      tMs: T,
      source: 's',
      transponder: 'AIS AtoN',
      name: 'FORT PIERCE INLET LB 6',
      type: 'Beacon, Starboard hand',
      flag: 'US',
    });
  });

  it('returns null for position-only messages', () => {
    expect(aisToStatic(pos({}), T, 's')).toBeNull();
  });
});

describe('lookupFlag', () => {
  it('finds the MID in each MMSI form of ITU-R M.585', () => {
    expect(lookupFlag(272123456)).toEqual({ iso2: 'UA', country: 'Ukraine' });
    expect(lookupFlag(3669702)?.iso2).toBe('US'); // 00MIDxxxx coast station
    expect(lookupFlag(27312345)?.iso2).toBe('RU'); // 0MIDxxxxx group
    expect(lookupFlag(111265591)?.iso2).toBe('SE'); // 111MIDxxx SAR aircraft
    expect(lookupFlag(982191234)?.iso2).toBe('DK'); // 98MIDxxxx auxiliary craft
    expect(lookupFlag(992351234)?.iso2).toBe('GB'); // 99MIDxxxx AtoN
    expect(lookupFlag(827212345)?.iso2).toBe('UA'); // 8MIDxxxxx handheld
  });

  it('has no flag for SART, MOB and EPIRB identities, unallocated MIDs or bad numbers', () => {
    for (const mmsi of [970123456, 972123456, 974123456, 200123456, 1_065_113_482, -1, 1.5])
      expect(lookupFlag(mmsi)).toBeUndefined();
    expect(midOf(970123456)).toBe(-1);
  });

  it('holds every MID once with a two-letter code and a name', () => {
    const mids = listMids();
    expect(mids.length).toBeGreaterThan(280);
    for (const mid of mids) {
      const f = lookupFlag(mid * 1_000_000);
      expect(f?.iso2).toMatch(/^[A-Z]{2}$/);
      expect(f?.country.length).toBeGreaterThan(2);
    }
  });
});

describe('code texts', () => {
  it('describes ship types by the ITU table', () => {
    expect(describeShipType(0)).toBe('Not available');
    expect(describeShipType(30)).toBe('Fishing');
    expect(describeShipType(52)).toBe('Tug');
    expect(describeShipType(84)).toBe('Tanker, hazardous category D');
    expect(describeShipType(99)).toBe('Other type, no additional information');
    expect(describeShipType(25)).toBe('Wing in ground (WIG), reserved for future use');
    expect(describeShipType(150)).toBe('Reserved for regional use');
    expect(describeShipType(10)).toBe('Reserved for future use');
    expect(describeShipType(256)).toBe('Invalid');
  });

  it('describes navigational status 0-15', () => {
    expect(describeNavStatus(1)).toBe('At anchor');
    expect(describeNavStatus(14)).toBe('AIS-SART active');
    expect(describeNavStatus(15)).toBe('Not defined');
    expect(describeNavStatus(16)).toBe('Not defined');
  });
});
