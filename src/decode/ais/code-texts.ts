/**
 * Texts of AIS code fields, as data: ship and cargo type, navigational status
 * and aid-to-navigation type (ITU-R M.1371-5 Annex 8, Tables for message 5,
 * 1 and 21; wording after the Recommendation, as gpsd prints it).
 */

/** Navigational status 0–15 (message 1–3 and 27). */
const NAV_STATUS = [
  'Under way using engine',
  'At anchor',
  'Not under command',
  'Restricted manoeuvrability',
  'Constrained by her draught',
  'Moored',
  'Aground',
  'Engaged in fishing',
  'Under way sailing',
  'Reserved for HSC',
  'Reserved for WIG',
  'Power-driven vessel towing astern',
  'Power-driven vessel pushing ahead or towing alongside',
  'Reserved',
  'AIS-SART active',
  'Not defined',
] as const;

export function describeNavStatus(code: number): string {
  return NAV_STATUS[code] ?? 'Not defined';
}

/** Second digit of ship types 20–29, 40–49, 60–99: hazardous category or none. */
const CATEGORY = [
  'all ships of this type',
  'hazardous category A',
  'hazardous category B',
  'hazardous category C',
  'hazardous category D',
  'reserved for future use',
  'reserved for future use',
  'reserved for future use',
  'reserved for future use',
  'no additional information',
] as const;

/** Ship types 30–39 and 50–59 name a kind of ship each. */
const SPECIAL: Record<number, string> = {
  30: 'Fishing',
  31: 'Towing',
  32: 'Towing, length exceeds 200 m or breadth exceeds 25 m',
  33: 'Dredging or underwater operations',
  34: 'Diving operations',
  35: 'Military operations',
  36: 'Sailing',
  37: 'Pleasure craft',
  38: 'Reserved for future use',
  39: 'Reserved for future use',
  50: 'Pilot vessel',
  51: 'Search and rescue vessel',
  52: 'Tug',
  53: 'Port tender',
  54: 'Anti-pollution equipment',
  55: 'Law enforcement',
  56: 'Spare, local vessel',
  57: 'Spare, local vessel',
  58: 'Medical transport',
  59: 'Noncombatant ship (RR Resolution No. 18)',
};

/** First digit of ship types 20–99 whose second digit is a category. */
const KIND_BY_TENS: Record<number, string> = {
  2: 'Wing in ground (WIG)',
  4: 'High speed craft (HSC)',
  6: 'Passenger',
  7: 'Cargo',
  8: 'Tanker',
  9: 'Other type',
};

/** Ship and cargo type 0–255 (message 5, 19, 24) as text. */
export function describeShipType(code: number): string {
  if (!Number.isInteger(code) || code < 0 || code > 255) return 'Invalid';
  if (code === 0) return 'Not available';
  if (code < 20) return 'Reserved for future use';
  if (code >= 100) return code < 200 ? 'Reserved for regional use' : 'Reserved for future use';
  const special = SPECIAL[code];
  if (special !== undefined) return special;
  return `${KIND_BY_TENS[Math.floor(code / 10)]}, ${CATEGORY[code % 10]}`;
}

/** Aid-to-navigation type 0–31 (message 21). */
const AID_TYPE = [
  'Not specified',
  'Reference point',
  'RACON',
  'Fixed structure off shore',
  'Spare',
  'Light, without sectors',
  'Light, with sectors',
  'Leading light front',
  'Leading light rear',
  'Beacon, Cardinal N',
  'Beacon, Cardinal E',
  'Beacon, Cardinal S',
  'Beacon, Cardinal W',
  'Beacon, Port hand',
  'Beacon, Starboard hand',
  'Beacon, Preferred channel port hand',
  'Beacon, Preferred channel starboard hand',
  'Beacon, Isolated danger',
  'Beacon, Safe water',
  'Beacon, Special mark',
  'Cardinal mark N',
  'Cardinal mark E',
  'Cardinal mark S',
  'Cardinal mark W',
  'Port hand mark',
  'Starboard hand mark',
  'Preferred channel port hand',
  'Preferred channel starboard hand',
  'Isolated danger',
  'Safe water',
  'Special mark',
  'Light vessel / LANBY / rigs',
] as const;

export function describeAidType(code: number): string {
  return AID_TYPE[code] ?? 'Not specified';
}
