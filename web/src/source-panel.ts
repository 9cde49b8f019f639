/**
 * The sources panel: every feed with its state, rate, last message age,
 * rejects (by reason on expand) and drops; and, when a feed is silent or
 * failing, a red badge in the header and a warning line above the list, so
 * an analyst never mistakes an empty sea for a dead receiver.
 */
import type { SourceHealth, SourceState } from '../../src/api/wire.js';
import { createElement } from './dom.js';
import { formatAge } from './format.js';

export interface SourcePanelElements {
  list: HTMLElement;
  warning: HTMLElement;
  badge: HTMLElement;
  note: HTMLElement;
}

const STATE_LABELS: Record<SourceState, string> = {
  connecting: 'connecting',
  connected: 'connected',
  listening: 'listening',
  reconnecting: 'reconnecting',
  running: 'running',
  finished: 'finished',
  stopped: 'stopped',
  error: 'error',
};

const KIND_LABELS: Record<SourceHealth['kind'], string> = {
  'ais-tcp-client': 'AIS TCP',
  'ais-tcp-server': 'AIS TCP in',
  'ais-udp': 'AIS UDP',
  'ais-file': 'AIS file',
  'beast-tcp-client': 'ADS-B Beast',
  'avr-tcp-client': 'ADS-B AVR',
  'sbs-tcp-client': 'ADS-B SBS',
  'adsb-file': 'ADS-B file',
  simulator: 'Simulator',
};

/**
 * Is this source in trouble an analyst must see? The server judges
 * `failing` (in error, or unable to reach its receiver for 10 s: shorter
 * drops, a receiver restarting, do not flash the alarm).
 */
export function isSourceAlarming(s: SourceHealth): boolean {
  return s.silent || s.failing;
}

export class SourcePanel {
  /** Sources whose reject breakdown is open: kept across re-renders. */
  private readonly expanded = new Set<string>();

  constructor(private readonly els: SourcePanelElements) {}

  /** `serverTimeMs` is when the health was taken: ages are judged by the server's clock. */
  update(sources: readonly SourceHealth[], serverTimeMs: number): void {
    const alarming = sources.filter((s) => isSourceAlarming(s));
    this.renderWarning(alarming);
    this.els.note.textContent = sources.length === 0 ? '' : `${sources.length}`;
    this.els.list.replaceChildren(
      ...(sources.length === 0
        ? [createElement('li', { className: 'empty-note', text: 'No sources configured.' })]
        : sources.map((s) => this.renderRow(s, serverTimeMs))),
    );
  }

  private renderWarning(alarming: readonly SourceHealth[]): void {
    const { warning, badge } = this.els;
    warning.hidden = alarming.length === 0;
    badge.hidden = alarming.length === 0;
    if (alarming.length === 0) {
      warning.textContent = '';
      return;
    }
    const silent = alarming.filter((s) => s.silent && !s.failing);
    const failing = alarming.filter((s) => s.failing);
    const parts: string[] = [];
    if (silent.length > 0) parts.push(`silent: ${silent.map((s) => s.id).join(', ')}`);
    if (failing.length > 0) {
      parts.push(
        `failing: ${failing.map((s) => (s.lastError ? `${s.id} (${s.lastError})` : s.id)).join(', ')}`,
      );
    }
    warning.textContent = `Source ${parts.join('; ')}`;
    const n = alarming.length;
    const words = [];
    if (failing.length > 0) words.push(`${failing.length} failing`);
    if (silent.length > 0) words.push(`${silent.length} silent`);
    badge.textContent = `${n} source${n === 1 ? '' : 's'}: ${words.join(', ')}`;
    badge.title = warning.textContent;
  }

  private renderRow(s: SourceHealth, serverTimeMs: number): HTMLElement {
    const alarm = isSourceAlarming(s);
    const state = s.silent && s.state !== 'error' ? 'silent' : STATE_LABELS[s.state];
    const head = createElement('div', { className: 'source-head' }, [
      createElement('span', {
        className: 'source-state',
        text: state,
        attrs: s.lastError ? { title: `Last error: ${s.lastError}` } : {},
      }),
      createElement('span', { className: 'source-name', text: s.id, attrs: { title: s.address } }),
      createElement('span', {
        className: 'source-rate',
        text: `${formatRate(s.messagesPerS)} msg/s`,
        attrs: { title: `${s.messagesTotal.toLocaleString('en-US')} messages in all` },
      }),
    ]);
    const last =
      s.lastMessageMs === undefined
        ? 'no message yet'
        : `last ${formatAge(Math.max(0, serverTimeMs - s.lastMessageMs))}`;
    const facts: (Node | string)[] = [
      createElement('span', { className: 'source-kind', text: KIND_LABELS[s.kind] ?? s.kind }),
      createElement('span', { className: 'source-last', text: last }),
    ];
    if (s.dropped > 0) {
      facts.push(
        createElement('span', {
          className: 'source-dropped',
          text: `${s.dropped.toLocaleString('en-US')} dropped`,
          attrs: { title: 'Dropped because the store could not keep up' },
        }),
      );
    }
    const row = createElement(
      'li',
      {
        className: `source-row${alarm ? ' is-alarm' : ''}`,
        attrs: { 'data-source-id': s.id, 'data-state': state },
      },
      [head, createElement('div', { className: 'source-facts' }, facts)],
    );
    if (s.rejectedTotal > 0) row.append(this.renderRejects(s));
    if ((s.state === 'error' || s.state === 'reconnecting') && s.lastError) {
      row.append(createElement('div', { className: 'source-error', text: s.lastError }));
    }
    return row;
  }

  private renderRejects(s: SourceHealth): HTMLElement {
    const reasons = Object.entries(s.rejected).sort((a, b) => b[1] - a[1]);
    const details = createElement('details', { className: 'source-rejects' }, [
      createElement('summary', {
        text: `${s.rejectedTotal.toLocaleString('en-US')} rejected`,
        attrs: { title: reasons.map(([r, n]) => `${r}: ${n}`).join('\n') },
      }),
      createElement(
        'ul',
        {},
        reasons.map(([reason, n]) =>
          createElement('li', {}, [
            createElement('code', { text: reason }),
            ` ${n.toLocaleString('en-US')}`,
          ]),
        ),
      ),
    ]);
    details.open = this.expanded.has(s.id);
    details.addEventListener('toggle', () => {
      if (details.open) this.expanded.add(s.id);
      else this.expanded.delete(s.id);
    });
    return details;
  }
}

function formatRate(perS: number): string {
  return perS >= 10 ? String(Math.round(perS)) : perS.toFixed(1);
}
