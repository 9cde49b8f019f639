/**
 * Decoded AIS messages (ITU-R M.1371-5), with the field names and units of
 * the normalized schema (shared/testdata/ais/README.md); where the schema is
 * silent, gpsd's JSON names (AIVDM/AIVDO protocol decoding, gpsd 3.22).
 *
 * Values are as transmitted, scaled only: "not available" stays what the
 * sender meant (lat 91, lon 181, sog 102.3, cog 360, heading 511 …), and a
 * position out of range stays out of range here; aisToObservation is where
 * unusable values are dropped. lat/lon are degrees rounded to 6 decimals.
 * `dte` is 0/1 as gpsd (and the schema's expectations) carry it; other
 * one-bit flags are booleans.
 *
 * Key order is output order: the CLI prints these objects as they are.
 */

interface AisHeader {
  repeat: number;
  mmsi: number;
}

/** Types 1, 2, 3: class A position report. */
export interface AisPositionReport extends AisHeader {
  type: 1 | 2 | 3;
  nav_status: number;
  rot_raw: number;
  sog: number;
  accuracy: boolean;
  lon: number;
  lat: number;
  cog: number;
  heading: number;
  second: number;
  maneuver: number;
  raim: boolean;
}

/** Type 4 (base station report) and 11 (UTC/date response). */
export interface AisBaseStationReport extends AisHeader {
  type: 4 | 11;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  accuracy: boolean;
  lon: number;
  lat: number;
  epfd: number;
  raim: boolean;
}

/** Type 5: class A static and voyage related data. */
export interface AisStaticVoyageData extends AisHeader {
  type: 5;
  ais_version: number;
  imo: number;
  callsign: string;
  shipname: string;
  ship_type: number;
  to_bow: number;
  to_stern: number;
  to_port: number;
  to_starboard: number;
  epfd: number;
  eta_month: number;
  eta_day: number;
  eta_hour: number;
  eta_minute: number;
  draught: number;
  destination: string;
  dte: number;
}

/** Type 6: addressed binary message. `data` is gpsd's `"<bits>:<hex>"` of the application data. */
export interface AisAddressedBinary extends AisHeader {
  type: 6;
  seqno: number;
  dest_mmsi: number;
  retransmit: boolean;
  dac: number;
  fid: number;
  data: string;
}

/** Type 7 (binary acknowledge) and 13 (safety related acknowledge); absent slots are 0. */
export interface AisAcknowledge extends AisHeader {
  type: 7 | 13;
  mmsi1: number;
  mmsi2: number;
  mmsi3: number;
  mmsi4: number;
}

/** Type 8: binary broadcast message. */
export interface AisBroadcastBinary extends AisHeader {
  type: 8;
  dac: number;
  fid: number;
  data: string;
}

/** Type 9: standard SAR aircraft position report (alt in metres, sog in whole knots). */
export interface AisSarAircraftReport extends AisHeader {
  type: 9;
  alt: number;
  sog: number;
  accuracy: boolean;
  lon: number;
  lat: number;
  cog: number;
  second: number;
  dte: number;
  raim: boolean;
}

/** Type 10: UTC/date inquiry. */
export interface AisUtcInquiry extends AisHeader {
  type: 10;
  dest_mmsi: number;
}

/** Type 12: addressed safety related message. */
export interface AisSafetyAddressed extends AisHeader {
  type: 12;
  seqno: number;
  dest_mmsi: number;
  retransmit: boolean;
  text: string;
}

/** Type 14: safety related broadcast message. */
export interface AisSafetyBroadcast extends AisHeader {
  type: 14;
  text: string;
}

/** Type 15: interrogation; absent parts are 0. */
export interface AisInterrogation extends AisHeader {
  type: 15;
  mmsi1: number;
  type1_1: number;
  offset1_1: number;
  type1_2: number;
  offset1_2: number;
  mmsi2: number;
  type2_1: number;
  offset2_1: number;
}

/** Type 16: assigned mode command; an absent second station is 0. */
export interface AisAssignedMode extends AisHeader {
  type: 16;
  mmsi1: number;
  offset1: number;
  increment1: number;
  mmsi2: number;
  offset2: number;
  increment2: number;
}

/** Type 17: DGNSS broadcast binary message (lat/lon of the reference station, 1/10 minute). */
export interface AisGnssBroadcast extends AisHeader {
  type: 17;
  lon: number;
  lat: number;
  data: string;
}

/** Type 18: standard class B position report. */
export interface AisClassBPositionReport extends AisHeader {
  type: 18;
  sog: number;
  accuracy: boolean;
  lon: number;
  lat: number;
  cog: number;
  heading: number;
  second: number;
  cs_unit: boolean;
  display: boolean;
  dsc: boolean;
  band: boolean;
  msg22: boolean;
  raim: boolean;
}

/** Type 19: extended class B position report. */
export interface AisClassBExtendedReport extends AisHeader {
  type: 19;
  sog: number;
  accuracy: boolean;
  lon: number;
  lat: number;
  cog: number;
  heading: number;
  second: number;
  shipname: string;
  ship_type: number;
  to_bow: number;
  to_stern: number;
  to_port: number;
  to_starboard: number;
  epfd: number;
  raim: boolean;
  dte: number;
  assigned: boolean;
}

/** Type 20: data link management; absent reservations are 0. */
export interface AisDataLinkManagement extends AisHeader {
  type: 20;
  offset1: number;
  number1: number;
  timeout1: number;
  increment1: number;
  offset2: number;
  number2: number;
  timeout2: number;
  increment2: number;
  offset3: number;
  number3: number;
  timeout3: number;
  increment3: number;
  offset4: number;
  number4: number;
  timeout4: number;
  increment4: number;
}

/** Type 21: aid-to-navigation report; `name` includes the name extension. */
export interface AisAidToNavigationReport extends AisHeader {
  type: 21;
  aid_type: number;
  name: string;
  accuracy: boolean;
  lon: number;
  lat: number;
  to_bow: number;
  to_stern: number;
  to_port: number;
  to_starboard: number;
  epfd: number;
  second: number;
  off_position: boolean;
  raim: boolean;
  virtual_aid: boolean;
}

/** Type 22: channel management; a broadcast names an area, an addressed one two stations. */
export interface AisChannelManagement extends AisHeader {
  type: 22;
  channel_a: number;
  channel_b: number;
  txrx: number;
  power: boolean;
  addressed: boolean;
  ne_lon?: number;
  ne_lat?: number;
  sw_lon?: number;
  sw_lat?: number;
  dest1?: number;
  dest2?: number;
  band_a: boolean;
  band_b: boolean;
  zonesize: number;
}

/** Type 23: group assignment command. */
export interface AisGroupAssignment extends AisHeader {
  type: 23;
  ne_lon: number;
  ne_lat: number;
  sw_lon: number;
  sw_lat: number;
  stationtype: number;
  ship_type: number;
  txrx: number;
  interval: number;
  quiet: number;
}

/** Type 24 part A: class B static data, name. */
export interface AisStaticDataReportA extends AisHeader {
  type: 24;
  partno: 0;
  shipname: string;
}

/**
 * Type 24 part B: class B static data. `vendor_id` is the 7-char field of
 * M.1371-3 (gpsd's form); M.1371-4 carves `model` and `serial` from its
 * last 4 chars, given too. An auxiliary craft (MMSI 98xxxxxxx) sends its
 * mother ship's MMSI where the others send dimensions.
 */
export interface AisStaticDataReportB extends AisHeader {
  type: 24;
  partno: 1;
  ship_type: number;
  vendor_id: string;
  callsign: string;
  to_bow?: number;
  to_stern?: number;
  to_port?: number;
  to_starboard?: number;
  mothership_mmsi?: number;
  model: number;
  serial: number;
}

/** Type 25: single slot binary message. */
export interface AisBinarySingleSlot extends AisHeader {
  type: 25;
  addressed: boolean;
  structured: boolean;
  dest_mmsi?: number;
  app_id?: number;
  data: string;
}

/** Type 26: multiple slot binary message. */
export interface AisBinaryMultiSlot extends AisHeader {
  type: 26;
  addressed: boolean;
  structured: boolean;
  dest_mmsi?: number;
  app_id?: number;
  data: string;
  radio: number;
}

/** Type 27: long range broadcast (1/10 minute positions, whole knots and degrees). */
export interface AisLongRangeReport extends AisHeader {
  type: 27;
  accuracy: boolean;
  raim: boolean;
  nav_status: number;
  lon: number;
  lat: number;
  sog: number;
  cog: number;
  gnss: boolean;
}

export type AisMessage =
  | AisPositionReport
  | AisBaseStationReport
  | AisStaticVoyageData
  | AisAddressedBinary
  | AisAcknowledge
  | AisBroadcastBinary
  | AisSarAircraftReport
  | AisUtcInquiry
  | AisSafetyAddressed
  | AisSafetyBroadcast
  | AisInterrogation
  | AisAssignedMode
  | AisGnssBroadcast
  | AisClassBPositionReport
  | AisClassBExtendedReport
  | AisDataLinkManagement
  | AisAidToNavigationReport
  | AisChannelManagement
  | AisGroupAssignment
  | AisStaticDataReportA
  | AisStaticDataReportB
  | AisBinarySingleSlot
  | AisBinaryMultiSlot
  | AisLongRangeReport;
