/** The incidents part's public face: so far the audit chain and what it records of agreements. */
export { agreementAuditDetails, agreementSha256 } from './agreement-audit.js';
export {
  AUDIT_HASH_PREFIX,
  AUDIT_SUBJECT_TYPES,
  type AuditBreak,
  type AuditBreakKind,
  type AuditChainResult,
  AuditChainVerifier,
  type AuditDetails,
  type AuditEntry,
  type AuditHead,
  type AuditSubjectType,
  auditHashInput,
  chainAuditEntry,
  EMPTY_AUDIT_HEAD,
  GENESIS_HASH,
  hashAuditEntry,
  type NewAuditEntry,
  verifyAuditChain,
} from './audit-chain.js';
export { canonicalJson, type JsonValue } from './canonical-json.js';
