/** Pure questions about an agreement: which version is in force when. */
import type { Agreement, AgreementVersion } from './types.js';

/**
 * The version in force at tMs: the one with the latest `inForceFromMs` not
 * after tMs. Null before the first version enters into force. Versions need
 * not be sorted in the document.
 */
export function findVersionInForce(agreement: Agreement, tMs: number): AgreementVersion | null {
  let best: AgreementVersion | null = null;
  for (const v of agreement.versions) {
    if (v.inForceFromMs <= tMs && (best === null || v.inForceFromMs > best.inForceFromMs)) best = v;
  }
  return best;
}
