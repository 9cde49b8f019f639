import { describe, expect, it } from 'vitest';
import { AircraftTable } from './aircraft-table.js';
import { ModeSDecoder } from './decode-mode-s.js';
import {
  encodeEmergencyStatus,
  encodeIdentification,
  encodeIdentityReply,
  encodePosition,
  extendedSquitter,
  seal,
  setBits,
} from './frames.fixture.js';
import { ModeSMessage } from './mode-s-message.js';

const decoder = new ModeSDecoder();
function msg(bytes: Uint8Array): ModeSMessage {
  const m = new ModeSMessage();
  const reason = decoder.decode(bytes, 0, bytes.length, m);
  if (reason !== null) throw new Error(reason);
  return m;
}

const UA = 0x508123; // Ukraine's block
const T0 = Date.UTC(2026, 9, 1, 12);

describe('AircraftTable', () => {
  it('turns an even/odd pair into an observation with track id, flag, altitude and position', () => {
    const t = new AircraftTable({ source: 'adsb:test' });
    expect(t.update(msg(encodePosition(UA, 33.5, 44.9, false)), T0).observation).toBeUndefined();
    const u = t.update(msg(encodePosition(UA, 33.5, 44.9, true)), T0 + 500);
    expect(u.position).toBe(true);
    expect(u.observation).toMatchObject({
      trackId: 'icao:508123',
      kind: 'aircraft',
      tMs: T0 + 500,
      source: 'adsb:test',
      altFt: 30000,
      flag: 'UA',
    });
    expect(u.observation!.lat).toBeCloseTo(44.9, 4);
    expect(u.observation!.lon).toBeCloseTo(33.5, 4);
    // a lone frame with no partner within 10 s resolves locally against the last position
    const next = t.update(msg(encodePosition(UA, 33.55, 44.9, false)), T0 + 12_000);
    expect(next.observation!.lon).toBeCloseTo(33.55, 4);
    expect(t.counters.positions).toMatchObject({ global: 1, local: 1 });
  });

  it('carries the NIC of the position and the NACp and SIL of the operational status', () => {
    // DF17 TC31 airborne operational status: subtype 0, version 2, NACp 9, SIL 3.
    const status = extendedSquitter(UA, 31);
    const ME = 32;
    setBits(status, ME + 40, 3, 2);
    setBits(status, ME + 44, 4, 9);
    setBits(status, ME + 50, 2, 3);
    const t = new AircraftTable({ source: 'adsb:test' });
    t.update(msg(seal(status)), T0);
    t.update(msg(encodePosition(UA, 33.5, 44.9, false)), T0 + 100);
    const o = t.update(msg(encodePosition(UA, 33.5, 44.9, true)), T0 + 600).observation!;
    expect(o).toMatchObject({ nacP: 9, sil: 3 });
    expect(o.nic).toBeGreaterThanOrEqual(0);
  });

  it('sends a StaticReport when callsign, category or transponder change, not on every message', () => {
    const t = new AircraftTable();
    const first = t.update(msg(encodeIdentification(UA, 'UKN123', 3)), T0).staticReport;
    expect(first).toEqual({
      trackId: 'icao:508123',
      kind: 'aircraft',
      tMs: T0,
      source: 'adsb',
      transponder: 'ADS-B',
      callsign: 'UKN123',
      type: 'A3 large aircraft',
      flag: 'UA',
    });
    expect(
      t.update(msg(encodeIdentification(UA, 'UKN123', 3)), T0 + 1000).staticReport,
    ).toBeUndefined();
    expect(
      t.update(msg(encodeIdentification(UA, 'UKN124', 3)), T0 + 2000).staticReport?.callsign,
    ).toBe('UKN124');
  });

  it('flags emergency squawks and TC28 emergency states in the status of the next observation', () => {
    const t = new AircraftTable();
    t.update(msg(encodeEmergencyStatus(UA, 5, '7500')), T0);
    t.update(msg(encodePosition(UA, 33.5, 44.9, false)), T0 + 100);
    const o = t.update(msg(encodePosition(UA, 33.5, 44.9, true)), T0 + 200).observation!;
    expect([o.squawk, o.status]).toEqual(['7500', 'emergency 7500']);
    const t2 = new AircraftTable();
    t2.update(msg(encodeEmergencyStatus(UA, 4, '2000')), T0);
    t2.update(msg(encodePosition(UA, 33.5, 44.9, false)), T0 + 100);
    expect(t2.update(msg(encodePosition(UA, 33.5, 44.9, true)), T0 + 200).observation!.status).toBe(
      'emergency nordo',
    );
    expect(t2.counters.emergencies).toBe(1);
  });

  it('refuses a pair that would teleport the aircraft, counts it, and follows the next clean pair', () => {
    const t = new AircraftTable();
    t.update(msg(encodePosition(UA, 33.5, 44.9, false)), T0);
    t.update(msg(encodePosition(UA, 33.5, 44.9, true)), T0 + 500);
    // two seconds later, 2° east: 80 NM in 2 s
    t.update(msg(encodePosition(UA, 35.5, 44.9, false)), T0 + 2000);
    const jump = t.update(msg(encodePosition(UA, 35.5, 44.9, true)), T0 + 2500);
    expect(jump.position).toBe(false);
    expect(t.counters.positions.implausible).toBeGreaterThan(0);
    expect(t.get(UA)!.lon).toBeCloseTo(33.5, 4);
    // the old fix is no longer trusted as a reference: a fresh pair decides
    t.update(msg(encodePosition(UA, 35.5, 44.9, false)), T0 + 3000);
    const back = t.update(msg(encodePosition(UA, 35.5, 44.9, true)), T0 + 3500);
    expect(back.position).toBe(true);
    expect(back.lon).toBeCloseTo(35.5, 4);
  });

  it('does not pair frames more than 10 s apart', () => {
    const t = new AircraftTable();
    t.update(msg(encodePosition(UA, 33.5, 44.9, false)), T0);
    expect(t.update(msg(encodePosition(UA, 33.5, 44.9, true)), T0 + 10_001).position).toBe(false);
  });

  it('trusts an address/parity reply only from an address heard with a checked CRC in the last minute', () => {
    const t = new AircraftTable();
    expect(t.update(msg(encodeIdentityReply(UA, '7700')), T0).rejected).toBe('unknown_address');
    t.update(msg(encodeIdentification(UA, 'UKN123', 3)), T0 + 1000);
    const u = t.update(msg(encodeIdentityReply(UA, '7700')), T0 + 2000);
    expect(u.rejected).toBeNull();
    expect(t.findEmergency(t.get(UA)!, T0 + 2000)).toBe('emergency 7700');
    expect(t.update(msg(encodeIdentityReply(UA, '7700')), T0 + 62_000).rejected).toBe(
      'unknown_address',
    );
    expect(t.counters.unknownAddress).toBe(2);
  });

  it('keeps the time each field was set and forgets aircraft after the configured silence', () => {
    const t = new AircraftTable({ expireAfterMs: 30_000 });
    t.update(msg(encodeIdentification(UA, 'UKN123', 3)), T0);
    t.update(msg(encodePosition(UA, 33.5, 44.9, false)), T0 + 5000);
    const a = t.get(UA)!;
    expect(a.fieldAgeMs('callsign', T0 + 6000)).toBe(6000);
    expect(a.fieldAgeMs('altFt', T0 + 6000)).toBe(1000);
    expect(a.fieldAgeMs('squawk', T0 + 6000)).toBe(Number.POSITIVE_INFINITY);
    expect(t.expire(T0 + 30_000)).toEqual([]);
    expect(t.expire(T0 + 35_001)).toEqual(['icao:508123']);
    expect(t.size).toBe(0);
  });

  it('refuses its own misuse at construction with the expected and the given value', () => {
    expect(() => new AircraftTable({ expireAfterMs: 0 })).toThrow(
      /expireAfterMs must be > 0, got 0/,
    );
    expect(() => new AircraftTable({ receiver: { lon: 200, lat: 0 } })).toThrow(
      /lon -180..180, lat -90..90, got 200, 0/,
    );
  });
});
