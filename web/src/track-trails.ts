/** Short wakes behind tracks, so direction and manoeuvres read at a glance. */
import * as L from 'leaflet';
import type { Track } from '../../src/api/wire.js';
import { PANE_TRAILS } from './base-map.js';
import type { PictureDiff } from './live-picture.js';
import { TRACK_COLORS } from './track-icons.js';

/** Points kept per track: a few minutes of wake at typical report rates. */
const TRAIL_POINTS = 40;

interface Trail {
  line: L.Polyline;
  points: L.LatLng[];
  lastTMs: number;
}

export class TrackTrails {
  private readonly trails = new Map<string, Trail>();
  private readonly renderer: L.Canvas;

  constructor(private readonly map: L.Map) {
    this.renderer = L.canvas({ pane: PANE_TRAILS });
  }

  apply(diff: PictureDiff): void {
    for (const id of diff.removed) {
      this.trails.get(id)?.line.remove();
      this.trails.delete(id);
    }
    for (const track of diff.upserted) this.extendTrail(track);
  }

  private extendTrail(track: Track): void {
    if (track.kind === 'ground') return;
    const { lat, lon, tMs } = track.last;
    const trail = this.trails.get(track.id);
    if (!trail) {
      const points = [L.latLng(lat, lon)];
      const line = L.polyline(points, {
        renderer: this.renderer,
        pane: PANE_TRAILS,
        interactive: false,
        color: TRACK_COLORS[track.kind],
        weight: 1.5,
        opacity: 0.45,
      }).addTo(this.map);
      this.trails.set(track.id, { line, points, lastTMs: tMs });
      return;
    }
    if (tMs === trail.lastTMs) return;
    // Time going backwards means a replay or a restarted source: the old wake is not this track's past.
    if (tMs < trail.lastTMs) trail.points.length = 0;
    trail.lastTMs = tMs;
    trail.points.push(L.latLng(lat, lon));
    if (trail.points.length > TRAIL_POINTS) trail.points.shift();
    trail.line.setLatLngs(trail.points);
  }
}
