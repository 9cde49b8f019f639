/**
 * Payload decoders of the messages that carry no own-ship position: binary
 * and safety messages, acknowledgements, interrogations and link management
 * (types 6–8, 10, 12–17, 20, 22, 23, 25, 26), ITU-R M.1371-5 Annex 8 §3.3.
 * Headers and documented fields only; application data of binary messages
 * stays binary, as gpsd's `"<bits>:<hex>"`. Parts that a short message leaves
 * out are 0, as gpsd gives them. The caller has checked the bit count.
 */
import type {
  AisAcknowledge,
  AisAddressedBinary,
  AisAssignedMode,
  AisBinaryMultiSlot,
  AisBinarySingleSlot,
  AisBroadcastBinary,
  AisChannelManagement,
  AisDataLinkManagement,
  AisGnssBroadcast,
  AisGroupAssignment,
  AisInterrogation,
  AisSafetyAddressed,
  AisSafetyBroadcast,
  AisUtcInquiry,
} from './ais-message.js';
import { fromTenthMinute } from './decode-position.js';
import { readFlag, readHex, readInt, readText, readUint } from './payload-bits.js';

/** Type 6, `bits` ≥ 88. */
export function decodeAddressedBinary(b: Uint8Array, bits: number): AisAddressedBinary {
  return {
    type: 6,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    seqno: readUint(b, 38, 2),
    dest_mmsi: readUint(b, 40, 30),
    retransmit: readFlag(b, 70),
    dac: readUint(b, 72, 10),
    fid: readUint(b, 82, 6),
    data: readHex(b, 88, bits - 88),
  };
}

/**
 * Types 7 and 13, `bits` ≥ 72: one to four acknowledged stations, 32 bits
 * apart. A station is read when any of its bits was sent (gpsd's rule; the
 * rest read as 0).
 */
export function decodeAcknowledge(b: Uint8Array, t: 7 | 13, bits: number): AisAcknowledge {
  return {
    type: t,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    mmsi1: readUint(b, 40, 30),
    mmsi2: bits > 72 ? readUint(b, 72, 30) : 0,
    mmsi3: bits > 104 ? readUint(b, 104, 30) : 0,
    mmsi4: bits > 136 ? readUint(b, 136, 30) : 0,
  };
}

/** Type 8, `bits` ≥ 56. */
export function decodeBroadcastBinary(b: Uint8Array, bits: number): AisBroadcastBinary {
  return {
    type: 8,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    dac: readUint(b, 40, 10),
    fid: readUint(b, 50, 6),
    data: readHex(b, 56, bits - 56),
  };
}

/** Type 10, `bits` ≥ 70. */
export function decodeUtcInquiry(b: Uint8Array): AisUtcInquiry {
  return {
    type: 10,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    dest_mmsi: readUint(b, 40, 30),
  };
}

/** Type 12, `bits` ≥ 72: text in the whole six-bit chars after the header. */
export function decodeSafetyAddressed(b: Uint8Array, bits: number): AisSafetyAddressed {
  return {
    type: 12,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    seqno: readUint(b, 38, 2),
    dest_mmsi: readUint(b, 40, 30),
    retransmit: readFlag(b, 70),
    text: readText(b, 72, ((bits - 72) / 6) | 0),
  };
}

/** Type 14, `bits` ≥ 40. */
export function decodeSafetyBroadcast(b: Uint8Array, bits: number): AisSafetyBroadcast {
  return {
    type: 14,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    text: readText(b, 40, ((bits - 40) / 6) | 0),
  };
}

/** Type 15, `bits` ≥ 88: one station with one or two requests, or two stations. */
export function decodeInterrogation(b: Uint8Array, bits: number): AisInterrogation {
  // As gpsd: a part is read when any of its bits was sent.
  const second = bits > 90;
  const third = bits > 110;
  return {
    type: 15,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    mmsi1: readUint(b, 40, 30),
    type1_1: readUint(b, 70, 6),
    offset1_1: readUint(b, 76, 12),
    type1_2: second ? readUint(b, 90, 6) : 0,
    offset1_2: second ? readUint(b, 96, 12) : 0,
    mmsi2: third ? readUint(b, 110, 30) : 0,
    type2_1: third ? readUint(b, 140, 6) : 0,
    offset2_1: third ? readUint(b, 146, 12) : 0,
  };
}

/** Type 16, `bits` ≥ 92: one or two stations. */
export function decodeAssignedMode(b: Uint8Array, bits: number): AisAssignedMode {
  const two = bits >= 144;
  return {
    type: 16,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    mmsi1: readUint(b, 40, 30),
    offset1: readUint(b, 70, 12),
    increment1: readUint(b, 82, 10),
    mmsi2: two ? readUint(b, 92, 30) : 0,
    offset2: two ? readUint(b, 122, 12) : 0,
    increment2: two ? readUint(b, 134, 10) : 0,
  };
}

/** Type 17, `bits` ≥ 80: position of the DGNSS reference station, then its corrections. */
export function decodeGnssBroadcast(b: Uint8Array, bits: number): AisGnssBroadcast {
  return {
    type: 17,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    lon: fromTenthMinute(readInt(b, 40, 18)),
    lat: fromTenthMinute(readInt(b, 58, 17)),
    data: readHex(b, 80, bits - 80),
  };
}

/** Type 20, `bits` ≥ 70: one to four slot reservations of 30 bits from bit 40. */
export function decodeDataLinkManagement(b: Uint8Array, bits: number): AisDataLinkManagement {
  const n = ((bits - 40) / 30) | 0;
  const u = (k: number, off: number, len: number) =>
    k < n ? readUint(b, 40 + 30 * k + off, len) : 0;
  return {
    type: 20,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    offset1: u(0, 0, 12),
    number1: u(0, 12, 4),
    timeout1: u(0, 16, 3),
    increment1: u(0, 19, 11),
    offset2: u(1, 0, 12),
    number2: u(1, 12, 4),
    timeout2: u(1, 16, 3),
    increment2: u(1, 19, 11),
    offset3: u(2, 0, 12),
    number3: u(2, 12, 4),
    timeout3: u(2, 16, 3),
    increment3: u(2, 19, 11),
    offset4: u(3, 0, 12),
    number4: u(3, 12, 4),
    timeout4: u(3, 16, 3),
    increment4: u(3, 19, 11),
  };
}

/** Type 22, `bits` ≥ 145: a broadcast names an area (1/10 minute), an addressed one two stations. */
export function decodeChannelManagement(b: Uint8Array): AisChannelManagement {
  const head = {
    type: 22 as const,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    channel_a: readUint(b, 40, 12),
    channel_b: readUint(b, 52, 12),
    txrx: readUint(b, 64, 4),
    power: readFlag(b, 68),
  };
  const tail = {
    band_a: readFlag(b, 140),
    band_b: readFlag(b, 141),
    zonesize: readUint(b, 142, 3),
  };
  if (readFlag(b, 139)) {
    return {
      ...head,
      addressed: true,
      dest1: readUint(b, 69, 30),
      dest2: readUint(b, 104, 30),
      ...tail,
    };
  }
  return {
    ...head,
    addressed: false,
    ne_lon: fromTenthMinute(readInt(b, 69, 18)),
    ne_lat: fromTenthMinute(readInt(b, 87, 17)),
    sw_lon: fromTenthMinute(readInt(b, 104, 18)),
    sw_lat: fromTenthMinute(readInt(b, 122, 17)),
    ...tail,
  };
}

/** Type 23, `bits` ≥ 154. */
export function decodeGroupAssignment(b: Uint8Array): AisGroupAssignment {
  return {
    type: 23,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    ne_lon: fromTenthMinute(readInt(b, 40, 18)),
    ne_lat: fromTenthMinute(readInt(b, 58, 17)),
    sw_lon: fromTenthMinute(readInt(b, 75, 18)),
    sw_lat: fromTenthMinute(readInt(b, 93, 17)),
    stationtype: readUint(b, 110, 4),
    ship_type: readUint(b, 114, 8),
    txrx: readUint(b, 144, 2),
    interval: readUint(b, 146, 4),
    quiet: readUint(b, 150, 4),
  };
}

/** Bits of the header of a type 25/26 message: 40, plus a destination and an application id when flagged. */
export function binarySlotHeaderBits(b: Uint8Array): number {
  return 40 + (readFlag(b, 38) ? 30 : 0) + (readFlag(b, 39) ? 16 : 0);
}

/** The header both binary slot messages (25, 26) share, and where their data starts. */
function readBinarySlotHeader(b: Uint8Array) {
  const addressed = readFlag(b, 38);
  const structured = readFlag(b, 39);
  const head = binarySlotHeaderBits(b);
  return {
    head,
    fields: {
      repeat: readUint(b, 6, 2),
      mmsi: readUint(b, 8, 30),
      addressed,
      structured,
      dest_mmsi: addressed ? readUint(b, 40, 30) : undefined,
      app_id: structured ? readUint(b, head - 16, 16) : undefined,
    },
  };
}

/** Type 25, `bits` ≥ binarySlotHeaderBits. */
export function decodeBinarySingleSlot(b: Uint8Array, bits: number): AisBinarySingleSlot {
  const { head, fields } = readBinarySlotHeader(b);
  return { type: 25, ...fields, data: readHex(b, head, bits - head) };
}

/** Type 26, `bits` ≥ binarySlotHeaderBits + 20: the last 20 bits are the radio status. */
export function decodeBinaryMultiSlot(b: Uint8Array, bits: number): AisBinaryMultiSlot {
  const { head, fields } = readBinarySlotHeader(b);
  return {
    type: 26,
    ...fields,
    data: readHex(b, head, bits - head - 20),
    radio: readUint(b, bits - 20, 20),
  };
}
