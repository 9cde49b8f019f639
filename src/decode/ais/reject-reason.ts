/**
 * Why an AIS input was refused: the reasons of the normalized schema
 * (shared/testdata/ais/README.md). A refused input is data, never a throw.
 *
 * Order of the checks, first failure wins (a line can break several rules;
 * the earliest names the cause a receiver would most likely have):
 *
 *  1. tag block: unterminated `\…` → truncated_line (a tag block failing
 *     its own checksum is dropped as untrusted, the sentence still decoded);
 *  2. sentence trailer: no `*` → truncated_line when the sentence stops before
 *     a one-digit fill-bits field (cut mid-line), else missing_checksum; `*`
 *     with fewer than two characters after it → truncated_line;
 *  3. checksum (covers every later field, so a corrupted line fails here first)
 *     → bad_checksum;
 *  4. field count other than 7 → bad_field_count;
 *  5. fragment count or number not one digit → undecodable; numbering that
 *     cannot make a whole message (count 0, number 0 or above count) →
 *     missing_fragment;
 *  6. fill bits not one digit 0–5 → bad_fill_bits;
 *  7. payload character outside the armour alphabet → invalid_armor_char;
 *  8. reassembly: a later fragment without its first → orphan_fragment; a
 *     message whose remaining fragments never come → missing_fragment;
 *  9. no payload bits at all → empty_payload;
 * 10. fewer than 6 bits (no type) → bad_bit_count; type 0 or 28–63 →
 *     unknown_msg_type; fewer bits than the type's fields need → bad_bit_count
 *     (a type 24 part number other than A/B → undecodable, checked first).
 */

export const AIS_REJECT_REASONS = [
  'bad_checksum',
  'missing_checksum',
  'truncated_line',
  'bad_field_count',
  'invalid_armor_char',
  'bad_fill_bits',
  'bad_bit_count',
  'unknown_msg_type',
  'empty_payload',
  'missing_fragment',
  'orphan_fragment',
  'undecodable',
] as const;

export type AisRejectReason = (typeof AIS_REJECT_REASONS)[number];

/** A counter for every reason, all at zero. */
export function createRejectCounters(): Record<AisRejectReason, number> {
  const counts = {} as Record<AisRejectReason, number>;
  for (const r of AIS_REJECT_REASONS) counts[r] = 0;
  return counts;
}
