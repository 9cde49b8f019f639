/**
 * Wires the parts together (and nothing else does): store, engine, bus,
 * simulator and API, for the embedded default of one process.
 *
 *   sources (simulator, POST /api/observations)
 *     -> ingest(): engine.step per observation -> store (observations,
 *        detections, tracks) -> bus -> live WebSocket
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { buildApiServer } from './api/index.js';
import { InProcessBus } from './bus/index.js';
import type { Detection, Observation, Track } from './core/types.js';
import { Engine } from './engine/index.js';
import { createSimulator, loadScenario, startSimulatorClock } from './ingest/simulator/index.js';
import { openSqliteStore } from './store/index.js';

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_SCENARIO_DIR = resolve(PACKAGE_ROOT, 'scenarios/demo');
export const DEFAULT_WEB_DIR = resolve(PACKAGE_ROOT, 'dist/web');

export interface SimulateConfig {
  seed: number;
  vessels: number;
  aircraft: number;
  /** Simulated seconds per wall-clock second. */
  speed: number;
}

export interface TrucelineConfig {
  port: number;
  host: string;
  dataDir: string;
  scenarioDir: string;
  /** Run the traffic simulator of the scenario; false for real feeds only. */
  simulate: SimulateConfig | false;
  version?: string;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  webDir?: string;
}

export interface Truceline {
  url: string;
  engine: Engine;
  close(): Promise<void>;
}

/**
 * Simulator batches still being stored before new ones are dropped: the
 * simulator never grows memory without bound behind a slow disk.
 */
const MAX_SIM_BATCHES_IN_FLIGHT = 8;

export async function createTruceline(config: TrucelineConfig): Promise<Truceline> {
  const scenario = await loadScenario(config.scenarioDir);
  const store = openSqliteStore({ dir: config.dataDir });
  await store.saveAgreement(scenario.agreement);
  const engine = new Engine(scenario.agreement);
  engine.restoreTracks(await store.listTracks());

  let log: FastifyBaseLogger | undefined;
  const bus = new InProcessBus((err, topic) => log?.error({ err, topic }, 'bus subscriber failed'));

  async function ingest(batch: Observation[]): Promise<void> {
    const detections: Detection[] = [];
    const changed = new Map<string, Track>();
    for (const obs of batch) {
      for (const d of engine.step(obs)) detections.push(d);
      changed.set(obs.trackId, engine.getTrack(obs.trackId)!);
    }
    const tracks = [...changed.values()];
    await Promise.all([
      store.appendObservations(batch),
      detections.length > 0 ? store.appendDetections(detections) : undefined,
      store.upsertTracks(tracks),
    ]);
    bus.publish('observations', batch);
    bus.publish('tracks', tracks);
    if (detections.length > 0) bus.publish('detections', detections);
  }

  const sim = config.simulate;
  let simClock: ReturnType<typeof startSimulatorClock> | undefined;
  let simDroppedBatches = 0;
  const simInFlight = new Set<Promise<void>>();

  const { app } = await buildApiServer({
    store,
    bus,
    ingest,
    getAgreement: () => engine.agreement,
    liveTracks: () => [...engine.tracks()],
    simulatorInfo: () =>
      sim === false
        ? { running: false }
        : { running: simClock !== undefined, seed: sim.seed, speed: sim.speed },
    version: config.version ?? '0.0.0',
    now: Date.now,
    webDir: config.webDir ?? DEFAULT_WEB_DIR,
    logger: { level: config.logLevel ?? 'info' },
  });
  log = app.log;
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;

  if (sim !== false) {
    // Resume after the newest stored report, so a restart adds no
    // observation older than one already judged.
    const latest = await store.latestObservationTimeMs();
    const startMs = Math.max(Date.now(), (latest ?? 0) + 1);
    const simulator = createSimulator({
      script: scenario.traffic,
      seed: sim.seed,
      vessels: sim.vessels,
      aircraft: sim.aircraft,
      startMs,
    });
    simClock = startSimulatorClock({
      simulator,
      speed: sim.speed,
      startMs,
      onBatch: (batch) => {
        if (simInFlight.size >= MAX_SIM_BATCHES_IN_FLIGHT) {
          simDroppedBatches++;
          log?.warn({ dropped: simDroppedBatches }, 'simulator batch dropped: store is behind');
          return;
        }
        const p = ingest(batch)
          .catch((err) => log?.error({ err }, 'simulator batch failed'))
          .finally(() => simInFlight.delete(p));
        simInFlight.add(p);
      },
    });
    log.info({ seed: sim.seed, speed: sim.speed, startMs }, 'simulator running');
  }

  return {
    url,
    engine,
    async close() {
      simClock?.stop();
      await Promise.allSettled(simInFlight);
      await app.close();
      await store.close();
    },
  };
}
