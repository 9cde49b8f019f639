/**
 * The WebSocket to `/api/live`: parses LiveMessages, reconnects with capped
 * exponential backoff (with jitter, so a restarted server is not hit by every
 * analyst's browser in the same millisecond) and reports its state.
 */
import type { LiveMessage } from '../../src/api/wire.js';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface LiveConnectionHandlers {
  onMessage(message: LiveMessage): void;
  onState(state: ConnectionState, retryInMs?: number): void;
}

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15_000;

export class LiveConnection {
  private socket: WebSocket | null = null;
  private retryTimer = 0;
  private attempt = 0;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly handlers: LiveConnectionHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.socket?.close();
    this.socket = null;
  }

  private open(): void {
    this.handlers.onState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
    });
    socket.addEventListener('message', (event) => this.receive(event));
    socket.addEventListener('close', () => this.scheduleRetry(socket));
    // 'error' is always followed by 'close'; the retry is scheduled there.
  }

  private receive(event: MessageEvent): void {
    if (typeof event.data !== 'string') return;
    let message: LiveMessage;
    try {
      message = JSON.parse(event.data) as LiveMessage;
    } catch {
      console.warn('live: ignored a message that is not JSON');
      return;
    }
    // The picture is live once the snapshot arrives, not when the socket opens.
    if (message.type === 'snapshot') this.handlers.onState('live');
    this.handlers.onMessage(message);
  }

  private scheduleRetry(socket: WebSocket): void {
    if (this.stopped || socket !== this.socket) return;
    this.socket = null;
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.attempt += 1;
    this.handlers.onState('reconnecting', delayMs);
    this.retryTimer = window.setTimeout(() => this.open(), delayMs);
  }
}
