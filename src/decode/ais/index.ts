/**
 * AIS (NMEA 0183 !xxVDM / !xxVDO) decoding: the public face.
 *
 *   LineFramer (../line-framer.ts) -> AisDecoder.pushLine -> AisDecoded | AisRejected
 *     -> aisToObservation / aisToStatic
 *
 * Pure: no I/O, no clock (receive times are passed in).
 */
export type {
  AisDecoded,
  AisDecoderOptions,
  AisRejected,
  AisResult,
  AisTagBlock,
} from './ais-decoder.js';
export { AisDecoder, isAisRejected } from './ais-decoder.js';
export type * from './ais-message.js';
export { describeAidType, describeNavStatus, describeShipType } from './code-texts.js';
export { lookupFlag } from './mid-table.js';
export { formatAisJson, formatAisJsonFull } from './normalized-json.js';
export { AIS_REJECT_REASONS, type AisRejectReason } from './reject-reason.js';
export { aisToObservation, aisToStatic } from './to-observation.js';
