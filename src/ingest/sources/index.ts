/**
 * Live sources of observations: AIS and ADS-B receivers over TCP and UDP,
 * file replay, the simulator.
 */

export { computeBackoffMs, RECONNECT_BACKOFF } from './backoff.js';
export { FileReplaySource } from './file-replay-source.js';
export { IngestQueue, type SourceBatch, type SourceItem } from './ingest-queue.js';
export { SimulatorSource } from './simulator-source.js';
export {
  SOURCE_FORMATS,
  type Source,
  type SourceFormat,
  type SourceHealth,
  type SourceKind,
  type SourceLog,
  type SourceState,
} from './source.js';
export {
  ADSB_DEFAULT_PORTS,
  createSource,
  DEFAULT_LISTEN_HOST,
  nameSource,
  parseHostPort,
  parseLatLon,
  ReceiverSchema,
  type SourceConfig,
  SourceConfigSchema,
  SourceListSchema,
} from './source-config.js';
export type { ReceiverPosition, SourceContext } from './source-runtime.js';
export { DEFAULT_SILENT_AFTER_MS } from './source-stats.js';
export { TcpClientSource } from './tcp-client-source.js';
export { TcpServerSource } from './tcp-server-source.js';
export { UdpSource } from './udp-source.js';
