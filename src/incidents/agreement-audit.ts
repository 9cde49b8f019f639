/**
 * What the audit log records of an agreement: enough to tell later which text
 * was in force (its id, versions and the SHA-256 of its canonical JSON),
 * without copying the whole document into every entry.
 *
 * The digest is over RFC 8785 canonical JSON of the agreement as Truceline
 * holds it (src/core/types.ts `Agreement`, the shape the store saves), not
 * over the file's bytes: the same agreement reformatted has the same digest.
 */
import type { Agreement } from '../core/types.js';
import type { AuditDetails } from './audit-chain.js';
import { sha256Hex } from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';

/** SHA-256 (lowercase hex) of the agreement's canonical JSON. */
export function agreementSha256(agreement: Agreement): string {
  return sha256Hex(canonicalJson(agreement));
}

/**
 * `{ agreementId, name, versions, sha256 }`, and the agreement it replaces
 * (`previousAgreementId`, `previousSha256`) when there was one.
 */
export function agreementAuditDetails(agreement: Agreement, previous?: Agreement): AuditDetails {
  const details: AuditDetails = {
    agreementId: agreement.id,
    name: agreement.name,
    versions: agreement.versions.map((v) => v.version),
    sha256: agreementSha256(agreement),
  };
  if (previous !== undefined) {
    details.previousAgreementId = previous.id;
    details.previousSha256 = agreementSha256(previous);
  }
  return details;
}
