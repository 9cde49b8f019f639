/**
 * The live picture over WebSocket (`/api/live`). Changes from the bus are
 * merged per track id and sent to every client once per tick, serialised
 * once for all. A client that cannot keep up (its socket buffer grows past a
 * limit) is skipped and, once drained, gets a fresh snapshot instead of the
 * diffs it missed: memory stays bounded and no client sees a torn picture.
 *
 * Incidents created or changed (bus topic `incidents`) go, merged per id and
 * at most once per tick, only to clients whose principal reads incidents
 * (`incident:read`), asked again at every access check. A client that missed
 * some gets a snapshot, its cue to read the queue again over REST.
 */
import type { WebSocket } from 'ws';
import type { Bus } from '../bus/index.js';
import type { Detection, Track } from '../core/types.js';
import type { Incident } from '../incidents/incident-types.js';
import type { LiveMessage, SourceHealth } from './wire.js';

export interface LiveHubOptions {
  bus: Bus;
  /** The current picture: all known tracks and the newest detections. */
  snapshot(): Promise<{ tracks: Track[]; detections: Detection[] }>;
  now(): number;
  tickMs?: number;
  /**
   * A track is dropped from the live picture when its last report is this
   * much older than the newest report seen (observation time, not the
   * server clock, so replays and simulated time behave alike).
   */
  staleMs?: number;
  /** Socket buffer above which a client is treated as slow. */
  maxBufferedBytes?: number;
  /** Health of the sources, pushed after each snapshot and every `sourcesEveryMs`. */
  sources?: () => SourceHealth[];
  sourcesEveryMs?: number;
  /**
   * How often each client's access is checked again. Nothing is pushed on
   * a check older than twice this: a client whose check has not come back
   * misses diffs and is sent a fresh snapshot once it does.
   */
  recheckEveryMs?: number;
}

/**
 * Asks whether the client may still see the live picture (auth-hook.ts
 * createAccessRecheck): its session may have ended, expired, or its user
 * been disabled since the socket opened. `readsIncidents`: it also still
 * holds `incident:read` (absent: it does not).
 */
export type LiveAccessCheck = () => Promise<
  { ok: true; readsIncidents?: boolean } | { ok: false; closeCode: number; reason: string }
>;

/** What one client is sent, and how its access is checked again. */
export interface LiveClientOptions {
  checkAccess?: LiveAccessCheck;
  /** Its principal holds `incident:read` at the upgrade: it is sent incident messages. */
  readsIncidents?: boolean;
  /**
   * Incidents only (the incident queue's page): no tracks, detections or
   * source health, and an empty snapshot that only marks where to resync.
   */
  incidentsOnly?: boolean;
}

interface Client {
  socket: WebSocket;
  /** Missed diffs while slow; send a snapshot when it drains. */
  needsSnapshot: boolean;
  /** A snapshot is being prepared: diffs until then are already in it. */
  awaitingSnapshot: boolean;
  checkAccess: LiveAccessCheck | undefined;
  readsIncidents: boolean;
  incidentsOnly: boolean;
  /** Wall time of the last check that allowed this client. */
  allowedAtMs: number;
  checking: boolean;
}

const STALE_CHECK_EVERY_MS = 5000;

type HubOptions = Required<Omit<LiveHubOptions, 'sources'>> & Pick<LiveHubOptions, 'sources'>;

export class LiveHub {
  readonly #opts: HubOptions;
  readonly #clients = new Set<Client>();
  #pendingTracks = new Map<string, Track>();
  #pendingDetections: Detection[] = [];
  #pendingIncidents = new Map<string, Incident>();
  /** Last report time of every track on the live picture. */
  readonly #liveTrackTimes = new Map<string, number>();
  #highWaterMs = 0;
  #lastStaleCheckMs = 0;
  #lastSourcesMs = 0;
  readonly #timer: NodeJS.Timeout;
  readonly #unsubscribe: Array<() => void>;

  constructor(opts: LiveHubOptions) {
    this.#opts = {
      tickMs: 250,
      staleMs: 30 * 60_000,
      maxBufferedBytes: 4 << 20,
      sourcesEveryMs: 2000,
      recheckEveryMs: 5000,
      ...opts,
    };
    this.#unsubscribe = [
      opts.bus.subscribe('tracks', (tracks) => {
        for (const t of tracks) this.#pendingTracks.set(t.id, t);
      }),
      opts.bus.subscribe('detections', (ds) => {
        this.#pendingDetections.push(...ds);
      }),
      opts.bus.subscribe('incidents', (incidents) => {
        // As the queue lists them: the history is read with the incident.
        for (const i of incidents) this.#pendingIncidents.set(i.id, { ...i, history: [] });
      }),
    ];
    this.#timer = setInterval(() => this.#tick(), this.#opts.tickMs);
    this.#timer.unref();
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /**
   * Take a new WebSocket client: snapshot first, then diffs. The caller has
   * checked access for the upgrade; `checkAccess` is asked again every
   * `recheckEveryMs` and on every message the client sends, and the socket
   * is closed with the code it gives (4401, 4403) once it says no.
   */
  attach(socket: WebSocket, opts: LiveClientOptions = {}): void {
    const client: Client = {
      socket,
      needsSnapshot: false,
      awaitingSnapshot: false,
      checkAccess: opts.checkAccess,
      readsIncidents: opts.readsIncidents === true,
      incidentsOnly: opts.incidentsOnly === true,
      allowedAtMs: this.#opts.now(),
      checking: false,
    };
    this.#clients.add(client);
    socket.on('close', () => this.#clients.delete(client));
    socket.on('error', () => this.#clients.delete(client));
    // Clients have nothing to say yet, and what they send is ignored (size
    // is capped by the server's maxPayload); but a message from a client
    // that may no longer listen closes it.
    socket.on('message', () => void this.#recheck(client));
    void this.#sendSnapshot(client);
  }

  close(): void {
    clearInterval(this.#timer);
    for (const off of this.#unsubscribe) off();
    for (const c of this.#clients) c.socket.close(1001, 'server shutting down');
    this.#clients.clear();
  }

  async #sendSnapshot(client: Client): Promise<void> {
    client.needsSnapshot = false;
    client.awaitingSnapshot = true;
    let picture: { tracks: Track[]; detections: Detection[] };
    try {
      picture = client.incidentsOnly ? { tracks: [], detections: [] } : await this.#opts.snapshot();
    } catch {
      client.socket.close(1011, 'snapshot failed');
      return;
    }
    client.awaitingSnapshot = false;
    const { tracks, detections } = picture;
    for (const t of tracks) this.#noteTrack(t);
    const cutoff = this.#highWaterMs - this.#opts.staleMs;
    const msg: LiveMessage = {
      type: 'snapshot',
      serverTimeMs: this.#opts.now(),
      tracks: tracks.filter((t) => t.last.tMs >= cutoff),
      detections,
    };
    if (client.socket.readyState !== client.socket.OPEN) return;
    client.socket.send(JSON.stringify(msg));
    const sources = client.incidentsOnly ? undefined : this.#sourcesMessage();
    if (sources !== undefined) client.socket.send(sources);
  }

  async #recheck(client: Client): Promise<void> {
    if (client.checkAccess === undefined || client.checking) return;
    client.checking = true;
    let verdict: Awaited<ReturnType<LiveAccessCheck>>;
    try {
      verdict = await client.checkAccess();
    } catch {
      // The store could not answer: fail closed, the client reconnects.
      verdict = { ok: false, closeCode: 1011, reason: 'access check failed' };
    } finally {
      client.checking = false;
    }
    if (verdict.ok) {
      client.allowedAtMs = this.#opts.now();
      client.readsIncidents = verdict.readsIncidents === true;
      return;
    }
    this.#clients.delete(client);
    client.socket.close(verdict.closeCode, verdict.reason);
  }

  /** True when the client's last allowing check is recent enough to push on. */
  #mayPush(c: Client, wallMs: number): boolean {
    if (c.checkAccess === undefined) return true;
    const ageMs = wallMs - c.allowedAtMs;
    if (ageMs >= this.#opts.recheckEveryMs) void this.#recheck(c);
    return ageMs < 2 * this.#opts.recheckEveryMs;
  }

  #sourcesMessage(): string | undefined {
    if (this.#opts.sources === undefined) return undefined;
    const msg: LiveMessage = {
      type: 'sources',
      serverTimeMs: this.#opts.now(),
      sources: this.#opts.sources(),
    };
    return JSON.stringify(msg);
  }

  #noteTrack(t: Track): void {
    this.#liveTrackTimes.set(t.id, t.last.tMs);
    if (t.last.tMs > this.#highWaterMs) this.#highWaterMs = t.last.tMs;
  }

  #tick(): void {
    const out: string[] = [];
    if (this.#pendingTracks.size > 0) {
      const tracks = [...this.#pendingTracks.values()];
      this.#pendingTracks = new Map();
      for (const t of tracks) this.#noteTrack(t);
      out.push(JSON.stringify({ type: 'tracks', tracks } satisfies LiveMessage));
    }
    if (this.#pendingDetections.length > 0) {
      const detections = this.#pendingDetections;
      this.#pendingDetections = [];
      out.push(JSON.stringify({ type: 'detections', detections } satisfies LiveMessage));
    }
    const wallMs = this.#opts.now();
    if (wallMs - this.#lastStaleCheckMs >= STALE_CHECK_EVERY_MS) {
      this.#lastStaleCheckMs = wallMs;
      const removed = this.#dropStaleTracks();
      if (removed.length > 0)
        out.push(JSON.stringify({ type: 'tracks_removed', ids: removed } satisfies LiveMessage));
    }
    if (wallMs - this.#lastSourcesMs >= this.#opts.sourcesEveryMs && this.#clients.size > 0) {
      this.#lastSourcesMs = wallMs;
      const sources = this.#sourcesMessage();
      if (sources !== undefined) out.push(sources);
    }
    const incidents = this.#takeIncidentsMessage();
    for (const c of this.#clients) {
      if (c.socket.readyState !== c.socket.OPEN || c.awaitingSnapshot) continue;
      if (!this.#mayPush(c, wallMs)) {
        c.needsSnapshot = true;
        continue;
      }
      if (c.socket.bufferedAmount > this.#opts.maxBufferedBytes) {
        c.needsSnapshot = true;
        continue;
      }
      if (c.needsSnapshot) {
        void this.#sendSnapshot(c);
        continue;
      }
      if (!c.incidentsOnly) for (const m of out) c.socket.send(m);
      if (incidents !== undefined && c.readsIncidents) c.socket.send(incidents);
    }
  }

  /** The incidents changed since the last tick, serialised once, if anyone may read them. */
  #takeIncidentsMessage(): string | undefined {
    if (this.#pendingIncidents.size === 0) return undefined;
    const items = [...this.#pendingIncidents.values()];
    this.#pendingIncidents = new Map();
    let anyReader = false;
    for (const c of this.#clients) anyReader ||= c.readsIncidents;
    if (!anyReader) return undefined;
    return JSON.stringify({ type: 'incidents', items } satisfies LiveMessage);
  }

  #dropStaleTracks(): string[] {
    const cutoff = this.#highWaterMs - this.#opts.staleMs;
    const removed: string[] = [];
    for (const [id, tMs] of this.#liveTrackTimes) {
      if (tMs < cutoff) {
        removed.push(id);
        this.#liveTrackTimes.delete(id);
      }
    }
    return removed;
  }
}
