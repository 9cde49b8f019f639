/**
 * The detections list: newest on top, capped, deduplicated by id (a snapshot
 * after a reconnect repeats what the list already holds). Rows are focusable
 * and activate on click, Enter or Space.
 */
import type { Detection, DetectionType } from '../../src/api/wire.js';
import { formatMinutes } from './agreement-sentences.js';
import { createElement } from './dom.js';
import { formatUtcDate, formatUtcTime } from './format.js';
import { createTrackGlyphSvg } from './track-icons.js';

export const MAX_DETECTION_ROWS = 200;

const TYPE_LABELS: Record<DetectionType, string> = {
  zone_enter: 'Entry',
  zone_exit: 'Exit',
  zone_inside: 'Inside',
  zone_dwell: 'Dwell',
  line_cross: 'Line crossed',
  below_altitude: 'Too low',
  above_altitude: 'Too high',
  above_speed: 'Too fast',
  below_speed: 'Too slow',
  loiter: 'Loitering',
  encounter: 'Encounter',
  silence: 'Went silent',
  jump: 'Impossible move',
  out_of_range: 'Out of range',
  emergency: 'Emergency',
  integrity_degraded: 'GNSS degraded',
  feed_outage: 'Feed outage',
};

export interface DetectionListDeps {
  describeTrack(detection: Detection): string;
  /** The other vessel of an encounter, by id. */
  describeTrackId(trackId: string): string;
  describeZone(zoneId: string): string;
  onActivate(detection: Detection): void;
}

/** A feed-outage notice names a source (`source:<name>`), not a track: the source's name. */
export function findOutageSource(d: Detection): string | null {
  if (d.type !== 'feed_outage' && !d.trackId.startsWith('source:')) return null;
  return d.trackId.startsWith('source:') ? d.trackId.slice('source:'.length) : d.trackId;
}

interface Row {
  detection: Detection;
  el: HTMLLIElement;
}

export class DetectionList {
  /** Newest first, as on screen. */
  private readonly rows: Row[] = [];
  private readonly byId = new Map<string, Detection>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly list: HTMLOListElement,
    private readonly empty: HTMLElement,
    private readonly deps: DetectionListDeps,
  ) {
    list.addEventListener('click', (e) => this.activateFrom(e.target));
    list.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      this.activateFrom(e.target);
    });
  }

  /** Distinct detections received since the page opened. */
  get seenCount(): number {
    return this.seen.size;
  }

  /** `detections` oldest first; `live` ones are highlighted as they arrive. */
  add(detections: readonly Detection[], live: boolean): void {
    for (const d of detections) {
      if (this.seen.has(d.id)) continue;
      this.seen.add(d.id);
      this.insertRow(d, live);
    }
    this.empty.hidden = this.rows.length > 0;
  }

  private insertRow(detection: Detection, live: boolean): void {
    let at = this.rows.findIndex((r) => r.detection.tMs <= detection.tMs);
    if (at === -1) at = this.rows.length;
    if (at >= MAX_DETECTION_ROWS) return;
    const el = this.renderRow(detection, live);
    this.list.insertBefore(el, this.rows[at]?.el ?? null);
    this.rows.splice(at, 0, { detection, el });
    this.byId.set(detection.id, detection);
    while (this.rows.length > MAX_DETECTION_ROWS) {
      const old = this.rows.pop()!;
      old.el.remove();
      this.byId.delete(old.detection.id);
    }
  }

  private activateFrom(target: EventTarget | null): void {
    const row = target instanceof Element ? target.closest<HTMLElement>('.detection-row') : null;
    const detection = row?.dataset.detectionId ? this.byId.get(row.dataset.detectionId) : undefined;
    if (detection) this.deps.onActivate(detection);
  }

  private renderRow(d: Detection, live: boolean): HTMLLIElement {
    const source = findOutageSource(d);
    const trackName = source === null ? this.deps.describeTrack(d) : `Source ${source}`;
    const otherName = d.otherTrackId ? this.deps.describeTrackId(d.otherTrackId) : null;
    const zoneName = this.deps.describeZone(d.zoneId);
    const typeLabel = TYPE_LABELS[d.type] ?? d.type;
    const duration = d.durationMs === undefined ? null : formatMinutes(d.durationMs / 60_000);
    const track = createElement('span', {
      className: source === null ? 'det-track' : 'det-track det-source',
    });
    // A source is no track: no kind symbol, and nothing on the map to select.
    if (source === null) track.insertAdjacentHTML('afterbegin', createTrackGlyphSvg(d.kind, 12));
    track.append(trackName);
    const label = [
      `${formatUtcTime(d.tMs)} UTC`,
      duration ? `${typeLabel} (${duration})` : typeLabel,
      otherName ? `${trackName} with ${otherName}` : trackName,
      `${zoneName}. ${d.summary}`,
    ].join(', ');
    return createElement(
      'li',
      {
        className: `detection-row detection-row--${d.type}${live ? ' is-new' : ''}`,
        attrs: {
          'data-detection-id': d.id,
          tabindex: '0',
          'aria-label': label,
        },
      },
      [
        createElement('div', { className: 'det-head' }, [
          createElement('time', {
            className: 'det-time',
            text: formatUtcTime(d.tMs),
            attrs: { datetime: new Date(d.tMs).toISOString() },
          }),
          createElement('span', { className: 'det-date', text: `${formatUtcDate(d.tMs)} UTC` }),
          duration
            ? createElement('span', {
                className: 'det-duration',
                text: duration,
                attrs: { title: 'How long it had lasted when found' },
              })
            : null,
          createElement('span', { className: `det-type det-type--${d.type}`, text: typeLabel }),
        ]),
        createElement('div', { className: 'det-who' }, [
          track,
          trackName === d.trackId || source !== null
            ? null
            : createElement('code', { className: 'det-id', text: d.trackId }),
          otherName
            ? createElement('span', {
                className: 'det-other',
                text: `with ${otherName}`,
                attrs: { title: d.otherTrackId! },
              })
            : null,
        ]),
        createElement('div', { className: 'det-where' }, [
          createElement('span', { className: 'det-zone', text: zoneName }),
          createElement('span', { className: 'det-rule', text: `${d.ruleId} · ${d.citation}` }),
        ]),
        createElement('p', {
          className: 'det-summary',
          text: d.summary,
          attrs: { title: d.summary },
        }),
      ],
    );
  }
}
