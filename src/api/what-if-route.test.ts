import { readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAgreementDocument } from '../core/agreement-file.js';
import type { Observation } from '../core/types.js';
import { openSqliteStore, type SqliteStore, type Store, scanObservations } from '../store/index.js';
import { makeObservation, T0_MS } from '../store/store-fixtures.js';
import { installErrorHandler } from './api-error.js';
import { registerWhatIfRoute, runWhatIf } from './what-if-route.js';

const DEMO_FILE = path.resolve(import.meta.dirname, '../../scenarios/demo/agreement.json');
const demo = parseAgreementDocument(JSON.parse(readFileSync(DEMO_FILE, 'utf8')), DEMO_FILE);

/** Observations of several tracks, several per millisecond, as `ms@track` for comparing. */
function summarize(list: readonly Observation[]): string[] {
  return list.map((o) => `${o.tMs - T0_MS}@${o.trackId}`);
}

async function collect(pages: AsyncIterable<Observation[]>): Promise<Observation[][]> {
  const out: Observation[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('scanObservations', () => {
  let store: SqliteStore;
  afterEach(async () => store?.close());

  it('gives every stored observation once, in store order, whatever the page size', async () => {
    store = openSqliteStore({ memory: true });
    const times = [0, 0, 0, 1, 1, 1, 1, 1, 2, 3, 3];
    // Two appends, the second with earlier times: ties go by arrival.
    await store.appendObservations(
      times.slice(5).map((t, i) => makeObservation(`mmsi:${100 + i}`, T0_MS + t)),
    );
    await store.appendObservations(
      times.slice(0, 5).map((t, i) => makeObservation(`mmsi:${200 + i}`, T0_MS + t)),
    );
    const all = await store.queryObservations({});
    for (const size of [1, 2, 3, 4, 100]) {
      const pages = await collect(
        scanObservations(store, { fromMs: T0_MS, toMs: T0_MS + 3, pageSize: size }),
      );
      expect(summarize(pages.flat()), `page size ${size}`).toEqual(summarize(all));
      expect(pages.every((p) => p.length <= size)).toBe(true);
    }
  });

  it('does not miss an observation stored meanwhile at the millisecond a page ended on', async () => {
    store = openSqliteStore({ memory: true });
    await store.appendObservations(
      [0, 1, 1].map((t, i) => makeObservation(`mmsi:${i}`, T0_MS + t)),
    );
    const inner = store;
    let added = false;
    const live = {
      async queryObservations(q: Parameters<Store['queryObservations']>[0]) {
        const rows = await inner.queryObservations(q);
        if (!added) {
          added = true;
          await inner.appendObservations([makeObservation('mmsi:late', T0_MS + 1)]);
        }
        return rows;
      },
    } as Store;
    const pages = await collect(
      scanObservations(live, { fromMs: T0_MS, toMs: T0_MS + 1, pageSize: 2 }),
    );
    expect(summarize(pages.flat())).toEqual(['0@mmsi:0', '1@mmsi:1', '1@mmsi:2', '1@mmsi:late']);
  });
});

describe('runWhatIf', () => {
  let store: SqliteStore;
  afterEach(async () => store?.close());

  it('ends the period before the first millisecond that does not fit under the cap', async () => {
    store = openSqliteStore({ memory: true });
    const times = [0, 0, 1000, 1000, 2000, 2000, 3000, 3000];
    await store.appendObservations(times.map((t, i) => makeObservation(`mmsi:${i}`, T0_MS + t)));
    for (const pageSize of [2, 3, 100]) {
      const run = await runWhatIf(store, {
        a: { agreement: demo, label: 'in force' },
        b: { agreement: demo, pinVersion: 1, label: 'draft' },
        fromMs: T0_MS,
        toMs: T0_MS + 3000,
        maxObservations: 5,
        pageSize,
      });
      expect(run, `page size ${pageSize}`).toMatchObject({
        observations: 4,
        truncated: true,
        period: { fromMs: T0_MS, toMs: T0_MS + 1999 },
      });
    }
    const whole = await runWhatIf(store, {
      a: { agreement: demo, label: 'in force' },
      b: { agreement: demo, label: 'draft' },
      fromMs: T0_MS,
      toMs: T0_MS + 3000,
      maxObservations: 8,
      pageSize: 3,
    });
    expect(whole).toMatchObject({ observations: 8, truncated: false });
    expect(whole.comparison.variants).toEqual({
      a: { label: 'in force', agreementId: 'demo' },
      b: { label: 'draft', agreementId: 'demo' },
    });
  });
});

describe('POST /api/what-if, one run at a time', () => {
  it('answers 429 busy while a run is reading the store, and runs again after it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let reading!: () => void;
    const started = new Promise<void>((r) => {
      reading = r;
    });
    const store = {
      latestObservationTimeMs: async () => T0_MS,
      async queryObservations() {
        reading();
        await gate;
        return [];
      },
    } as unknown as Store;
    const app = Fastify();
    installErrorHandler(app);
    registerWhatIfRoute(app, { store, getAgreement: () => demo, now: () => T0_MS });
    const draft = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as unknown;
    const post = () => app.inject({ method: 'POST', url: '/api/what-if', payload: { draft } });

    const first = post();
    await started;
    const second = await post();
    expect(second.statusCode).toBe(429);
    expect(second.json()).toMatchObject({ error: { code: 'busy' } });
    release();
    expect((await first).statusCode).toBe(200);
    expect((await post()).statusCode).toBe(200);
    await app.close();
  });
});
