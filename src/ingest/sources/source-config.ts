/**
 * Sources as configuration: the JSON shape of `sources` in a config file
 * (validated, with errors naming the field), `HOST:PORT` and `LAT,LON`
 * flags, and the one function that turns a config into a running Source.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { FileReplaySource } from './file-replay-source.js';
import type { Source } from './source.js';
import type { SourceContext } from './source-runtime.js';
import { TcpClientSource } from './tcp-client-source.js';
import { TcpServerSource } from './tcp-server-source.js';
import { UdpSource } from './udp-source.js';

/** Where listeners bind unless told otherwise: this machine only. */
export const DEFAULT_LISTEN_HOST = '127.0.0.1';

const Name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
const Host = z.string().min(1).max(253);
const Port = z.number().int().min(0).max(65535);

/** A receiver's antenna position, decimal degrees. */
export const ReceiverSchema = z
  .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
  .strict();

/** dump1090 / readsb `--net` output ports: Beast, AVR (raw), SBS (BaseStation). */
export const ADSB_DEFAULT_PORTS = { beast: 30005, avr: 30002, sbs: 30003 } as const;

function adsbTcpClient<T extends 'beast' | 'avr' | 'sbs'>(format: T) {
  return z
    .object({
      type: z.literal(`${format}-tcp-client` as const),
      name: Name.optional(),
      host: Host,
      port: Port.min(1).default(ADSB_DEFAULT_PORTS[format]),
      /** This receiver's position; default the top-level `receiver`. */
      receiver: ReceiverSchema.optional(),
    })
    .strict();
}

export const SourceConfigSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('ais-tcp-client'),
      name: Name.optional(),
      host: Host,
      port: Port.min(1),
    })
    .strict(),
  z
    .object({
      type: z.literal('ais-tcp-server'),
      name: Name.optional(),
      host: Host.default(DEFAULT_LISTEN_HOST),
      port: Port,
      maxConnections: z.number().int().min(1).max(10_000).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('ais-udp'),
      name: Name.optional(),
      host: Host.default(DEFAULT_LISTEN_HOST),
      port: Port,
    })
    .strict(),
  z
    .object({
      type: z.literal('ais-file'),
      name: Name.optional(),
      path: z.string().min(1),
      /** Recorded seconds per real second; 0 as fast as possible. */
      replaySpeed: z.number().min(0).max(1_000_000).default(0),
    })
    .strict(),
  adsbTcpClient('beast'),
  adsbTcpClient('avr'),
  adsbTcpClient('sbs'),
  z
    .object({
      type: z.literal('adsb-file'),
      name: Name.optional(),
      path: z.string().min(1),
      /** Absent: found in the file's first bytes. */
      format: z.enum(['beast', 'avr', 'sbs']).optional(),
      /** Recorded seconds per real second (Beast/AVR counter, SBS times); 0 as fast as possible. */
      replaySpeed: z.number().min(0).max(1_000_000).default(0),
      receiver: ReceiverSchema.optional(),
    })
    .strict(),
]);

/** A source as written in a config file or passed to createTruceline (defaults optional). */
export type SourceConfig = z.input<typeof SourceConfigSchema>;
type ParsedSourceConfig = z.output<typeof SourceConfigSchema>;

/** A list of sources whose names (given or defaulted) are all different. */
export const SourceListSchema = z.array(SourceConfigSchema).superRefine((list, ctx) => {
  const seen = new Set<string>();
  list.forEach((config, i) => {
    const id = nameSource(config);
    if (seen.has(id)) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'name'],
        message: `duplicate source "${id}": give each source its own name`,
      });
    }
    seen.add(id);
  });
});

/** The source's id: its name, else kind and address (`ais-udp:127.0.0.1:10110`). */
export function nameSource(config: SourceConfig): string {
  if (config.name !== undefined) return config.name;
  switch (config.type) {
    case 'ais-tcp-client':
      return `ais-tcp:${config.host}:${config.port}`;
    case 'ais-tcp-server':
      return `ais-listen:${config.host ?? DEFAULT_LISTEN_HOST}:${config.port}`;
    case 'ais-udp':
      return `ais-udp:${config.host ?? DEFAULT_LISTEN_HOST}:${config.port}`;
    case 'ais-file':
      return `ais-file:${basename(config.path)}`;
    case 'beast-tcp-client':
    case 'avr-tcp-client':
    case 'sbs-tcp-client': {
      const format = config.type.slice(0, -'-tcp-client'.length) as 'beast' | 'avr' | 'sbs';
      return `${format}-tcp:${config.host}:${config.port ?? ADSB_DEFAULT_PORTS[format]}`;
    }
    case 'adsb-file':
      return `adsb-file:${basename(config.path)}`;
  }
}

/** `59.9,30.3` (LAT,LON in decimal degrees); undefined if malformed or out of range. */
export function parseLatLon(text: string): { lat: number; lon: number } | undefined {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (m === null) return undefined;
  const r = ReceiverSchema.safeParse({ lat: Number(m[1]), lon: Number(m[2]) });
  return r.success ? r.data : undefined;
}

/** `127.0.0.1:10110`, `receiver.lan:5631`, `[::1]:10110`; undefined if malformed. */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const m = /^\[([0-9A-Fa-f:.]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:\s[\]]+):(\d{1,5})$/.exec(text);
  if (m === null) return undefined;
  const port = Number(m[2]);
  return port <= 65535 ? { host: m[1]!, port } : undefined;
}

/** A Source for the config (validated here too: a bad config is our own misuse). */
export function createSource(config: SourceConfig, ctx: SourceContext): Source {
  const c: ParsedSourceConfig = SourceConfigSchema.parse(config);
  const id = nameSource(c);
  switch (c.type) {
    case 'ais-tcp-client':
      return new TcpClientSource({ id, host: c.host, port: c.port }, ctx);
    case 'ais-tcp-server':
      return new TcpServerSource(
        { id, host: c.host, port: c.port, maxConnections: c.maxConnections },
        ctx,
      );
    case 'ais-udp':
      return new UdpSource({ id, host: c.host, port: c.port }, ctx);
    case 'ais-file':
      return new FileReplaySource({ id, path: c.path, speed: c.replaySpeed }, ctx);
    case 'beast-tcp-client':
    case 'avr-tcp-client':
    case 'sbs-tcp-client':
      return new TcpClientSource(
        {
          id,
          host: c.host,
          port: c.port,
          format:
            c.type === 'beast-tcp-client' ? 'beast' : c.type === 'avr-tcp-client' ? 'avr' : 'sbs',
          ...(c.receiver === undefined ? {} : { receiver: c.receiver }),
        },
        ctx,
      );
    case 'adsb-file':
      return new FileReplaySource(
        {
          id,
          path: c.path,
          speed: c.replaySpeed,
          format: c.format ?? 'adsb',
          ...(c.receiver === undefined ? {} : { receiver: c.receiver }),
        },
        ctx,
      );
  }
}
