/**
 * AIS over UDP, the usual output of AIS-catcher (`-u host port`) and rtl-ais
 * (`-h host -P port`): each datagram holds one or more whole lines. UDP
 * cannot be paused, so when the ingest queue is full what arrives is dropped
 * and counted (`dropped` in health, one warning per interval in the log).
 */
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { isIPv6 } from 'node:net';
import { AisPipeline } from './ais-pipeline.js';
import { ListenRetry } from './listen-retry.js';
import type { Source, SourceHealth } from './source.js';
import { formatHostPort, type SourceContext, SourceRuntime } from './source-runtime.js';

export interface UdpSourceOptions {
  id: string;
  host: string;
  /** 0 picks a free port (tests); see `boundPort`. */
  port: number;
}

/** Room in the kernel for bursts while the event loop is busy (best effort). */
const RECEIVE_BUFFER_BYTES = 4 << 20;

export class UdpSource implements Source {
  readonly kind = 'ais-udp';
  readonly #opts: UdpSourceOptions;
  readonly #rt: SourceRuntime;
  readonly #pipeline: AisPipeline;
  #socket: Socket | undefined;
  readonly #retry: ListenRetry;
  #stopped = true;

  constructor(options: UdpSourceOptions, ctx: SourceContext) {
    this.#opts = options;
    this.#rt = new SourceRuntime(
      { id: options.id, kind: this.kind, address: formatHostPort(options.host, options.port) },
      ctx,
    );
    this.#retry = new ListenRetry(ctx, this.#rt, 'AIS UDP source');
    const rt = this.#rt;
    this.#pipeline = new AisPipeline({
      sourceId: rt.id,
      stats: rt.stats,
      onItem: rt.deliverOrDrop,
    });
    rt.addChore((nowMs) => this.#pipeline.expire(nowMs));
  }

  get id(): string {
    return this.#opts.id;
  }

  get boundPort(): number | undefined {
    try {
      return this.#socket?.address().port;
    } catch {
      return undefined; // not bound yet
    }
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#rt.startChores();
    this.#bind();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#retry.cancel();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) await closeQuietly(socket);
    this.#rt.stopChores();
    this.#pipeline.close();
    await this.#rt.queue.drain();
    this.#rt.setState('stopped');
  }

  health(): SourceHealth {
    return this.#rt.health();
  }

  /** Resolves once bound, rejects if this attempt fails: for tests that need the port. */
  async whenListening(): Promise<void> {
    const socket = this.#socket;
    if (socket === undefined) throw new Error('UdpSource: not started');
    if (this.boundPort === undefined) await once(socket, 'listening');
  }

  #bind(): void {
    const rt = this.#rt;
    const { host, port } = this.#opts;
    rt.setState('connecting');
    const socket = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    this.#socket = socket;
    socket.on('message', (datagram) => this.#pipeline.pushDatagram(datagram, rt.now()));
    socket.on('listening', () => {
      this.#retry.reset();
      try {
        socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
      } catch {
        // The OS caps it (net.core.rmem_max); the default still works.
      }
      rt.setState('listening');
      rt.setAddress(formatHostPort(host, this.boundPort));
      rt.log.info({ source: rt.id, host, port: this.boundPort }, 'AIS UDP source listening');
    });
    socket.on('error', (err) => {
      rt.setState('error', err);
      void closeQuietly(socket);
      if (this.#stopped || socket !== this.#socket) return;
      this.#socket = undefined;
      this.#retry.schedule(err, () => {
        if (!this.#stopped) this.#bind();
      });
    });
    socket.bind({ address: host, port });
  }
}

/** Close, whatever state a failed bind left the socket in. */
function closeQuietly(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
