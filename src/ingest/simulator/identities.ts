/**
 * Plausible identities for generated traffic: MMSIs with real maritime
 * identification digits (MID), ICAO 24-bit addresses from real national
 * blocks, airline-style callsigns and ship names. Drawn from a seeded stream,
 * so a seed always names the same fleet.
 */
import { drawInteger, pickItem, type Random } from '../../core/random.js';

export interface VesselIdentity {
  trackId: string;
  name: string;
  /** Radio callsign, starting with the flag state's ITU prefix. */
  callsign: string;
  /** ISO 3166 alpha-2 of the flag state the MID stands for. */
  flag: string;
}

export interface AircraftIdentity {
  trackId: string;
  callsign: string;
  /** ISO 3166 alpha-2 of the state whose address block holds the ICAO address. */
  flag: string;
}

/** MID (ITU-R M.585 maritime identification digits), flag, ITU callsign prefix. */
const FLAGS = [
  { mid: 272, flag: 'UA', prefix: 'UR' },
  { mid: 271, flag: 'TR', prefix: 'TC' },
  { mid: 256, flag: 'MT', prefix: '9H' },
  { mid: 248, flag: 'MT', prefix: '9H' },
  { mid: 636, flag: 'LR', prefix: 'D5' },
  { mid: 538, flag: 'MH', prefix: 'V7' },
  { mid: 240, flag: 'GR', prefix: 'SV' },
  { mid: 264, flag: 'RO', prefix: 'YO' },
  { mid: 207, flag: 'BG', prefix: 'LZ' },
  { mid: 352, flag: 'PA', prefix: '3E' },
  { mid: 373, flag: 'PA', prefix: 'H3' },
] as const;

const NAME_FIRST = [
  'AEGEAN',
  'PONTIC',
  'DANUBE',
  'MARMARA',
  'NORDIC',
  'GOLDEN',
  'BLUE',
  'OCEAN',
  'SEA',
  'CAPE',
  'STAR',
  'ANATOLIAN',
  'EUXINE',
  'SILVER',
] as const;
const NAME_SECOND = [
  'STAR',
  'SPIRIT',
  'TRADER',
  'PIONEER',
  'GRACE',
  'HORIZON',
  'VOYAGER',
  'CARRIER',
  'FORTUNE',
  'BREEZE',
  'QUEEN',
  'EXPRESS',
  'WAVE',
  'GLORY',
] as const;
const NAME_SUFFIX = ['', '', '', ' I', ' II', ' III', ' 7', ' 21'] as const;

/** Airline ICAO designator and the national address block its fleet is registered in. */
const AIRLINES = [
  { code: 'THY', flag: 'TR', lo: 0x4b8000, hi: 0x4bffff },
  { code: 'PGT', flag: 'TR', lo: 0x4b8000, hi: 0x4bffff },
  { code: 'SXS', flag: 'TR', lo: 0x4b8000, hi: 0x4bffff },
  { code: 'ROT', flag: 'RO', lo: 0x4a0000, hi: 0x4a7fff },
  { code: 'WZZ', flag: 'HU', lo: 0x470000, hi: 0x477fff },
  { code: 'LOT', flag: 'PL', lo: 0x488000, hi: 0x48ffff },
  { code: 'AUI', flag: 'UA', lo: 0x508000, hi: 0x50ffff },
  { code: 'DLH', flag: 'DE', lo: 0x3c0000, hi: 0x3fffff },
  { code: 'LZB', flag: 'BG', lo: 0x450000, hi: 0x457fff },
] as const;

const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

export function drawVesselIdentity(rand: Random): VesselIdentity {
  const f = pickItem(rand, FLAGS);
  const mmsi = f.mid * 1_000_000 + drawInteger(rand, 100_000, 999_999);
  const base = `${pickItem(rand, NAME_FIRST)} ${pickItem(rand, NAME_SECOND)}`;
  const suffix = pickItem(rand, NAME_SUFFIX);
  // AIS carries at most 20 characters of name.
  const name = base.length + suffix.length <= 20 ? base + suffix : base;
  const callsign = `${f.prefix}${pickItem(rand, LETTERS)}${drawInteger(rand, 100, 9999)}`;
  return { trackId: `mmsi:${mmsi}`, name, callsign, flag: f.flag };
}

export function drawAircraftIdentity(rand: Random): AircraftIdentity {
  const a = pickItem(rand, AIRLINES);
  const icao = drawInteger(rand, a.lo, a.hi).toString(16).padStart(6, '0');
  return {
    trackId: `icao:${icao}`,
    callsign: `${a.code}${drawInteger(rand, 1, 9999)}`,
    flag: a.flag,
  };
}
