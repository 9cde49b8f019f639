/**
 * Track markers. Receives the per-frame diff of the live picture and touches
 * only the markers that changed: a move is a setLatLng, a turn is one CSS
 * transform on the glyph; the icon element is never rebuilt.
 */
import * as L from 'leaflet';
import type { Track, TrackKind } from '../../src/api/wire.js';
import { describeEmergency, findTrackEmergency } from './emergency.js';
import { formatAltitudeFt } from './format.js';
import type { PictureDiff } from './live-picture.js';
import { createTrackIcon, describeTrack, resolveRotationDeg } from './track-icons.js';

interface MarkerEntry {
  marker: L.Marker;
  el: HTMLElement;
  glyph: SVGElement | null;
  kind: TrackKind;
  lat: number;
  lon: number;
  rotationDeg: number | null;
  label: string;
  /** `squawk 7700: general emergency`, or '' when none. */
  emergency: string;
}

/** Aircraft above vessels: they are fewer, faster and usually the subject. */
const Z_OFFSET: Record<TrackKind, number> = { ground: 0, vessel: 100, aircraft: 200 };

export class TrackLayer {
  private readonly entries = new Map<string, MarkerEntry>();
  private selectedId: string | null = null;

  constructor(
    private readonly map: L.Map,
    private readonly onSelect: (trackId: string) => void,
  ) {}

  apply(diff: PictureDiff): void {
    for (const id of diff.removed) this.removeMarker(id);
    for (const track of diff.upserted) this.upsertMarker(track);
  }

  select(trackId: string | null): void {
    if (this.selectedId) this.entries.get(this.selectedId)?.el.classList.remove('is-selected');
    this.selectedId = trackId;
    if (trackId) this.entries.get(trackId)?.el.classList.add('is-selected');
  }

  private upsertMarker(track: Track): void {
    let entry = this.entries.get(track.id);
    if (entry && entry.kind !== track.kind) {
      this.removeMarker(track.id);
      entry = undefined;
    }
    if (!entry) {
      this.entries.set(track.id, this.createMarker(track));
      return;
    }
    const { lat, lon } = track.last;
    if (lat !== entry.lat || lon !== entry.lon) {
      entry.marker.setLatLng([lat, lon]);
      entry.lat = lat;
      entry.lon = lon;
    }
    const rotationDeg = resolveRotationDeg(track);
    if (rotationDeg !== entry.rotationDeg) {
      rotateGlyph(entry.glyph, rotationDeg);
      entry.rotationDeg = rotationDeg;
    }
    const label = describeMarker(track);
    if (label !== entry.label) {
      setElementLabel(entry.el, track, label);
      entry.label = label;
    }
    const emergency = describeTrackEmergency(track);
    if (emergency !== entry.emergency) {
      markEmergency(entry.el, emergency);
      entry.emergency = emergency;
    }
  }

  private createMarker(track: Track): MarkerEntry {
    const { lat, lon } = track.last;
    const label = describeMarker(track);
    const emergency = describeTrackEmergency(track);
    const marker = L.marker([lat, lon], {
      icon: createTrackIcon(track.kind),
      keyboard: true,
      riseOnHover: true,
      // Aircraft in distress above everything else.
      zIndexOffset: Z_OFFSET[track.kind] + (emergency ? 1000 : 0),
    }).addTo(this.map);
    marker.on('click', () => this.onSelect(track.id));
    const el = marker.getElement()!;
    el.dataset.trackId = track.id;
    setElementLabel(el, track, label);
    markEmergency(el, emergency);
    if (track.id === this.selectedId) el.classList.add('is-selected');
    const glyph = el.querySelector<SVGElement>('.track-glyph');
    const rotationDeg = resolveRotationDeg(track);
    rotateGlyph(glyph, rotationDeg);
    return { marker, el, glyph, kind: track.kind, lat, lon, rotationDeg, label, emergency };
  }

  private removeMarker(trackId: string): void {
    const entry = this.entries.get(trackId);
    if (!entry) return;
    entry.marker.remove();
    this.entries.delete(trackId);
  }
}

function rotateGlyph(glyph: SVGElement | null, rotationDeg: number | null): void {
  // The marker element's own transform is Leaflet's position; rotate the child only.
  if (glyph) glyph.style.transform = rotationDeg === null ? '' : `rotate(${rotationDeg}deg)`;
}

/** The tooltip: name or callsign, and for aircraft the altitude (`AAR542 · FL350 (35,000 ft)`). */
function describeMarker(track: Track): string {
  const name = describeTrack(track);
  const emergency = describeTrackEmergency(track);
  const parts = [name];
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

/** `.track-emergency` (red, pulsing) and `data-emergency` for tests and styles. */
function markEmergency(el: HTMLElement, emergency: string): void {
  el.classList.toggle('track-emergency', emergency !== '');
  if (emergency) el.dataset.emergency = emergency;
  else delete el.dataset.emergency;
}

function setElementLabel(el: HTMLElement, track: Track, label: string): void {
  el.title = label;
  el.setAttribute('aria-label', `${track.kind} ${label}`);
}
