/**
 * AIS pushed to us: receivers connect and send NMEA lines (AIS-catcher
 * `-P host port`, a serial-to-TCP bridge, another Truceline relay). One
 * framer and decoder per connection, so one sender's partial line or
 * half-sent multi-sentence message never mixes with another's. Lossless:
 * while the ingest queue is full every connection is paused.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { AisPipeline } from './ais-pipeline.js';
import { ListenRetry } from './listen-retry.js';
import type { Source, SourceHealth } from './source.js';
import { formatHostPort, type SourceContext, SourceRuntime } from './source-runtime.js';

export interface TcpServerSourceOptions {
  id: string;
  host: string;
  /** 0 picks a free port (tests); see `boundPort`. */
  port: number;
  /** Connections beyond this are refused. Default 64. */
  maxConnections?: number;
}

export const DEFAULT_MAX_CONNECTIONS = 64;
/** A sender that has said nothing for this long is disconnected (its receiver is gone). */
const IDLE_TIMEOUT_MS = 10 * 60_000;

export class TcpServerSource implements Source {
  readonly kind = 'ais-tcp-server';
  readonly #opts: TcpServerSourceOptions;
  readonly #rt: SourceRuntime;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  #paused = false;
  readonly #retry: ListenRetry;
  #stopped = true;

  constructor(options: TcpServerSourceOptions, ctx: SourceContext) {
    this.#opts = options;
    this.#rt = new SourceRuntime(
      { id: options.id, kind: this.kind, address: formatHostPort(options.host, options.port) },
      ctx,
    );
    this.#retry = new ListenRetry(ctx, this.#rt, 'AIS TCP source');
  }

  get id(): string {
    return this.#opts.id;
  }

  /** The port listened on (the chosen one when configured with 0). */
  get boundPort(): number | undefined {
    const a = this.#server?.address();
    return typeof a === 'object' && a !== null ? a.port : undefined;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#rt.startChores();
    this.#listen();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#retry.cancel();
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.#rt.stopChores();
    await this.#rt.queue.drain();
    this.#rt.setState('stopped');
  }

  health(): SourceHealth {
    return this.#rt.health(this.#sockets.size);
  }

  /** Resolves once listening, rejects if this attempt fails: for tests that need the port. */
  async whenListening(): Promise<void> {
    const server = this.#server;
    if (server === undefined) throw new Error('TcpServerSource: not started');
    if (!server.listening) await once(server, 'listening');
  }

  #listen(): void {
    const rt = this.#rt;
    const { host, port } = this.#opts;
    rt.setState('connecting');
    const server = createServer((socket) => this.#accept(socket));
    this.#server = server;
    server.maxConnections = this.#opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    server.on('drop', (d) => {
      rt.setState(
        rt.state,
        new Error(`refused ${d?.remoteAddress}: ${server.maxConnections} connections open`),
      );
    });
    server.on('listening', () => {
      this.#retry.reset();
      rt.setState('listening');
      rt.setAddress(formatHostPort(host, this.boundPort));
      rt.log.info({ source: rt.id, host, port: this.boundPort }, 'AIS TCP source listening');
    });
    server.on('error', (err) => {
      // Address in use, permission denied: say so in health and try again later.
      rt.setState('error', err);
      server.close();
      if (this.#stopped || server !== this.#server) return;
      this.#retry.schedule(err, () => {
        if (!this.#stopped) this.#listen();
      });
    });
    server.listen({ host, port });
  }

  #accept(socket: Socket): void {
    const rt = this.#rt;
    if (this.#stopped) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    const pipeline = new AisPipeline({ sourceId: rt.id, stats: rt.stats, onItem: rt.deliver });
    const offChore = rt.addChore((nowMs) => pipeline.expire(nowMs));
    if (this.#paused) socket.pause();
    socket.setTimeout(IDLE_TIMEOUT_MS, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      pipeline.pushChunk(chunk, rt.now());
      if (!this.#paused && rt.queue.isFull) this.#pauseAll();
    });
    socket.on('error', (err) => rt.setState(rt.state, err));
    socket.on('close', () => {
      this.#sockets.delete(socket);
      offChore();
      pipeline.close();
    });
  }

  #pauseAll(): void {
    this.#paused = true;
    for (const s of this.#sockets) s.pause();
    this.#rt.queue.onSpace(() => {
      this.#paused = false;
      for (const s of this.#sockets) s.resume();
    });
  }
}
