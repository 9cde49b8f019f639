/** The header's live counters and connection state. */
import type { Track, TrackKind } from '../../src/api/wire.js';
import { createElement } from './dom.js';
import type { ConnectionState } from './live-connection.js';
import { createTrackGlyphSvg } from './track-icons.js';

const KIND_ORDER: readonly TrackKind[] = ['vessel', 'aircraft', 'ground'];
const KIND_PLURALS: Record<TrackKind, [string, string]> = {
  vessel: ['vessel', 'vessels'],
  aircraft: ['aircraft', 'aircraft'],
  ground: ['ground report', 'ground reports'],
};

export class StatusBar {
  private lastCounts = '';

  constructor(
    private readonly connectionEl: HTMLElement,
    private readonly countsEl: HTMLElement,
    private readonly detectionsEl: HTMLElement,
  ) {}

  setConnection(state: ConnectionState, retryInMs?: number): void {
    this.connectionEl.dataset.state = state;
    this.connectionEl.textContent = state;
    this.connectionEl.title =
      state === 'reconnecting' && retryInMs !== undefined
        ? `Connection lost; next attempt in ${Math.ceil(retryInMs / 1000)} s`
        : state === 'live'
          ? 'Receiving the live picture'
          : 'Opening the live connection';
  }

  setTrackCounts(tracks: Iterable<Track>): void {
    const counts: Record<TrackKind, number> = { vessel: 0, aircraft: 0, ground: 0 };
    for (const t of tracks) counts[t.kind] = (counts[t.kind] ?? 0) + 1;
    const key = KIND_ORDER.map((k) => counts[k]).join(',');
    if (key === this.lastCounts) return;
    this.lastCounts = key;
    this.countsEl.replaceChildren(
      ...KIND_ORDER.map((kind) => {
        const n = counts[kind];
        const item = createElement('span', {
          className: `count count--${kind}`,
          attrs: { 'data-kind': kind, title: `${n} ${KIND_PLURALS[kind][n === 1 ? 0 : 1]}` },
        });
        item.insertAdjacentHTML('afterbegin', createTrackGlyphSvg(kind, 14));
        item.append(createElement('span', { className: 'count-value', text: String(n) }));
        item.append(
          createElement('span', {
            className: 'visually-hidden',
            text: ` ${KIND_PLURALS[kind][1]}`,
          }),
        );
        return item;
      }),
    );
  }

  setDetectionCount(n: number): void {
    this.detectionsEl.textContent = `${n} detection${n === 1 ? '' : 's'}`;
  }
}
