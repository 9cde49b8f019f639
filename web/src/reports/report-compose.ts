/**
 * The analysts' compose section: pick a period (UTC; today or yesterday in
 * one click), preview the report it makes, publish it. Publishing signs and
 * publishes for good, so it asks for a preview of the same period first.
 */
import type { PublishReportResponse, ReportPreview } from '../../../src/api/wire-reports.js';
import { createElement } from '../dom.js';
import { ApiFailure, apiJson } from '../session-client.js';
import { renderReportView } from './report-view.js';

const DAY_MS = 86_400_000;

export interface ComposeOptions {
  /** Called with the published report's answer (the page refreshes its list). */
  onPublished(answer: PublishReportResponse): void;
}

export class ReportCompose {
  readonly element: HTMLElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly title: HTMLInputElement;
  private readonly publishButton: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly result: HTMLElement;
  /** The period last previewed: publishing is offered for that one only. */
  private previewed: string | null = null;

  constructor(private readonly opts: ComposeOptions) {
    this.from = input('compose-from', 'datetime-local');
    this.to = input('compose-to', 'datetime-local');
    this.title = input('compose-title', 'text');
    this.title.maxLength = 200;
    this.title.placeholder = 'Default: Daily report YYYY-MM-DD';
    const today = button('compose-today', 'Today', () => this.setDay(0));
    const yesterday = button('compose-yesterday', 'Yesterday', () => this.setDay(-1));
    const preview = button('compose-preview', 'Preview', () => void this.preview());
    this.publishButton = button('compose-publish', 'Publish and sign', () => void this.publish());
    this.publishButton.disabled = true;
    this.status = createElement('p', {
      className: 'compose-status',
      attrs: { id: 'compose-status', role: 'status', 'aria-live': 'polite' },
    });
    this.result = createElement('div', { attrs: { id: 'compose-preview-result' } });
    for (const el of [this.from, this.to]) {
      el.step = '60';
      el.addEventListener('input', () => this.invalidatePreview());
    }
    this.element = createElement(
      'section',
      {
        className: 'report-compose',
        attrs: { id: 'report-compose', 'aria-labelledby': 'compose-h' },
      },
      [
        createElement('h2', { text: 'Write a report', attrs: { id: 'compose-h' } }),
        createElement('p', {
          className: 'report-meta',
          text: 'The report lists the verified incidents whose first evidence falls in the period (UTC, end excluded; at most 31 days), compared with the period of the same length before. Publishing signs it with the mission key, marks its verified incidents published, and cannot be undone.',
        }),
        createElement('div', { className: 'compose-row' }, [
          label('compose-from', 'From (UTC)'),
          this.from,
          label('compose-to', 'To (UTC)'),
          this.to,
          today,
          yesterday,
        ]),
        createElement('div', { className: 'compose-row' }, [
          label('compose-title', 'Title'),
          this.title,
          preview,
          this.publishButton,
        ]),
        this.status,
        this.result,
      ],
    );
    this.setDay(0);
  }

  /** The UTC day `offset` days from today. */
  private setDay(offset: number): void {
    const start = Math.floor(Date.now() / DAY_MS) * DAY_MS + offset * DAY_MS;
    this.from.value = toInputValue(start);
    this.to.value = toInputValue(start + DAY_MS);
    this.invalidatePreview();
  }

  private invalidatePreview(): void {
    this.previewed = null;
    this.publishButton.disabled = true;
  }

  private period(): { fromMs: number; toMs: number } | null {
    const fromMs = fromInputValue(this.from.value);
    const toMs = fromInputValue(this.to.value);
    this.from.setAttribute('aria-invalid', String(Number.isNaN(fromMs)));
    this.to.setAttribute('aria-invalid', String(Number.isNaN(toMs)));
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
      this.status.textContent = 'Give both ends of the period as a date and time (UTC).';
      return null;
    }
    return { fromMs, toMs };
  }

  private async preview(): Promise<void> {
    const p = this.period();
    if (p === null) return;
    this.status.textContent = 'Building the preview…';
    const q = new URLSearchParams({ from: String(p.fromMs), to: String(p.toMs) });
    const title = this.title.value.trim();
    if (title) q.set('title', title);
    try {
      const preview = await apiJson<ReportPreview>(`/api/reports/preview?${q}`);
      this.result.replaceChildren(
        createElement('p', {
          className: 'compose-preview-note',
          text: 'Preview: not published, not signed.',
        }),
        renderReportView(preview.content, { map: { svg: preview.mapSvg }, published: null }),
      );
      this.previewed = `${p.fromMs}/${p.toMs}`;
      this.publishButton.disabled = false;
      this.status.textContent = `Preview of ${preview.content.totals.count} verified incident(s). Publish it when it reads right.`;
    } catch (err) {
      this.showFailure(err);
    }
  }

  private async publish(): Promise<void> {
    const p = this.period();
    if (p === null || this.previewed !== `${p.fromMs}/${p.toMs}`) return;
    this.publishButton.disabled = true;
    this.status.textContent = 'Signing and publishing…';
    const title = this.title.value.trim();
    try {
      const answer = await apiJson<PublishReportResponse>('/api/reports', {
        body: { ...p, ...(title ? { title } : {}) },
      });
      this.previewed = null;
      this.result.replaceChildren();
      const link = createElement('a', {
        text: answer.report.title,
        attrs: {
          id: 'compose-published-link',
          'data-testid': 'compose-published-link',
          href: `/reports.html?id=${encodeURIComponent(answer.report.id)}`,
        },
      });
      this.status.replaceChildren(
        'Published and signed: ',
        link,
        ` (${answer.report.id}, ${answer.newlyPublished} incident(s) newly published).`,
        answer.pdfNote ? ` ${answer.pdfNote}` : '',
      );
      this.opts.onPublished(answer);
    } catch (err) {
      this.showFailure(err);
      this.publishButton.disabled = false;
    }
  }

  private showFailure(err: unknown): void {
    const field = err instanceof ApiFailure ? err.field : undefined;
    if (field === 'fromMs' || field === 'from') this.from.setAttribute('aria-invalid', 'true');
    if (field === 'toMs' || field === 'to') this.to.setAttribute('aria-invalid', 'true');
    if (field === 'title') this.title.setAttribute('aria-invalid', 'true');
    this.status.textContent = `Not done: ${(err as Error).message}`;
  }
}

function input(id: string, type: string): HTMLInputElement {
  return createElement('input', { attrs: { id, type, name: id } });
}

function label(forId: string, text: string): HTMLLabelElement {
  return createElement('label', { text, attrs: { for: forId } });
}

function button(id: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = createElement('button', {
    className: 'report-button',
    text,
    attrs: { type: 'button', id, 'data-testid': id },
  });
  b.addEventListener('click', onClick);
  return b;
}

/** `YYYY-MM-DDTHH:MM` of a UTC time, as datetime-local inputs take it (read as UTC here). */
function toInputValue(tMs: number): string {
  return new Date(tMs).toISOString().slice(0, 16);
}

function fromInputValue(value: string): number {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)
    ? Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`)
    : Number.NaN;
}
