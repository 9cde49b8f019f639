/**
 * A decoded message as one line of JSON in the normalized schema
 * (shared/testdata/ais/README.md): the `expected` objects of the corpora,
 * field for field. What the schema does not normalize (binary application
 * data, texts, interrogation and link-management fields, type 24
 * model/serial) is left out; formatAisJsonFull keeps it.
 *
 * Why by hand and not JSON.stringify: printing is most of what `decode ais`
 * does once the decoder is fast. The types that make up a real feed are
 * written from templates, decimals from scaled integers (V8's shortest
 * double-to-string is slow) and no replacer arrays (JSON.stringify's slow
 * path). normalized-json.test.ts checks every corpus message against
 * JSON.stringify of the same fields.
 */
import type { AisMessage } from './ais-message.js';

/** Type 24 keys in the schema; the other fields (model, serial, mothership) are not. */
const TYPE_24_FIELDS = [
  'partno',
  'shipname',
  'ship_type',
  'vendor_id',
  'callsign',
  'to_bow',
  'to_stern',
  'to_port',
  'to_starboard',
] as const;

/** Types whose schema is their header alone (type, repeat, mmsi). */
const HEADER_ONLY = new Set([10, 12, 14, 15, 16, 20, 22, 23, 25, 26]);

/** PAD[k] is k zeros: left padding of fractional digits. */
const PAD = ['', '0', '00', '000', '0000', '00000'];

/**
 * A number with at most `digits` decimals (lat/lon 6, sog/cog/draught 1), as
 * JSON that parses back to the same double.
 */
function formatDecimal(x: number, digits: 1 | 6): string {
  const scale = digits === 6 ? 1e6 : 10;
  const n = Math.round(x * scale);
  const a = n < 0 ? -n : n;
  const i = Math.floor(a / scale);
  let f = a - i * scale;
  const sign = n < 0 ? '-' : '';
  if (f === 0) return `${sign}${i}`;
  let d: number = digits;
  while (f % 10 === 0) {
    f /= 10;
    d--;
  }
  const fs = `${f}`;
  return `${sign}${i}.${PAD[d - fs.length]}${fs}`;
}

const f1 = (x: number) => formatDecimal(x, 1);
const f6 = (x: number) => formatDecimal(x, 6);
const str = (s: string) => JSON.stringify(s);

/** The normalized schema's JSON of a message (no newline). */
export function formatAisJson(m: AisMessage): string {
  const h = `{"type":${m.type},"repeat":${m.repeat},"mmsi":${m.mmsi}`;
  switch (m.type) {
    case 1:
    case 2:
    case 3:
      return `${h},"nav_status":${m.nav_status},"rot_raw":${m.rot_raw},"sog":${f1(m.sog)},"accuracy":${m.accuracy},"lon":${f6(m.lon)},"lat":${f6(m.lat)},"cog":${f1(m.cog)},"heading":${m.heading},"second":${m.second},"maneuver":${m.maneuver},"raim":${m.raim}}`;
    case 4:
    case 11:
      return `${h},"year":${m.year},"month":${m.month},"day":${m.day},"hour":${m.hour},"minute":${m.minute},"second":${m.second},"accuracy":${m.accuracy},"lon":${f6(m.lon)},"lat":${f6(m.lat)},"epfd":${m.epfd},"raim":${m.raim}}`;
    case 5:
      return `${h},"ais_version":${m.ais_version},"imo":${m.imo},"callsign":${str(m.callsign)},"shipname":${str(m.shipname)},"ship_type":${m.ship_type},"to_bow":${m.to_bow},"to_stern":${m.to_stern},"to_port":${m.to_port},"to_starboard":${m.to_starboard},"epfd":${m.epfd},"eta_month":${m.eta_month},"eta_day":${m.eta_day},"eta_hour":${m.eta_hour},"eta_minute":${m.eta_minute},"draught":${f1(m.draught)},"destination":${str(m.destination)},"dte":${m.dte}}`;
    case 6:
      return `${h},"seqno":${m.seqno},"dest_mmsi":${m.dest_mmsi},"retransmit":${m.retransmit},"dac":${m.dac},"fid":${m.fid}}`;
    case 8:
      return `${h},"dac":${m.dac},"fid":${m.fid}}`;
    case 17:
      return `${h},"lon":${f6(m.lon)},"lat":${f6(m.lat)}}`;
    case 18:
      return `${h},"sog":${f1(m.sog)},"accuracy":${m.accuracy},"lon":${f6(m.lon)},"lat":${f6(m.lat)},"cog":${f1(m.cog)},"heading":${m.heading},"second":${m.second},"cs_unit":${m.cs_unit},"display":${m.display},"dsc":${m.dsc},"band":${m.band},"msg22":${m.msg22},"raim":${m.raim}}`;
    case 24: {
      let s = h;
      const fields = m as unknown as Record<string, string | number | undefined>;
      for (const k of TYPE_24_FIELDS) {
        const v = fields[k];
        if (v !== undefined) s += `,"${k}":${typeof v === 'string' ? str(v) : v}`;
      }
      return `${s}}`;
    }
    default:
      // 7, 9, 13, 19, 21, 27: the decoded message is the schema exactly.
      return HEADER_ONLY.has(m.type) ? `${h}}` : JSON.stringify(m);
  }
}

/** Every decoded field, the schema's and gpsd-named extras (no newline). */
export function formatAisJsonFull(m: AisMessage): string {
  return JSON.stringify(m);
}
