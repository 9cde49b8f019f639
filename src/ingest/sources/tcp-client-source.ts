/**
 * A receiver's TCP server we connect to: AIS (AIS-catcher `-S`, rtl-ais
 * `-T`, an aggregator or a provider) or ADS-B (dump1090/readsb `--net`:
 * Beast on 30005, AVR on 30002, SBS on 30003). Reconnects forever with
 * capped exponential backoff and jitter. Lossless: while the ingest queue is
 * full the socket is paused, and TCP flow control slows the sender.
 */
import { connect, type Socket } from 'node:net';
import { computeBackoffMs, RECONNECT_BACKOFF } from './backoff.js';
import type { Source, SourceFormat, SourceHealth, SourceKind } from './source.js';
import {
  formatHostPort,
  type ReceiverPosition,
  type SourceContext,
  SourceRuntime,
} from './source-runtime.js';
import { createPipeline, type StreamPipeline } from './stream-pipeline.js';

export interface TcpClientSourceOptions {
  id: string;
  host: string;
  port: number;
  /** What the server sends (default `ais`). */
  format?: SourceFormat;
  /** ADS-B: this receiver's position (default: the context's). */
  receiver?: ReceiverPosition;
}

/** How the log names a feed of each format. */
export const FORMAT_LABELS: Record<SourceFormat, string> = {
  ais: 'AIS',
  beast: 'Beast',
  avr: 'AVR',
  sbs: 'SBS',
};

/** Give up on a connection attempt the OS has not settled after this long. */
const CONNECT_TIMEOUT_MS = 15_000;
const KEEPALIVE_MS = 30_000;

export class TcpClientSource implements Source {
  readonly kind: SourceKind;
  readonly #opts: TcpClientSourceOptions;
  readonly #format: SourceFormat;
  readonly #label: string;
  /** The current connection's pipeline, for the aircraft count. */
  #pipeline: StreamPipeline | undefined;
  readonly #ctx: SourceContext;
  readonly #rt: SourceRuntime;
  #socket: Socket | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  /** Failed attempts since data last arrived: drives the backoff. */
  #attempt = 0;
  #stopped = true;

  constructor(options: TcpClientSourceOptions, ctx: SourceContext) {
    this.#opts = options;
    this.#ctx = ctx;
    this.#format = options.format ?? 'ais';
    this.#label = FORMAT_LABELS[this.#format];
    this.kind = `${this.#format}-tcp-client`;
    this.#rt = new SourceRuntime(
      {
        id: options.id,
        kind: this.kind,
        address: formatHostPort(options.host, options.port),
        format: this.#format,
      },
      ctx,
    );
  }

  get id(): string {
    return this.#opts.id;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#rt.startChores();
    this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#socket?.destroy();
    this.#socket = undefined;
    this.#rt.stopChores();
    await this.#rt.queue.drain();
    this.#rt.setState('stopped');
  }

  health(): SourceHealth {
    return this.#rt.health(undefined, this.#pipeline?.aircraft);
  }

  #connect(): void {
    const rt = this.#rt;
    const { host, port } = this.#opts;
    rt.setState(this.#attempt === 0 ? 'connecting' : 'reconnecting');
    const socket = connect({ host, port });
    this.#socket = socket;
    const receiver = this.#opts.receiver ?? this.#ctx.receiver;
    const pipeline = createPipeline(this.#format, {
      sourceId: rt.id,
      stats: rt.stats,
      onItem: rt.deliver,
      timing: 'live',
      ...(receiver === undefined ? {} : { receiver }),
    });
    this.#pipeline = pipeline;
    const offChore = rt.addChore((nowMs) => pipeline.expire(nowMs));
    let paused = false;
    socket.setTimeout(CONNECT_TIMEOUT_MS, () =>
      socket.destroy(new Error(`connect to ${host}:${port} timed out`)),
    );
    socket.on('connect', () => {
      socket.setTimeout(0);
      socket.setKeepAlive(true, KEEPALIVE_MS);
      rt.setState('connected');
      rt.log.info({ source: rt.id, host, port }, `${this.#label} source connected`);
    });
    socket.on('data', (chunk: Buffer) => {
      // Reset the backoff on data, not on connect: a server that accepts and
      // hangs up at once must still be retried ever more slowly.
      this.#attempt = 0;
      pipeline.pushChunk(chunk, rt.now());
      if (!paused && rt.queue.isFull) {
        paused = true;
        socket.pause();
        rt.queue.onSpace(() => {
          paused = false;
          socket.resume();
        });
      }
    });
    socket.on('end', () => rt.setState(rt.state, new Error('connection closed by the server')));
    socket.on('error', (err) => rt.setState(rt.state, err));
    socket.on('close', () => {
      offChore();
      pipeline.close();
      if (socket !== this.#socket || this.#stopped) return;
      this.#socket = undefined;
      this.#scheduleReconnect();
    });
  }

  #scheduleReconnect(): void {
    const delayMs = computeBackoffMs(
      this.#attempt,
      this.#ctx.backoff ?? RECONNECT_BACKOFF,
      this.#ctx.random,
    );
    const details = { source: this.#rt.id, retryInMs: delayMs, lastError: this.#rt.lastError };
    // Warn when the feed is lost; later failed attempts are routine until it is back.
    if (this.#attempt === 0) {
      this.#rt.log.warn(details, `${this.#label} source disconnected; reconnecting`);
    } else this.#rt.log.info(details, `${this.#label} source still unreachable; retrying`);
    this.#attempt++;
    this.#rt.setState('reconnecting');
    this.#retryTimer = setTimeout(() => {
      if (!this.#stopped) this.#connect();
    }, delayMs);
  }
}
