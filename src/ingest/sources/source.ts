/**
 * What every source of observations is to the rest of Truceline: something
 * that starts, stops and says how it is doing. Sources deliver into an
 * IngestQueue (bounded); what they deliver, and how, is their own business.
 */

export type SourceKind =
  | 'ais-tcp-client'
  | 'ais-tcp-server'
  | 'ais-udp'
  | 'ais-file'
  | 'beast-tcp-client'
  | 'avr-tcp-client'
  | 'sbs-tcp-client'
  | 'adsb-file'
  | 'simulator';

/**
 * What a byte stream carries: NMEA 0183 AIS lines, Beast binary frames
 * (dump1090/readsb port 30005), AVR hex lines (30002) or SBS-1 BaseStation
 * CSV (30003). Each has its own pipeline (stream-pipeline.ts).
 */
export type SourceFormat = 'ais' | 'beast' | 'avr' | 'sbs';
export const SOURCE_FORMATS: readonly SourceFormat[] = ['ais', 'beast', 'avr', 'sbs'];

/**
 * - `connecting` / `connected` / `reconnecting`: a TCP client;
 * - `listening`: a TCP server or UDP socket bound and waiting;
 * - `running`: the simulator, or a file being replayed;
 * - `finished`: a file replayed to its end (everything in it stored);
 * - `stopped`: closed on purpose; `error`: failed, see `lastError` (retried).
 */
export type SourceState =
  | 'connecting'
  | 'connected'
  | 'listening'
  | 'reconnecting'
  | 'running'
  | 'finished'
  | 'stopped'
  | 'error';

/** One source's health, as `GET /api/sources` and the live WebSocket show it. */
export interface SourceHealth {
  /** The source's name: also the `source` of its observations. */
  id: string;
  kind: SourceKind;
  /** `host:port` or the file path. */
  address: string;
  /** What the stream carries (an `adsb-file` shows the format found in its first bytes). */
  format?: SourceFormat;
  state: SourceState;
  /** The last error (connection refused, address in use, …), kept after recovery. */
  lastError?: string;
  /** Messages decoded (AIS, Mode S, SBS lines) or observations made (simulator) since start. */
  messagesTotal: number;
  /** Messages per second over the last 10 s. */
  messagesPerS: number;
  /** Lines, frames or messages refused, by reason (bad_checksum, bad_crc, unknown_address, …). */
  rejected: Record<string, number>;
  rejectedTotal: number;
  /** Observations dropped because the store could not keep up. */
  dropped: number;
  /** Receive time (server clock) of the last message decoded. */
  lastMessageMs?: number;
  /** Had traffic, but none for longer than the configured silence threshold. */
  silent: boolean;
  /**
   * Cannot do its work: in state `error`, or unable to reach its peer
   * (`connecting` / `reconnecting`) for longer than a few retries take.
   */
  failing: boolean;
  /** Since when (server clock) it has been connecting, reconnecting or in error. */
  troubleSinceMs?: number;
  /** Observations and static reports waiting for the store. */
  queued: number;
  /** Open connections (TCP server). */
  connections?: number;
  /** Aircraft currently held by the source's ADS-B decoding (Beast, AVR, SBS). */
  aircraft?: number;
}

export interface Source {
  readonly id: string;
  readonly kind: SourceKind;
  /** Begin receiving; never throws for network trouble (see health()). */
  start(): void;
  /** Stop receiving and wait until what was received is stored. */
  stop(): Promise<void>;
  health(): SourceHealth;
}

/** The slice of a pino/fastify logger sources use. */
export interface SourceLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const SILENT_LOG: SourceLog = { info() {}, warn() {}, error() {} };
