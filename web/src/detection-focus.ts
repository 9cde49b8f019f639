/** Brings a detection into view and marks where it happened. */
import * as L from 'leaflet';
import type { Detection } from '../../src/api/wire.js';

const MIN_FOCUS_ZOOM = 8;
const MARK_LIFETIME_MS = 8000;

export class DetectionFocus {
  private mark: L.CircleMarker | null = null;
  private timer = 0;

  constructor(private readonly map: L.Map) {}

  focus(detection: Detection): void {
    const at = L.latLng(detection.lat, detection.lon);
    this.map.flyTo(at, Math.max(this.map.getZoom(), MIN_FOCUS_ZOOM), { duration: 0.8 });
    this.mark?.remove();
    window.clearTimeout(this.timer);
    this.mark = L.circleMarker(at, {
      radius: 14,
      color: '#dc2626',
      weight: 3,
      fill: false,
      interactive: false,
      className: 'detection-mark',
    }).addTo(this.map);
    this.timer = window.setTimeout(() => {
      this.mark?.remove();
      this.mark = null;
    }, MARK_LIFETIME_MS);
  }
}
