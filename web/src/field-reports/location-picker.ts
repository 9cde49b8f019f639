/**
 * Where it was seen: a click on the map, typed decimal degrees, or the
 * device's position. The two inputs are the truth; the marker follows them.
 */
import * as L from 'leaflet';
import { addBaseLayers, createBaseMap } from '../base-map.js';

export interface LocationPicker {
  /** Moves the marker to what the inputs hold (after the form fills them). */
  sync(): void;
  /** Settles once the base layer has loaded, or failed to. */
  baseLayersSettled: Promise<void>;
}

export function mountLocationPicker(
  mapEl: HTMLElement,
  lonInput: HTMLInputElement,
  latInput: HTMLInputElement,
  locateButton: HTMLButtonElement,
  status: HTMLElement,
): LocationPicker {
  const map = createBaseMap(mapEl);
  const baseLayersSettled = addBaseLayers(map).catch((err: unknown) => {
    status.textContent = `Base map unavailable: ${String(err)}`;
  });
  const marker = L.circleMarker([0, 0], {
    radius: 8,
    color: '#f59e0b',
    weight: 2,
    fillOpacity: 0.5,
  });

  const place = (lon: number, lat: number, pan: boolean) => {
    marker.setLatLng([lat, lon]);
    if (!map.hasLayer(marker)) marker.addTo(map);
    if (pan) map.panTo([lat, lon]);
  };
  const sync = () => {
    const lon = Number(lonInput.value);
    const lat = Number(latInput.value);
    const valid =
      lonInput.value.trim() !== '' &&
      latInput.value.trim() !== '' &&
      Math.abs(lon) <= 180 &&
      Math.abs(lat) <= 90;
    if (valid) place(lon, lat, true);
    else marker.remove();
  };
  const fill = (lon: number, lat: number) => {
    // Six decimals: about 0.1 m, finer than any phone fix.
    lonInput.value = lon.toFixed(6);
    latInput.value = lat.toFixed(6);
  };

  map.on('click', (e: L.LeafletMouseEvent) => {
    fill(L.Util.wrapNum(e.latlng.lng, [-180, 180], true), e.latlng.lat);
    place(Number(lonInput.value), Number(latInput.value), false);
  });
  lonInput.addEventListener('change', sync);
  latInput.addEventListener('change', sync);

  if (!('geolocation' in navigator)) locateButton.hidden = true;
  locateButton.addEventListener('click', () => {
    status.textContent = 'Finding your position…';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        fill(pos.coords.longitude, pos.coords.latitude);
        sync();
        status.textContent = `Your position, ±${Math.round(pos.coords.accuracy)} m. Move it to where you saw it if that differs.`;
      },
      (err) => {
        status.textContent = `Position unavailable: ${err.message || 'permission denied'}. Click the map or type coordinates.`;
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  });
  return { sync, baseLayersSettled };
}
