/**
 * The analyst's moves on one incident: only those its state allows are
 * shown, each sends the reason typed in the one reason box (and, for
 * verify, the confidence chosen). Merge takes other incidents' ids; split
 * takes the evidence ticked in the evidence list.
 */
import type {
  Confidence,
  EvidenceRef,
  Incident,
  IncidentBody,
  IncidentsChangedBody,
} from '../../../src/api/wire-incidents.js';
import { createElement } from '../dom.js';
import { ApiFailure, apiJson } from '../session-client.js';
import { CONFIDENCE_LABELS } from './incident-labels.js';

export interface ActionContext {
  incident: Incident;
  username: string;
  /** The evidence ticked for a split. */
  chosenEvidence(): EvidenceRef[];
  /** After a move: show the incident (this one, or another by id) as it now is. */
  done(showId: string): void;
}

interface Action {
  id: string;
  label: string;
  /** Shown in these states only. */
  when: (i: Incident, username: string) => boolean;
  run: (ctx: ActionContext, form: ActionForm) => Promise<string>;
}

interface ActionForm {
  reason: string;
  confidence: Confidence | '';
  mergeIds: string[];
}

const workable = (i: Incident) =>
  (i.state === 'open' || i.state === 'under_review') && i.mergedInto === null;

const ACTIONS: Action[] = [
  {
    id: 'action-review',
    label: 'Take under review',
    when: (i) => i.state === 'open',
    run: (ctx, f) => move(ctx, 'review', f.reason === '' ? {} : { reason: f.reason }),
  },
  {
    id: 'action-verify',
    label: 'Verify',
    when: (i) => i.state === 'under_review',
    run: (ctx, f) => move(ctx, 'verify', { confidence: f.confidence, reason: f.reason }),
  },
  {
    id: 'action-dismiss',
    label: 'Dismiss',
    when: workable,
    run: (ctx, f) => move(ctx, 'dismiss', { reason: f.reason }),
  },
  {
    id: 'action-reopen',
    label: 'Reopen',
    when: (i) => (i.state === 'verified' || i.state === 'dismissed') && i.mergedInto === null,
    run: (ctx, f) => move(ctx, 'reopen', { reason: f.reason }),
  },
  {
    id: 'action-assign-me',
    label: 'Assign to me',
    when: (i, me) => i.state !== 'published' && i.mergedInto === null && i.assignee !== me,
    run: (ctx, f) =>
      move(ctx, 'assign', {
        assignee: ctx.username,
        ...(f.reason === '' ? {} : { reason: f.reason }),
      }),
  },
  {
    id: 'action-unassign',
    label: 'Unassign',
    when: (i) => i.state !== 'published' && i.assignee !== null && i.mergedInto === null,
    run: (ctx, f) =>
      move(ctx, 'assign', { assignee: null, ...(f.reason === '' ? {} : { reason: f.reason }) }),
  },
  {
    id: 'action-note',
    label: 'Add note',
    when: () => true,
    run: (ctx, f) => move(ctx, 'note', { text: f.reason }),
  },
  {
    id: 'action-split',
    label: 'Split ticked evidence off',
    when: workable,
    run: async (ctx, f) => {
      const body = await apiJson<IncidentsChangedBody>(`${path(ctx)}/split`, {
        body: { evidence: ctx.chosenEvidence(), reason: f.reason },
      });
      return body.incidents[1]?.id ?? ctx.incident.id;
    },
  },
  {
    id: 'action-merge',
    label: 'Merge these into this one',
    when: workable,
    run: async (ctx, f) => {
      await apiJson<IncidentsChangedBody>('/api/incidents/merge', {
        body: { targetId: ctx.incident.id, sourceIds: f.mergeIds, reason: f.reason },
      });
      return ctx.incident.id;
    },
  },
];

export function renderActions(ctx: ActionContext): HTMLElement {
  const { incident } = ctx;
  const reason = createElement('textarea', {
    attrs: {
      id: 'action-reason',
      rows: '3',
      maxlength: '2000',
      placeholder: 'Why (required to verify, dismiss, reopen, merge, split; the text of a note)',
    },
  });
  const confidence = createElement('select', { attrs: { id: 'action-confidence' } }, [
    createElement('option', { text: 'Confidence…', attrs: { value: '' } }),
    ...(Object.entries(CONFIDENCE_LABELS) as [Confidence, string][]).map(([value, label]) =>
      createElement('option', { text: label, attrs: { value } }),
    ),
  ]);
  const mergeIds = createElement('input', {
    attrs: { id: 'merge-ids', type: 'text', placeholder: 'INC-000012, INC-000015' },
  });
  const error = createElement('p', {
    className: 'inc-error',
    attrs: { id: 'action-error', role: 'alert' },
  });
  const buttons = ACTIONS.filter((a) => a.when(incident, ctx.username)).map((a) => {
    const button = createElement('button', { text: a.label, attrs: { type: 'button', id: a.id } });
    button.addEventListener('click', async () => {
      error.textContent = '';
      for (const b of buttons) b.disabled = true;
      try {
        const showId = await a.run(ctx, {
          reason: reason.value.trim(),
          confidence: confidence.value as Confidence | '',
          mergeIds: mergeIds.value
            .split(/[\s,]+/)
            .map((s) => s.trim())
            .filter(Boolean),
        });
        ctx.done(showId);
      } catch (err) {
        error.textContent = err instanceof ApiFailure ? err.message : String(err);
        for (const b of buttons) b.disabled = false;
      }
    });
    return button;
  });
  const showsVerify = buttons.some((b) => b.id === 'action-verify');
  const showsMerge = buttons.some((b) => b.id === 'action-merge');
  return createElement(
    'section',
    { className: 'inc-actions', attrs: { id: 'incident-actions', 'aria-label': 'Actions' } },
    [
      createElement('h2', { text: 'Actions' }),
      createElement('label', { className: 'inc-field', text: 'Reason or note' }, [reason]),
      showsVerify
        ? createElement('label', { className: 'inc-field', text: 'Confidence (to verify)' }, [
            confidence,
          ])
        : null,
      showsMerge
        ? createElement(
            'label',
            { className: 'inc-field', text: 'Incidents to merge into this one' },
            [mergeIds],
          )
        : null,
      createElement('div', { className: 'inc-buttons' }, buttons),
      error,
    ],
  );
}

function path(ctx: ActionContext): string {
  return `/api/incidents/${encodeURIComponent(ctx.incident.id)}`;
}

async function move(
  ctx: ActionContext,
  action: string,
  body: Record<string, unknown>,
): Promise<string> {
  await apiJson<IncidentBody>(`${path(ctx)}/${action}`, { body });
  return ctx.incident.id;
}
