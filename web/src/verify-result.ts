/**
 * One checked file, as the Verify panel shows it: the verdict in a sentence
 * ("Valid: signed by the mission key … at … (…)" or "NOT valid: why"), then
 * what was checked, and a short preview of the content so the reader knows
 * which report it was.
 */
import { createElement } from './dom.js';
import { formatUtcDateTime } from './format.js';
import type { FileVerdict, Preview } from './verify-files.js';

/** What each failure means to someone who is not a cryptographer. */
const FAILURE_HINTS = {
  malformed: 'Not a signed report in a format this page knows, or its signature is missing.',
  unknown_key:
    'Another key signed it: an older key of the mission, another mission, or a forgery. It was not signed with the key this server publishes.',
  payload_changed: 'The content is not what was signed: it was changed after signing.',
  bad_signature:
    'The signature does not match: a signed field (the time, the type or a digest) was edited, or the key id was rewritten.',
} as const;

/** `open`: the preview shows unfolded (one file checked); folded among several. */
export function renderVerdict(v: FileVerdict, open: boolean): HTMLLIElement {
  const o = v.outcome;
  const verdict = o.ok
    ? `Valid: signed by the mission key ${o.keyId} at ${formatUtcDateTime(Date.parse(o.signedAt))} (${o.payloadType})`
    : `NOT valid: ${o.reason}`;
  const files =
    v.signatureName && v.signatureName !== v.name ? `${v.name} + ${v.signatureName}` : v.name;
  return createElement(
    'li',
    {
      className: `verify-item ${o.ok ? 'is-valid' : 'is-invalid'}`,
      attrs: {
        'data-verdict': o.ok ? 'valid' : 'invalid',
        'data-failure': o.ok ? '' : o.failure,
        'data-file': v.name,
      },
    },
    [
      createElement('p', { className: 'verify-file', text: files }),
      createElement('p', { className: 'verify-verdict' }, splitDigests(verdict)),
      o.ok
        ? null
        : createElement('p', { className: 'verify-hint', text: FAILURE_HINTS[o.failure] }),
      v.note ? createElement('p', { className: 'verify-hint', text: v.note }) : null,
      renderFacts(v),
      v.preview ? renderPreview(v.preview, o.ok, open) : null,
    ],
  );
}

function renderFacts(v: FileVerdict): HTMLElement | null {
  const rows: [string, string][] = [];
  if (v.payloadType) rows.push(['Payload type', v.payloadType]);
  if (v.signedAt) rows.push([v.outcome.ok ? 'Signed at' : 'Says signed at', v.signedAt]);
  if (v.sha256) rows.push(['SHA-256', v.sha256]);
  if (rows.length === 0) return null;
  return createElement(
    'dl',
    { className: 'verify-facts' },
    rows.flatMap(([term, value]) => [
      createElement('dt', { text: term }),
      createElement('dd', { text: value }),
    ]),
  );
}

/** SHA-256 digests in a reason set apart (and lighter) than the words around them. */
function splitDigests(text: string): (string | HTMLElement)[] {
  return text
    .split(/([0-9a-f]{64})/)
    .map((part, i) =>
      i % 2 === 1 ? createElement('code', { className: 'verify-digest', text: part }) : part,
    );
}

function renderPreview(p: Preview, valid: boolean, open: boolean): HTMLElement {
  const caption = valid ? 'Content' : 'Content as found (not verified)';
  if (p.kind === 'binary') {
    return createElement('p', {
      className: 'verify-note',
      text: `${caption}: ${p.sizeBytes.toLocaleString('en-US')} bytes, not text.`,
    });
  }
  return createElement(
    'details',
    { className: 'verify-preview', attrs: open ? { open: '' } : {} },
    [
      createElement('summary', {
        text: `${caption}${p.kind === 'json' ? ' (JSON)' : ''}${p.truncated ? ', beginning' : ''}`,
      }),
      createElement('pre', { text: p.truncated ? `${p.text}\n…` : p.text }),
    ],
  );
}
