/**
 * From payload bits to a message: the type, its bit-count check, and the
 * type's decoder. Returns a reject reason instead of throwing.
 */
import type { AisMessage } from './ais-message.js';
import {
  binarySlotHeaderBits,
  decodeAcknowledge,
  decodeAddressedBinary,
  decodeAssignedMode,
  decodeBinaryMultiSlot,
  decodeBinarySingleSlot,
  decodeBroadcastBinary,
  decodeChannelManagement,
  decodeDataLinkManagement,
  decodeGnssBroadcast,
  decodeGroupAssignment,
  decodeInterrogation,
  decodeSafetyAddressed,
  decodeSafetyBroadcast,
  decodeUtcInquiry,
} from './decode-other.js';
import {
  decodeAidToNavigationReport,
  decodeBaseStationReport,
  decodeClassBExtendedReport,
  decodeClassBPositionReport,
  decodeLongRangeReport,
  decodePositionReport,
  decodeSarAircraftReport,
} from './decode-position.js';
import {
  decodeStaticDataReportA,
  decodeStaticDataReportB,
  decodeStaticVoyageData,
} from './decode-static.js';
import { readUint } from './payload-bits.js';
import type { AisRejectReason } from './reject-reason.js';

/**
 * Fewest payload bits accepted per message type (index = type; 0 = undefined
 * type). At least the end of the last field decoded, and never below what
 * gpsd 3.22 (the corpora's reference decoder) accepts, so a message gpsd
 * refuses as short is refused here too: 163 for 1–3 (the radio field may be
 * cut), 420 for 5 (a common 420/422-bit variant), 168 where gpsd wants a
 * full slot. Longer than nominal is accepted: extra bits are ignored.
 */
const MIN_BITS = Int16Array.from([
  0, // 0: undefined
  163,
  163,
  163, // 1-3: position report class A
  168, // 4: base station report
  420, // 5: static and voyage data
  88, // 6: addressed binary (header)
  72, // 7: binary acknowledge (one station)
  56, // 8: binary broadcast (header)
  168, // 9: SAR aircraft position
  72, // 10: UTC/date inquiry
  168, // 11: UTC/date response
  72, // 12: addressed safety (header)
  72, // 13: safety acknowledge (one station)
  40, // 14: safety broadcast (header)
  88, // 15: interrogation (one request)
  96, // 16: assigned mode (one station)
  80, // 17: DGNSS broadcast (header)
  168, // 18: class B position
  312, // 19: class B extended position
  72, // 20: data link management (one reservation)
  272, // 21: aid-to-navigation (without name extension)
  168, // 22: channel management
  160, // 23: group assignment
  160, // 24: static data report part A (part B: 168)
  40, // 25: single slot binary (then by its flags)
  60, // 26: multiple slot binary (then by its flags)
  96, // 27: long range broadcast
]);

/** Highest message type defined by ITU-R M.1371-5. */
const MAX_TYPE = 27;
/** Type 24 part B: type, vendor, callsign and dimensions end at bit 162; gpsd wants 168. */
const MIN_BITS_24B = 168;

/** Decodes `bits` payload bits packed in `b` (see payload-bits.ts). */
export function decodePayload(b: Uint8Array, bits: number): AisMessage | AisRejectReason {
  if (bits <= 0) return 'empty_payload';
  if (bits < 6) return 'bad_bit_count';
  const t = readUint(b, 0, 6);
  if (t === 0 || t > MAX_TYPE) return 'unknown_msg_type';
  if (bits < MIN_BITS[t]!) return 'bad_bit_count';
  switch (t) {
    case 1:
    case 2:
    case 3:
      return decodePositionReport(b, t);
    case 4:
    case 11:
      return decodeBaseStationReport(b, t);
    case 5:
      return decodeStaticVoyageData(b, bits);
    case 6:
      return decodeAddressedBinary(b, bits);
    case 7:
    case 13:
      return decodeAcknowledge(b, t, bits);
    case 8:
      return decodeBroadcastBinary(b, bits);
    case 9:
      return decodeSarAircraftReport(b);
    case 10:
      return decodeUtcInquiry(b);
    case 12:
      return decodeSafetyAddressed(b, bits);
    case 14:
      return decodeSafetyBroadcast(b, bits);
    case 15:
      return decodeInterrogation(b, bits);
    case 16:
      return decodeAssignedMode(b, bits);
    case 17:
      return decodeGnssBroadcast(b, bits);
    case 18:
      return decodeClassBPositionReport(b);
    case 19:
      return decodeClassBExtendedReport(b);
    case 20:
      return decodeDataLinkManagement(b, bits);
    case 21:
      return decodeAidToNavigationReport(b, bits);
    case 22:
      return decodeChannelManagement(b);
    case 23:
      return decodeGroupAssignment(b);
    case 24: {
      // Part number (bits 38-39): 0 = A, 1 = B; 2 and 3 are not defined.
      const part = readUint(b, 38, 2);
      if (part > 1) return 'undecodable';
      if (part === 0) return decodeStaticDataReportA(b);
      return bits < MIN_BITS_24B ? 'bad_bit_count' : decodeStaticDataReportB(b);
    }
    case 25:
      return bits < binarySlotHeaderBits(b) ? 'bad_bit_count' : decodeBinarySingleSlot(b, bits);
    case 26:
      return bits < binarySlotHeaderBits(b) + 20 ? 'bad_bit_count' : decodeBinaryMultiSlot(b, bits);
    default:
      return decodeLongRangeReport(b);
  }
}
