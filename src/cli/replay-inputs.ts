/**
 * Where `truceline replay` reads observations from, each as batches in time
 * order with bounded memory: a JSON Lines file (or stdin), the store of a
 * stopped server's data directory, or a running server's API
 * (GET /api/observations, page by page). Malformed lines are counted and
 * skipped with their reasons.
 */
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import type { Observation } from '../core/types.js';
import { LineFramer } from '../decode/line-framer.js';
import { UsageError } from './args.js';

/** Reasons of skipped lines printed on stderr; the rest are only counted. */
const MAX_REASONS = 10;
/** Longest JSON line read, bytes; longer ones are skipped as malformed. */
const MAX_LINE_BYTES = 1 << 16;
/** Observations per store query: bounds memory when replaying from the store. */
const STORE_PAGE = 5_000;
/** Observations per API page (the server's limit is 10 000). */
const SERVER_PAGE = 5_000;

/** One observation per line, as the store and `truceline simulate` write them. */
const ObservationLine = z.object({
  trackId: z.string().min(1),
  kind: z.enum(['vessel', 'aircraft', 'ground']),
  tMs: z.number().int(),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  source: z.string(),
  altFt: z.number().optional(),
  speedKn: z.number().optional(),
  courseDeg: z.number().optional(),
  headingDeg: z.number().optional(),
  status: z.string().optional(),
  squawk: z.string().optional(),
  name: z.string().optional(),
  callsign: z.string().optional(),
  flag: z.string().optional(),
  nic: z.number().optional(),
  nacP: z.number().optional(),
  sil: z.number().optional(),
});

export interface InputCounters {
  /** Valid observations. */
  read: number;
  /** Malformed lines. */
  skipped: number;
  reasons: string[];
}

/** JSON Lines, a chunk at a time; each chunk's valid observations as one batch. */
export async function* readJsonLines(
  file: string | undefined,
  counters: InputCounters,
): AsyncGenerator<Observation[]> {
  let lineNo = 0;
  let batch: Observation[] = [];
  const skip = (reason: string): void => {
    counters.skipped++;
    if (counters.reasons.length < MAX_REASONS) counters.reasons.push(`line ${lineNo}: ${reason}`);
  };
  const framer = new LineFramer(
    {
      maxLineLength: MAX_LINE_BYTES,
      onTooLong: () => {
        lineNo++;
        skip(`longer than ${MAX_LINE_BYTES} bytes`);
      },
    },
    (latin1) => {
      lineNo++;
      // The framer hands bytes over as Latin-1; names may be UTF-8.
      const line = /[\u0080-\u00ff]/.test(latin1)
        ? Buffer.from(latin1, 'latin1').toString()
        : latin1;
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        skip('not JSON');
        return;
      }
      const r = ObservationLine.safeParse(json);
      if (!r.success) {
        const issue = r.error.issues[0]!;
        skip(`${issue.path.join('.') || '(line)'}: ${issue.message}`);
        return;
      }
      counters.read++;
      batch.push(r.data);
    },
  );
  const stream =
    file === undefined ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    framer.push(chunk as Buffer);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  framer.end();
  if (batch.length > 0) yield batch;
}

/**
 * The store's observations in [fromMs, toMs], oldest first, a page at a time.
 * A query answers by time (ties by arrival), so the next page starts at the
 * last page's last time and skips the rows at that time already given.
 */
export async function* readStorePages(
  dir: string,
  fromMs: number | undefined,
  toMs: number | undefined,
  counters: InputCounters,
): AsyncGenerator<Observation[]> {
  const { openSqliteStore, scanObservations } = await import('../store/index.js');
  const store = openSqliteStore({ dir });
  try {
    for await (const page of scanObservations(store, { fromMs, toMs, pageSize: STORE_PAGE })) {
      counters.read += page.length;
      yield page;
    }
  } finally {
    await store.close();
  }
}

/**
 * The server wants a token of scope read (docs/accounts.md): taken from
 * TRUCELINE_TOKEN, not a flag, so that it stays out of `ps` and shell history.
 */
function tokenHeaders(): Record<string, string> {
  const token = process.env.TRUCELINE_TOKEN;
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * A running server's observations in [fromMs, toMs], oldest first, through
 * GET /api/observations and its cursor: the way to replay what a live
 * server holds (its data directory must not be opened beside it).
 */
export async function* readServerPages(
  baseUrl: string,
  fromMs: number | undefined,
  toMs: number | undefined,
  counters: InputCounters,
): AsyncGenerator<Observation[]> {
  let cursor: string | null | undefined;
  do {
    const url = new URL('/api/observations', baseUrl);
    url.searchParams.set('limit', String(SERVER_PAGE));
    if (fromMs !== undefined && cursor === undefined) url.searchParams.set('from', String(fromMs));
    if (toMs !== undefined) url.searchParams.set('to', String(toMs));
    if (cursor) url.searchParams.set('cursor', cursor);
    let res: Response;
    try {
      res = await fetch(url, { headers: tokenHeaders() });
    } catch (err) {
      throw new UsageError(`--server ${baseUrl}: cannot reach it (${(err as Error).message})`);
    }
    if (!res.ok) {
      throw new UsageError(`--server ${baseUrl}: ${res.status} ${await res.text()}`);
    }
    const body = (await res.json()) as { items: Observation[]; next: string | null };
    counters.read += body.items.length;
    if (body.items.length > 0) yield body.items;
    cursor = body.next;
  } while (cursor !== null);
}
