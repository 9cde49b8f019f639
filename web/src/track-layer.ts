/**
 * Track symbols. The many are stamped on one canvas (track-canvas.ts),
 * redrawn at most once per frame whatever the diff held; the few in distress
 * are DOM markers above it, red and pulsing, focusable and labelled. Hovering
 * a symbol shows its label; clicking one selects it.
 */
import * as L from 'leaflet';
import type { Track } from '../../src/api/wire.js';
import { describeEmergency, findTrackEmergency } from './emergency.js';
import { formatAltitudeFt } from './format.js';
import type { PictureDiff } from './live-picture.js';
import { type CanvasMark, TrackCanvas } from './track-canvas.js';
import { createTrackIcon, describeTrack, resolveRotationDeg } from './track-icons.js';

interface TrackEntry extends CanvasMark {
  label: string;
  /** `squawk 7700: general emergency`, or '' when none. */
  emergency: string;
  /** What the map writes beside a track in distress: `TEST77 · squawk 7700: general emergency`. */
  emergencyLabel: string;
  /** Only tracks in distress have one; the rest live on the canvas. */
  marker: L.Marker | null;
}

/** How near (px) a click or hover must come to a symbol's centre to reach it. */
const HIT_RADIUS_PX = 12;
/** Above every canvas-drawn symbol and every other marker. */
const EMERGENCY_Z = 1000;

export class TrackLayer {
  private readonly entries = new Map<string, TrackEntry>();
  private readonly canvas: TrackCanvas;
  private readonly hover = L.tooltip({
    className: 'track-hover',
    direction: 'top',
    offset: [0, -10],
  });
  private hoveredId: string | null = null;
  private selectedId: string | null = null;

  constructor(
    private readonly map: L.Map,
    private readonly onSelect: (trackId: string) => void,
  ) {
    this.canvas = new TrackCanvas(() => this.readCanvasMarks()).addTo(map);
    map.on('mousemove', (e: L.LeafletMouseEvent) => this.hoverAt(e.containerPoint));
    map.on('mouseout', () => this.hoverAt(null));
    map.on('click', (e: L.LeafletMouseEvent) => {
      const id = this.canvas.findNearest(e.containerPoint, HIT_RADIUS_PX);
      if (!id) return;
      // A track above a zone wins the click: no zone popup over the details.
      map.closePopup();
      this.onSelect(id);
    });
  }

  apply(diff: PictureDiff): void {
    for (const id of diff.removed) this.removeEntry(id);
    for (const track of diff.upserted) this.upsertEntry(track);
    if (diff.removed.length > 0 || diff.upserted.length > 0) this.canvas.redraw();
  }

  select(trackId: string | null): void {
    if (this.selectedId) this.markerElement(this.selectedId)?.classList.remove('is-selected');
    this.selectedId = trackId;
    if (trackId) this.markerElement(trackId)?.classList.add('is-selected');
    this.canvas.selectedId = trackId;
    this.canvas.redraw();
  }

  /** Where a track's symbol is drawn, in the map container's pixels (for tests and the console). */
  locate(trackId: string): { x: number; y: number } | null {
    const marker = this.entries.get(trackId)?.marker;
    if (marker) return this.map.latLngToContainerPoint(marker.getLatLng());
    return this.canvas.locate(trackId);
  }

  private *readCanvasMarks(): Iterable<CanvasMark> {
    for (const e of this.entries.values()) if (!e.marker) yield e;
  }

  private upsertEntry(track: Track): void {
    const emergency = describeTrackEmergency(track);
    const label = describeMarker(track, emergency);
    const entry: TrackEntry = {
      id: track.id,
      kind: track.kind,
      lat: track.last.lat,
      lon: track.last.lon,
      rotationDeg: resolveRotationDeg(track),
      label,
      emergency,
      emergencyLabel: `${describeTrack(track)} · ${emergency}`,
      marker: this.entries.get(track.id)?.marker ?? null,
    };
    this.entries.set(track.id, entry);
    if (emergency) this.placeEmergencyMarker(entry);
    else if (entry.marker) {
      entry.marker.remove();
      entry.marker = null;
    }
    if (this.hoveredId === track.id) this.hover.setLatLng([entry.lat, entry.lon]).setContent(label);
  }

  private placeEmergencyMarker(entry: TrackEntry): void {
    let marker = entry.marker;
    if (!marker) {
      marker = L.marker([entry.lat, entry.lon], {
        icon: createTrackIcon(entry.kind),
        keyboard: true,
        zIndexOffset: EMERGENCY_Z,
      }).addTo(this.map);
      const id = entry.id;
      marker.on('click', () => this.onSelect(id));
      // Named on the map, not only on hover: the one track nobody may miss.
      marker.bindTooltip('', {
        permanent: true,
        direction: 'right',
        offset: [12, 0],
        className: 'track-emergency-label',
      });
      entry.marker = marker;
      const el = marker.getElement()!;
      el.dataset.trackId = id;
      el.classList.add('track-emergency');
      if (id === this.selectedId) el.classList.add('is-selected');
    } else {
      marker.setLatLng([entry.lat, entry.lon]);
    }
    const el = marker.getElement()!;
    el.dataset.emergency = entry.emergency;
    marker.setTooltipContent(entry.emergencyLabel);
    el.title = entry.label;
    el.setAttribute('aria-label', `${entry.kind} ${entry.label}`);
    const glyph = el.querySelector<SVGElement>('.track-glyph');
    // The marker element's own transform is Leaflet's position; rotate the child only.
    if (glyph) {
      glyph.style.transform = entry.rotationDeg === null ? '' : `rotate(${entry.rotationDeg}deg)`;
    }
  }

  private removeEntry(trackId: string): void {
    const entry = this.entries.get(trackId);
    if (!entry) return;
    entry.marker?.remove();
    this.entries.delete(trackId);
    if (this.hoveredId === trackId) this.hoverAt(null);
  }

  private hoverAt(point: L.Point | null): void {
    const id = point ? this.canvas.findNearest(point, HIT_RADIUS_PX) : null;
    if (id === this.hoveredId) return;
    this.hoveredId = id;
    const entry = id ? this.entries.get(id) : undefined;
    this.map.getContainer().classList.toggle('is-over-track', entry !== undefined);
    if (!entry) {
      this.map.closeTooltip(this.hover);
      return;
    }
    this.hover.setLatLng([entry.lat, entry.lon]).setContent(entry.label);
    this.map.openTooltip(this.hover);
  }

  private markerElement(trackId: string): HTMLElement | undefined {
    return this.entries.get(trackId)?.marker?.getElement();
  }
}

/** The label: name or callsign, and for aircraft the altitude (`AAR542 · FL350 (35,000 ft)`). */
function describeMarker(track: Track, emergency: string): string {
  const parts = [describeTrack(track)];
  if (track.kind === 'aircraft' && track.last.altFt !== undefined) {
    parts.push(formatAltitudeFt(track.last.altFt));
  }
  if (emergency) parts.push(emergency.toUpperCase());
  return parts.join(' · ');
}

function describeTrackEmergency(track: Track): string {
  const e = findTrackEmergency(track);
  return e ? describeEmergency(e) : '';
}
