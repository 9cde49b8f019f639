/**
 * Builds AIS NMEA sentences for tests: position reports (type 1) and static
 * and voyage data (type 5), armoured and checksummed as a receiver sends
 * them, optionally behind an NMEA 4.10 tag block. An encoder, for fixtures
 * only: the decoder under src/decode is what the tests exercise.
 */

class BitWriter {
  readonly bits: number[] = [];

  /** `value` in `width` bits, two's complement when negative. */
  put(value: number, width: number): void {
    const v = value < 0 ? 2 ** width + value : value;
    for (let i = width - 1; i >= 0; i--) this.bits.push(Math.floor(v / 2 ** i) % 2);
  }

  /** Six-bit ASCII (ITU-R M.1371 table 47), padded with `@`. */
  putText(text: string, chars: number): void {
    const s = text.toUpperCase().padEnd(chars, '@').slice(0, chars);
    for (const ch of s) {
      const c = ch.charCodeAt(0);
      this.put(c >= 64 ? c - 64 : c, 6);
    }
  }
}

function armour(bits: readonly number[]): { payload: string; fillBits: number } {
  const fillBits = (6 - (bits.length % 6)) % 6;
  const all = [...bits, ...new Array<number>(fillBits).fill(0)];
  let payload = '';
  for (let i = 0; i < all.length; i += 6) {
    let v = 0;
    for (let j = 0; j < 6; j++) v = v * 2 + all[i + j]!;
    payload += String.fromCharCode(v < 40 ? v + 48 : v + 56);
  }
  return { payload, fillBits };
}

/** XOR of the characters, as two upper-case hex digits. */
export function computeNmeaChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

function wrapSentences(
  bits: readonly number[],
  channel: string,
  seqId: number | undefined,
): string[] {
  const { payload, fillBits } = armour(bits);
  const parts: string[] = [];
  for (let i = 0; i < payload.length; i += 60) parts.push(payload.slice(i, i + 60));
  return parts.map((part, i) => {
    const last = i === parts.length - 1;
    const seq = parts.length > 1 ? String(seqId ?? 1) : '';
    const body = `AIVDM,${parts.length},${i + 1},${seq},${channel},${part},${last ? fillBits : 0}`;
    return `!${body}*${computeNmeaChecksum(body)}`;
  });
}

export interface PositionFields {
  mmsi: number;
  lon: number;
  lat: number;
  speedKn?: number;
  courseDeg?: number;
  headingDeg?: number;
  /** Navigational status code (0 under way using engine). */
  status?: number;
  /** UTC second of the report. */
  second?: number;
  channel?: string;
}

/** One `!AIVDM` sentence: a class A position report (type 1). */
export function encodePositionReport(f: PositionFields): string {
  const w = new BitWriter();
  w.put(1, 6); // message type
  w.put(0, 2); // repeat indicator
  w.put(f.mmsi, 30);
  w.put(f.status ?? 0, 4);
  w.put(-128, 8); // rate of turn: not available
  w.put(Math.round((f.speedKn ?? 0) * 10), 10);
  w.put(1, 1); // position accuracy: high
  w.put(Math.round(f.lon * 600_000), 28);
  w.put(Math.round(f.lat * 600_000), 27);
  w.put(Math.round((f.courseDeg ?? 0) * 10), 12);
  w.put(f.headingDeg ?? 511, 9);
  w.put(f.second ?? 60, 6);
  w.put(0, 2); // manoeuvre
  w.put(0, 3); // spare
  w.put(0, 1); // RAIM
  w.put(0, 19); // radio status
  return wrapSentences(w.bits, f.channel ?? 'A', undefined)[0]!;
}

export interface VoyageFields {
  mmsi: number;
  imo?: number;
  callsign: string;
  name: string;
  /** Ship and cargo type code (70 cargo, 80 tanker, …). */
  shipType: number;
  toBowM: number;
  toSternM: number;
  toPortM: number;
  toStarboardM: number;
  draughtM: number;
  destination: string;
  channel?: string;
  seqId?: number;
}

/** Two `!AIVDM` sentences: static and voyage related data (type 5). */
export function encodeStaticVoyage(f: VoyageFields): string[] {
  const w = new BitWriter();
  w.put(5, 6);
  w.put(0, 2);
  w.put(f.mmsi, 30);
  w.put(0, 2); // AIS version
  w.put(f.imo ?? 0, 30);
  w.putText(f.callsign, 7);
  w.putText(f.name, 20);
  w.put(f.shipType, 8);
  w.put(f.toBowM, 9);
  w.put(f.toSternM, 9);
  w.put(f.toPortM, 6);
  w.put(f.toStarboardM, 6);
  w.put(1, 4); // EPFD: GPS
  w.put(0, 4); // ETA month: not available
  w.put(0, 5);
  w.put(24, 5);
  w.put(60, 6);
  w.put(Math.round(f.draughtM * 10), 8);
  w.putText(f.destination, 20);
  w.put(0, 1); // DTE ready
  w.put(0, 1); // spare
  return wrapSentences(w.bits, f.channel ?? 'A', f.seqId);
}

/** `\s:source,c:unixSeconds*hh\` in front of a sentence (NMEA 4.10 tag block). */
export function addTagBlock(sentence: string, tag: { source?: string; timeMs?: number }): string {
  const fields: string[] = [];
  if (tag.source !== undefined) fields.push(`s:${tag.source}`);
  if (tag.timeMs !== undefined) fields.push(`c:${Math.floor(tag.timeMs / 1000)}`);
  const body = fields.join(',');
  return `\\${body}*${computeNmeaChecksum(body)}\\${sentence}`;
}

/** The sentence with its checksum wrong (flips the last hex digit). */
export function breakChecksum(sentence: string): string {
  const last = sentence.at(-1)!;
  return sentence.slice(0, -1) + (last === '0' ? '1' : '0');
}

/** A vessel of our own for tests: Liberian flag (MID 636), cargo. */
export const TEST_VESSEL = {
  mmsi: 636_012_345,
  imo: 9_319_466,
  callsign: 'D5AB7',
  name: 'NORTHERN STAR',
  shipType: 70,
  toBowM: 150,
  toSternM: 30,
  toPortM: 14,
  toStarboardM: 14,
  draughtM: 9.4,
  destination: 'CONSTANTA',
} as const satisfies VoyageFields;
