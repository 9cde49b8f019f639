/**
 * Payload decoders of static and voyage data: type 5 (class A) and type 24
 * parts A and B (class B), ITU-R M.1371-5 Annex 8 §3.3. The caller has
 * checked the bit count (decode-payload.ts).
 */
import type {
  AisStaticDataReportA,
  AisStaticDataReportB,
  AisStaticVoyageData,
} from './ais-message.js';
import { readText, readUint } from './payload-bits.js';

/**
 * Type 5, `bits` ≥ 420: many transmitters send 420 or 422 bits instead of
 * 424 (gpsd accepts them too); the DTE bit (422) then reads as 0.
 */
export function decodeStaticVoyageData(b: Uint8Array, bits: number): AisStaticVoyageData {
  return {
    type: 5,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    ais_version: readUint(b, 38, 2),
    imo: readUint(b, 40, 30),
    callsign: readText(b, 70, 7),
    shipname: readText(b, 112, 20),
    ship_type: readUint(b, 232, 8),
    to_bow: readUint(b, 240, 9),
    to_stern: readUint(b, 249, 9),
    to_port: readUint(b, 258, 6),
    to_starboard: readUint(b, 264, 6),
    epfd: readUint(b, 270, 4),
    eta_month: readUint(b, 274, 4),
    eta_day: readUint(b, 278, 5),
    eta_hour: readUint(b, 283, 5),
    eta_minute: readUint(b, 288, 6),
    draught: readUint(b, 294, 8) / 10,
    destination: readText(b, 302, 20),
    dte: bits > 422 ? readUint(b, 422, 1) : 0,
  };
}

/** Type 24 part A (part number 0), `bits` ≥ 160. */
export function decodeStaticDataReportA(b: Uint8Array): AisStaticDataReportA {
  return {
    type: 24,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    partno: 0,
    shipname: readText(b, 40, 20),
  };
}

/** MMSI 98MIDxxxx: a craft associated with a parent ship (ITU-R M.585). */
export function isAuxiliaryCraft(mmsi: number): boolean {
  return mmsi >= 980_000_000 && mmsi < 990_000_000;
}

/** Type 24 part B (part number 1), `bits` ≥ 168. */
export function decodeStaticDataReportB(b: Uint8Array): AisStaticDataReportB {
  const mmsi = readUint(b, 8, 30);
  const head = {
    type: 24 as const,
    repeat: readUint(b, 6, 2),
    mmsi,
    partno: 1 as const,
    ship_type: readUint(b, 40, 8),
    vendor_id: readText(b, 48, 7),
    callsign: readText(b, 90, 7),
  };
  const model = readUint(b, 66, 4);
  const serial = readUint(b, 70, 20);
  if (isAuxiliaryCraft(mmsi)) {
    return { ...head, mothership_mmsi: readUint(b, 132, 30), model, serial };
  }
  return {
    ...head,
    to_bow: readUint(b, 132, 9),
    to_stern: readUint(b, 141, 9),
    to_port: readUint(b, 150, 6),
    to_starboard: readUint(b, 156, 6),
    model,
    serial,
  };
}
