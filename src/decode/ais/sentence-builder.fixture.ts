/**
 * Builds AIS sentences for tests: payload bits from (value, width) fields,
 * armoured, split into fragments, wrapped with a correct checksum, and
 * optionally a tag block. Our own fixtures, so unit tests need no corpus.
 */

/** Two's complement `width` bits of `value`, MSB first, as '0'/'1' chars. */
function toBits(value: number, width: number): string {
  if (width === 0) return '';
  const v = value < 0 ? 2 ** width + value : value;
  return v.toString(2).padStart(width, '0').slice(-width);
}

/** Bits of six-bit text, padded with `@` to `chars` chars. */
export function textField(text: string, chars: number): [string] {
  let bits = '';
  for (let i = 0; i < chars; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 64;
    bits += toBits(c >= 64 ? c - 64 : c, 6);
  }
  return [bits];
}

/** Payload bits of fields: [value, width] numbers, or [bits] from textField. */
export function buildBits(fields: ([number, number] | [string])[]): string {
  let bits = '';
  for (const f of fields) bits += f.length === 2 ? toBits(f[0], f[1]) : f[0];
  return bits;
}

/** Armoured payload and fill bits of a bit string. */
export function armor(bits: string): { payload: string; fill: number } {
  const fill = (6 - (bits.length % 6)) % 6;
  const padded = bits + '0'.repeat(fill);
  let payload = '';
  for (let i = 0; i < padded.length; i += 6) {
    const v = Number.parseInt(padded.slice(i, i + 6), 2);
    payload += String.fromCharCode(v < 40 ? v + 48 : v + 56);
  }
  return { payload, fill };
}

/** XOR checksum of a string, two upper-case hex digits. */
export function checksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/** `!` + body + `*hh`. */
export function wrap(body: string): string {
  return `!${body}*${checksum(body)}`;
}

export interface SentenceOptions {
  talker?: string;
  channel?: string;
  seq?: string;
  /** Payload chars per fragment (default: all in one sentence). */
  charsPerFragment?: number;
}

/** The sentences of a message with these payload bits. */
export function buildSentences(bits: string, o: SentenceOptions = {}): string[] {
  const { payload, fill } = armor(bits);
  const per = o.charsPerFragment ?? Math.max(payload.length, 1);
  const parts: string[] = [];
  for (let i = 0; i < payload.length; i += per) parts.push(payload.slice(i, i + per));
  if (parts.length === 0) parts.push('');
  const seq = parts.length > 1 ? (o.seq ?? '1') : (o.seq ?? '');
  return parts.map((p, k) =>
    wrap(
      `${o.talker ?? 'AI'}VDM,${parts.length},${k + 1},${seq},${o.channel ?? 'A'},${p},${
        k === parts.length - 1 ? fill : 0
      }`,
    ),
  );
}

/** A tag block `\body*hh\` to put before a sentence. */
export function tagBlock(body: string): string {
  return `\\${body}*${checksum(body)}\\`;
}

/** Type 1 position report bits with the given values (raw units). */
export function positionReportBits(v: {
  mmsi: number;
  lonRaw: number;
  latRaw: number;
  sogRaw?: number;
  cogRaw?: number;
  heading?: number;
  navStatus?: number;
}): string {
  return buildBits([
    [1, 6],
    [0, 2],
    [v.mmsi, 30],
    [v.navStatus ?? 0, 4],
    [-128, 8],
    [v.sogRaw ?? 1023, 10],
    [1, 1],
    [v.lonRaw, 28],
    [v.latRaw, 27],
    [v.cogRaw ?? 3600, 12],
    [v.heading ?? 511, 9],
    [30, 6],
    [0, 2],
    [0, 3],
    [0, 1],
    [0, 19],
  ]);
}
