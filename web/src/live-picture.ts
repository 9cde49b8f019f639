/**
 * The live picture as the browser holds it. WebSocket messages are merged
 * into pending diffs keyed by track id while the page is busy (or hidden) and
 * applied once per animation frame, as maplibre's geojson_source does: a
 * track reported five times between two frames is moved once.
 */
import type { Detection, LiveMessage, Track } from '../../src/api/wire.js';

export interface PictureDiff {
  /** Tracks added or changed since the last frame, as now applied. */
  upserted: Track[];
  /** Ids of tracks that left the picture. */
  removed: string[];
  /** New detections, oldest first. */
  detections: Detection[];
}

export type PictureListener = (diff: PictureDiff) => void;

/** Bounds what a hidden tab (no animation frames) accumulates. */
const MAX_PENDING_DETECTIONS = 500;

export class LivePicture {
  /** Applied state: what the screen shows. */
  readonly tracks = new Map<string, Track>();
  private readonly pendingTracks = new Map<string, Track>();
  private readonly pendingRemovals = new Set<string>();
  private pendingDetections: Detection[] = [];
  private readonly listeners: PictureListener[] = [];
  private frame = 0;

  subscribe(listener: PictureListener): void {
    this.listeners.push(listener);
  }

  receive(message: LiveMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.replaceTracks(message.tracks);
        this.addDetections(message.detections);
        break;
      case 'tracks':
        this.upsertTracks(message.tracks);
        break;
      case 'tracks_removed':
        this.removeTracks(message.ids);
        break;
      case 'detections':
        this.addDetections(message.detections);
        break;
      default:
        // A newer server may send kinds this page does not know yet.
        break;
    }
  }

  upsertTracks(tracks: readonly Track[]): void {
    for (const t of tracks) {
      this.pendingTracks.set(t.id, t);
      this.pendingRemovals.delete(t.id);
    }
    this.schedule();
  }

  removeTracks(ids: readonly string[]): void {
    for (const id of ids) {
      this.pendingTracks.delete(id);
      if (this.tracks.has(id)) this.pendingRemovals.add(id);
    }
    this.schedule();
  }

  /** Detections in any order; listeners receive them oldest first. */
  addDetections(detections: readonly Detection[]): void {
    if (detections.length === 0) return;
    this.pendingDetections.push(...detections);
    if (this.pendingDetections.length > MAX_PENDING_DETECTIONS) {
      this.pendingDetections.sort((a, b) => a.tMs - b.tMs);
      this.pendingDetections = this.pendingDetections.slice(-MAX_PENDING_DETECTIONS);
    }
    this.schedule();
  }

  /** A snapshot (first message after every reconnect) is the whole picture. */
  private replaceTracks(tracks: readonly Track[]): void {
    const keep = new Set(tracks.map((t) => t.id));
    const gone = [...this.tracks.keys(), ...this.pendingTracks.keys()].filter(
      (id) => !keep.has(id),
    );
    this.removeTracks(gone);
    this.upsertTracks(tracks);
  }

  private schedule(): void {
    if (this.frame === 0) this.frame = window.requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.frame = 0;
    const removed: string[] = [];
    for (const id of this.pendingRemovals) {
      if (this.tracks.delete(id)) removed.push(id);
    }
    const upserted = [...this.pendingTracks.values()];
    for (const t of upserted) this.tracks.set(t.id, t);
    const detections = this.pendingDetections.sort((a, b) => a.tMs - b.tMs);
    this.pendingTracks.clear();
    this.pendingRemovals.clear();
    this.pendingDetections = [];
    const diff: PictureDiff = { upserted, removed, detections };
    for (const listener of this.listeners) listener(diff);
  }
}
