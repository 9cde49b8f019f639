/** The what-if result as read in the panel: headline, facts, tables by rule and type, tracks. */
import type { DetectionType, TrackDifference, WhatIfBody } from '../../src/api/wire.js';
import { createElement } from './dom.js';
import { formatUtcDateTime } from './format.js';
import { describeComparison, formatDifference } from './what-if-format.js';

/** The result's elements; `onPickTrack` runs when a track of the list is activated. */
export function renderWhatIfResult(
  body: WhatIfBody,
  fileName: string,
  onPickTrack: (track: TrackDifference) => void,
): HTMLElement[] {
  const c = body.comparison;
  const { fromMs, toMs } = body.period;
  const facts = [
    `${body.observations.toLocaleString('en-US')} observations from ${formatUtcDateTime(fromMs)} to ${formatUtcDateTime(toMs)}.`,
    `Draft: ${fileName}, version ${body.draftVersion}. In force: ${body.currentVersion === null ? 'the version in force at each time' : `version ${body.currentVersion}`}.`,
    `Detections matched by ${c.matchKey.join(', ')}.`,
  ];
  if (body.late > 0) {
    facts.push(`${body.late} observations were stored late and judged out of time order.`);
  }
  return [
    // role=status: read out once, without the tables after it.
    createElement('p', {
      className: 'what-if-headline',
      text: describeComparison(c),
      attrs: { role: 'status', id: 'what-if-headline' },
    }),
    ...(body.truncated
      ? [
          createElement('p', {
            className: 'what-if-warning',
            text: `The cap of ${body.maxObservations.toLocaleString('en-US')} observations cut the period short: it ends at ${formatUtcDateTime(toMs)}, not ${formatUtcDateTime(body.requestedPeriod.toMs)}.`,
          }),
        ]
      : []),
    createElement('p', { className: 'what-if-note', text: facts.join(' ') }),
    createCountTable(
      'By rule',
      'Rule',
      c.byRule.map((r) => ({ key: r.ruleId, label: r.ruleId, a: r.a, b: r.b })),
    ),
    createCountTable(
      'By type',
      'Type',
      c.byType.map((r) => ({ key: r.type, label: describeType(r.type), a: r.a, b: r.b })),
    ),
    createTrackList(body, onPickTrack),
  ];
}

function createTrackList(
  body: WhatIfBody,
  onPickTrack: (track: TrackDifference) => void,
): HTMLElement {
  const tracks = body.comparison.topTracks;
  const heading = createElement('h3', {
    className: 'what-if-subheading',
    text: 'Tracks that account for the difference',
    attrs: { id: 'what-if-tracks-heading' },
  });
  if (tracks.length === 0) {
    return createElement('div', {}, [
      heading,
      createElement('p', { className: 'what-if-note', text: 'No track differs.' }),
    ]);
  }
  const list = createElement(
    'ol',
    { className: 'what-if-tracks', attrs: { 'aria-labelledby': 'what-if-tracks-heading' } },
    tracks.map((t) => {
      const button = createElement(
        'button',
        {
          className: 'what-if-track',
          attrs: {
            type: 'button',
            'data-track-id': t.trackId,
            title: 'Show this track’s detections on the map',
          },
        },
        [
          createElement('span', { className: 'what-if-track-id', text: t.trackId }),
          createElement('span', { className: 'what-if-track-kind', text: t.kind }),
          createElement('span', {
            className: 'what-if-track-counts',
            text: `${t.a} → ${t.b} (${formatDifference(t.a, t.b)})`,
            attrs: { 'aria-label': `in force ${t.a}, draft ${t.b}` },
          }),
        ],
      );
      button.addEventListener('click', () => onPickTrack(t));
      return createElement('li', {}, [button]);
    }),
  );
  return createElement('div', {}, [heading, list]);
}

function createCountTable(
  caption: string,
  what: string,
  rows: readonly { key: string; label: string; a: number; b: number }[],
): HTMLTableElement {
  const num = (text: string) => createElement('td', { className: 'num', text });
  return createElement('table', { className: 'what-if-table' }, [
    createElement('caption', { text: caption }),
    createElement('thead', {}, [
      createElement('tr', {}, [
        createElement('th', { text: what, attrs: { scope: 'col' } }),
        createElement('th', { className: 'num', text: 'In force', attrs: { scope: 'col' } }),
        createElement('th', { className: 'num', text: 'Draft', attrs: { scope: 'col' } }),
        createElement('th', { className: 'num', text: 'Difference', attrs: { scope: 'col' } }),
      ]),
    ]),
    createElement(
      'tbody',
      {},
      rows.length === 0
        ? [
            createElement('tr', {}, [
              createElement('td', { text: 'none', attrs: { colspan: '4' } }),
            ]),
          ]
        : rows.map(({ key, label, a, b }) => {
            const tr = createElement('tr', { attrs: { 'data-key': key } }, [
              createElement('th', { text: label, attrs: { scope: 'row' } }),
              num(a.toLocaleString('en-US')),
              num(b.toLocaleString('en-US')),
              num(formatDifference(a, b)),
            ]);
            if (a !== b) tr.classList.add('is-different');
            return tr;
          }),
    ),
  ]);
}

const TYPE_WORDS: Partial<Record<DetectionType, string>> = {
  zone_enter: 'Zone entry',
  zone_exit: 'Zone exit',
  zone_inside: 'Inside a zone',
  line_cross: 'Line crossed',
};

function describeType(type: DetectionType): string {
  return TYPE_WORDS[type] ?? type.replace(/_/g, ' ');
}
