/**
 * ADS-B / Mode S decoding: Beast, AVR and SBS-1 input; CRC, address
 * recovery and the Mode S / extended squitter fields; CPR; an aircraft table
 * that turns messages into Observations and StaticReports. Pure: no I/O, and
 * time is always passed in.
 */
export { type AdsbRecord, buildAdsbRecord } from './adsb-record.js';
export { describeCategory } from './aircraft-category.js';
export type { PositionCounters } from './aircraft-position.js';
export { type AircraftField, AircraftState, type Transponder } from './aircraft-state.js';
export {
  AircraftTable,
  type AircraftTableCounters,
  type AircraftTableOptions,
  type AircraftUpdate,
  EMERGENCY_SQUAWKS,
} from './aircraft-table.js';
export { decodeModeAcCode, formatSquawk } from './altitude-codes.js';
export { AvrFrame, parseAvrLine } from './avr-line.js';
export {
  BEAST_MODE_AC,
  BEAST_MODE_S_LONG,
  BEAST_MODE_S_SHORT,
  BEAST_STATUS,
  type BeastCounters,
  BeastFrame,
  type BeastFrameHandler,
  BeastFramer,
  type BeastProblem,
} from './beast-framer.js';
export {
  CPR_BAD,
  CPR_OK,
  CPR_ZONE_MISMATCH,
  type CprPosition,
  computeNl,
  decodeCprAirborne,
  decodeCprRelative,
  decodeCprSurface,
} from './cpr.js';
export { computeResidual } from './crc24.js';
export {
  createCounters,
  decodeModeSHex,
  type ModeSCounters,
  ModeSDecoder,
  type ModeSDecoderOptions,
  type ModeSResult,
} from './decode-mode-s.js';
export { findRegistrationCountry } from './icao-blocks.js';
export {
  type AdsbRejectReason,
  EMERGENCY_STATES,
  type EmergencyState,
  formatHex,
  formatIcao,
  ModeSMessage,
} from './mode-s-message.js';
export { parseSbsLine, type SbsRecord, type SbsResult } from './sbs-line.js';
