/**
 * Builders for field report tests: a valid input and the smallest files each
 * accepted photo type is recognised by. Not a test file itself.
 */
import type { FieldReportInput } from './field-report-types.js';

export const NOW_MS = Date.UTC(2026, 11, 1, 12, 0, 0);

export function makeReportInput(more: Partial<FieldReportInput> = {}): FieldReportInput {
  return {
    id: crypto.randomUUID(),
    observedMs: NOW_MS - 10 * 60_000,
    lon: 33.52,
    lat: 45.07,
    category: 'shelling',
    count: 4,
    bearingDeg: 45.5,
    distanceM: 2500,
    text: 'Four impacts north-east of the checkpoint.',
    ...more,
  };
}

/** A 1×1 PNG: the signature and an IHDR, enough to be sniffed. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

/** JPEG start of image and an APP0 marker, then filler. */
export const JPEG_BYTES = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0photo of a crater'),
]);

/** RIFF, a size, WEBP, then filler. */
export const WEBP_BYTES = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x20, 0, 0, 0]),
  Buffer.from('WEBPVP8 and some bytes'),
]);

export const GIF_BYTES = Buffer.from('GIF89a\x01\x00\x01\x00');
