/**
 * A decoded message in the field names and units of the test-data README
 * (shared/testdata/adsb/README.md): the JSON the CLI prints and the shape the
 * conformance tests compare. Absent fields are left out.
 */
import { formatSquawk } from './altitude-codes.js';
import {
  EMERGENCY_STATES,
  type EmergencyState,
  formatIcao,
  type ModeSMessage,
} from './mode-s-message.js';

export interface AdsbRecord {
  df: number;
  icao24: string;
  crc_ok: boolean;
  /** Bit repaired by single-bit error correction. */
  fixed_bit?: number;
  /** DF18 CF 1/5 or TIS-B IMF: not an ICAO 24-bit address. */
  non_icao?: boolean;
  capability?: number;
  cf?: number;
  /** DF11 interrogator code (II/SI) recovered from the parity. */
  iid?: number;
  flight_status?: number;
  alert?: boolean;
  spi?: boolean;
  is_on_ground?: boolean;
  tc?: number;
  tc_subtype?: number;
  altitude_ft?: number;
  altitude_type?: 'baro' | 'gnss';
  callsign?: string;
  category?: string;
  squawk?: string;
  emergency?: EmergencyState;
  cpr_odd?: boolean;
  cpr_lat?: number;
  cpr_lon?: number;
  cpr_surface?: boolean;
  nic_b?: number;
  gs_kt?: number;
  track_deg?: number;
  vrate_fpm?: number;
  vrate_source?: 'gnss' | 'baro';
  heading_deg?: number;
  tas_kt?: number;
  ias_kt?: number;
  gnss_baro_diff_ft?: number;
  adsb_version?: number;
  nic_a?: number;
  nac_p?: number;
  sil?: number;
  sil_supplement?: number;
  gva?: number;
  nic_baro?: number;
}

/** FS values with the alert flag (2, 3, 4) and with SPI (4, 5). */
const FS_ALERT = [false, false, true, true, true, false, false, false];
const FS_SPI = [false, false, false, false, true, true, false, false];

export function buildAdsbRecord(m: ModeSMessage): AdsbRecord {
  const r: AdsbRecord = { df: m.df, icao24: formatIcao(m.icao), crc_ok: m.crcOk };
  if (m.fixedBit >= 0) r.fixed_bit = m.fixedBit;
  if (m.nonIcao) r.non_icao = true;
  if (m.ca >= 0) r.capability = m.ca;
  if (m.cf >= 0) r.cf = m.cf;
  if (m.iid >= 0) r.iid = m.iid;
  if (m.fs >= 0) {
    r.flight_status = m.fs;
    r.alert = FS_ALERT[m.fs]!;
    r.spi = FS_SPI[m.fs]!;
  }
  if (m.onGround >= 0) r.is_on_ground = m.onGround === 1;
  if (m.tc >= 0) r.tc = m.tc;
  if (m.st >= 0) r.tc_subtype = m.st;
  if (!Number.isNaN(m.altFt)) {
    r.altitude_ft = m.altFt;
    r.altitude_type = m.altGnss ? 'gnss' : 'baro';
  }
  if (m.callsign !== '') r.callsign = m.callsign;
  if (m.category !== '') r.category = m.category;
  if (m.squawk >= 0) r.squawk = formatSquawk(m.squawk);
  if (m.emergency >= 0) r.emergency = EMERGENCY_STATES[m.emergency]!;
  if (m.cprType !== 0) {
    r.cpr_odd = m.cprOdd;
    r.cpr_lat = m.cprLat;
    r.cpr_lon = m.cprLon;
    if (m.cprType === 2) r.cpr_surface = true;
  }
  if (m.nicB >= 0) r.nic_b = m.nicB;
  if (!Number.isNaN(m.gsKt)) r.gs_kt = m.gsKt;
  if (!Number.isNaN(m.trackDeg)) r.track_deg = m.trackDeg;
  if (!Number.isNaN(m.vrateFpm)) {
    r.vrate_fpm = m.vrateFpm;
    r.vrate_source = m.vrateBaro === 1 ? 'baro' : 'gnss';
  }
  if (!Number.isNaN(m.headingDeg)) r.heading_deg = m.headingDeg;
  if (!Number.isNaN(m.tasKt)) r.tas_kt = m.tasKt;
  if (!Number.isNaN(m.iasKt)) r.ias_kt = m.iasKt;
  if (!Number.isNaN(m.gnssBaroDiffFt)) r.gnss_baro_diff_ft = m.gnssBaroDiffFt;
  if (m.adsbVersion >= 0) r.adsb_version = m.adsbVersion;
  if (m.nicA >= 0) r.nic_a = m.nicA;
  if (m.nacP >= 0) r.nac_p = m.nacP;
  if (m.sil >= 0) r.sil = m.sil;
  if (m.silSupplement >= 0) r.sil_supplement = m.silSupplement;
  if (m.gva >= 0) r.gva = m.gva;
  if (m.nicBaro >= 0) r.nic_baro = m.nicBaro;
  return r;
}
