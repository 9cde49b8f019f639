/** The details panel of the selected track. */
import type { Track, Zone } from '../../src/api/wire.js';
import { createElement } from './dom.js';
import { describeEmergency, findTrackEmergency } from './emergency.js';
import {
  formatAge,
  formatAltitudeFt,
  formatDegrees,
  formatDimensionsM,
  formatLatLon,
  formatOptional,
  formatSpeedKn,
  formatUtcDateTime,
} from './format.js';
import { createTrackGlyphSvg, describeTrack, TRACK_LEGENDS } from './track-icons.js';

export interface TrackDetailsDeps {
  findZone(id: string): Zone | undefined;
  /** Server clock estimate, so ages stay right when the browser's clock is off. */
  nowMs(): number;
  onClose(): void;
}

/** Ages beyond this (or negative: simulated clocks) say nothing useful. */
const MAX_AGE_SHOWN_MS = 24 * 3600_000;

export class TrackDetails {
  private trackId: string | null = null;
  private title: HTMLElement | null = null;
  private body: HTMLElement | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly deps: TrackDetailsDeps,
  ) {}

  get selectedId(): string | null {
    return this.trackId;
  }

  /**
   * Shows `track`, or the id alone with a note if it is not (or no longer) on
   * the picture. Re-showing the same track replaces only the fields, so focus
   * on the close button survives live updates.
   */
  show(trackId: string, track: Track | undefined): void {
    if (trackId !== this.trackId || !this.body || !this.title) {
      this.trackId = trackId;
      this.title = createElement('h2', { className: 'panel-heading details-title' });
      this.body = createElement('div', { className: 'details-body' });
      this.el.replaceChildren(this.renderHeader(this.title), this.body);
      this.el.hidden = false;
    }
    this.title.replaceChildren();
    if (track) this.title.insertAdjacentHTML('afterbegin', createTrackGlyphSvg(track.kind, 16));
    this.title.append(track ? describeTrack(track) : trackId);
    this.body.replaceChildren(
      track
        ? this.renderFields(track)
        : createElement('p', {
            className: 'empty-note',
            text: `${trackId} is no longer on the live picture.`,
          }),
    );
  }

  hide(): void {
    this.trackId = null;
    this.title = null;
    this.body = null;
    this.el.hidden = true;
    this.el.replaceChildren();
  }

  private renderHeader(title: HTMLElement): HTMLElement {
    const close = createElement('button', {
      className: 'icon-button',
      text: '×',
      attrs: { type: 'button', 'aria-label': 'Close track details' },
    });
    close.addEventListener('click', () => this.deps.onClose());
    return createElement('div', { className: 'details-header' }, [title, close]);
  }

  private renderFields(track: Track): HTMLElement {
    const last = track.last;
    const ageMs = this.deps.nowMs() - last.tMs;
    const age = ageMs >= 0 && ageMs < MAX_AGE_SHOWN_MS ? ` (${formatAge(ageMs)})` : '';
    const rows: [string, string | Node][] = [
      ['ID', createElement('code', { className: 'details-id', text: track.id })],
      ['Kind', TRACK_LEGENDS[track.kind]],
      ['Name', formatOptional(track.name)],
      ['Callsign', formatOptional(track.callsign)],
      ['Flag', formatOptional(track.flag)],
      ['Type', formatOptional(track.type)],
    ];
    // Voyage and identity data only some transponders send (AIS 5 and 24): shown when known.
    if (track.transponder) rows.push(['Transponder', track.transponder]);
    if (track.imo !== undefined) rows.push(['IMO', String(track.imo)]);
    if (track.destination) rows.push(['Destination', track.destination]);
    const size = formatDimensionsM(track.lengthM, track.beamM);
    if (size) rows.push(['Size', size]);
    if (track.draughtM !== undefined) rows.push(['Draught', `${track.draughtM.toFixed(1)} m`]);
    rows.push(
      ['Position', formatLatLon(last.lon, last.lat)],
      ['Speed', formatSpeedKn(last.speedKn)],
      ['Course', formatDegrees(last.courseDeg)],
      ['Heading', formatDegrees(last.headingDeg)],
    );
    const emergency = findTrackEmergency(track);
    if (emergency) {
      rows.unshift([
        'Emergency',
        createElement('span', {
          className: 'details-emergency',
          text: describeEmergency(emergency),
        }),
      ]);
    }
    if (track.kind === 'aircraft') {
      rows.push(
        ['Altitude', formatAltitudeFt(last.altFt)],
        ['Squawk', formatOptional(last.squawk)],
      );
    }
    if (last.status) rows.push(['Status', last.status]);
    rows.push(
      ['Last report', `${formatUtcDateTime(last.tMs)}${age}`],
      ['Source', last.source],
      ['Inside', this.renderZones(track.zoneIds)],
      ['First seen', formatUtcDateTime(track.firstSeenMs)],
      ['Reports', String(track.observationCount)],
    );
    return createElement(
      'dl',
      { className: 'details-grid' },
      rows.flatMap(([term, value]) => [
        createElement('dt', { text: term }),
        createElement('dd', {}, [value]),
      ]),
    );
  }

  private renderZones(zoneIds: readonly string[]): Node {
    if (zoneIds.length === 0) return document.createTextNode('no zone');
    return createElement(
      'span',
      { className: 'zone-chips' },
      zoneIds.map((id) => {
        const zone = this.deps.findZone(id);
        return createElement('span', {
          className: `zone-chip zone-chip--${zone?.kind ?? 'unknown'}`,
          text: zone?.name ?? id,
        });
      }),
    );
  }
}
