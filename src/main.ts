/**
 * Wires the parts together (and nothing else does): store, engine, bus,
 * sources and API, for the embedded default of one process.
 *
 *   sources (AIS over TCP/UDP/file, ADS-B Beast/AVR/SBS over TCP/file,
 *   simulator, POST /api/observations)
 *     -> ingest(): engine.applyStatic per static report, engine.step per
 *        observation -> store (observations, detections, tracks) -> bus
 *        -> live WebSocket
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { AccountService, ensureFirstAdmin } from './accounts/index.js';
import { buildApiServer } from './api/index.js';
import { InProcessBus } from './bus/index.js';
import { AgreementFileError, parseAgreementDocument } from './core/agreement-file.js';
import type { Agreement, Detection, Observation, StaticReport, Track } from './core/types.js';
import { Engine } from './engine/index.js';
import { FieldReportService } from './incidents/field-report-service.js';
import { DEFAULT_GROUPING, loadGroupingConfig } from './incidents/incident-grouping-config.js';
import { IncidentService } from './incidents/incident-service.js';
import { agreementAuditDetails, agreementSha256 } from './incidents/index.js';
import { describeMissionKey } from './incidents/mission-key.js';
import { ReportService } from './incidents/report-service.js';
import { loadOrCreateMissionKey } from './incidents/signing-key-file.js';
import { createSimulator, loadScenario } from './ingest/simulator/index.js';
import {
  createSource,
  nameSource,
  type ReceiverPosition,
  SimulatorSource,
  type Source,
  type SourceConfig,
  type SourceContext,
  type SourceHealth,
} from './ingest/sources/index.js';
import { DEFAULT_WEB_DIR } from './package-paths.js';
import { openSqliteStore } from './store/index.js';
import type { IngestBatchRecord } from './store/ingest-batch-store.js';

export { DEFAULT_SCENARIO_DIR, DEFAULT_WEB_DIR, PACKAGE_ROOT } from './package-paths.js';

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
  /** The agreement to enforce, instead of the scenario's `agreement.json`. */
  agreementFile?: string;
  /** Run the traffic simulator of the scenario; false for real feeds only. */
  simulate: SimulateConfig | false;
  /** Live feeds: AIS and ADS-B receivers over TCP or UDP, recorded files. */
  sources?: SourceConfig[];
  /** The ADS-B receiver's position, for sources that do not give their own. */
  receiver?: ReceiverPosition;
  /** A source that had traffic is reported silent after this long without. Default 60 s. */
  silentAfterMs?: number;
  version?: string;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  webDir?: string;
  /** JSON file overriding how detections and reports group into incidents (docs/incidents.md). */
  incidentGroupingFile?: string;
}

export interface Truceline {
  url: string;
  engine: Engine;
  /**
   * Read the agreement file again and put it in force. A file that does not
   * validate or compile throws, and the running agreement stays in force.
   * Either way the audit log records it (`agreement.reloaded` or
   * `agreement.refused`) under `actor`, by default `operator (SIGHUP)`.
   */
  reloadAgreement(actor?: string): Promise<Agreement>;
  /**
   * The admin account made at the first start, with its generated password:
   * the caller shows it once (it is not logged, and not kept). Absent when an
   * admin existed, or TRUCELINE_ADMIN_PASSWORD gave the password.
   */
  firstAdmin?: { username: string; password: string };
  /** The id of the mission's signing key (its public half is served at /.well-known/). */
  missionKeyId: string;
  /** Health of every source, the simulator included. */
  sourceHealth(): SourceHealth[];
  close(): Promise<void>;
}

/** The simulator's id as a source (and the `source` of its observations). */
const SIM_SOURCE_ID = 'sim';
/** How often timers (dwell, silence) are checked when no report arrives. */
const TICK_MS = 5_000;

export async function createTruceline(config: TrucelineConfig): Promise<Truceline> {
  const scenario = await loadScenario(config.scenarioDir);
  const agreementFile = config.agreementFile ?? join(config.scenarioDir, 'agreement.json');
  const agreement =
    config.agreementFile === undefined
      ? scenario.agreement
      : await readAgreementFile(agreementFile);
  // A grouping file that does not validate stops the start before anything is made.
  const incidentGrouping =
    config.incidentGroupingFile === undefined
      ? DEFAULT_GROUPING
      : await loadGroupingConfig(config.incidentGroupingFile);
  // Before the store: a broken key file stops the start with nothing left open.
  const missionKey = await loadOrCreateMissionKey(config.dataDir);
  const missionKeyBody = describeMissionKey(missionKey);
  const store = openSqliteStore({ dir: config.dataDir });
  // Audited when it is not the agreement this data directory last ran under;
  // the entry comes before the save, so a crash between the two repeats the
  // entry at the next start rather than losing it.
  const stored = await store.loadAgreement();
  if (stored === undefined || agreementSha256(stored) !== agreementSha256(agreement)) {
    await store.appendAudit({
      tMs: Date.now(),
      actor: 'system',
      action: 'agreement.loaded',
      subjectType: 'agreement',
      subjectId: agreement.id,
      details: { ...agreementAuditDetails(agreement, stored), file: agreementFile },
    });
  }
  await store.saveAgreement(agreement);
  const engine = new Engine(agreement, {
    receiverOf: receiverLookup(config.sources ?? [], config.receiver),
  });
  engine.restoreTracks(await store.listTracks());

  let log: FastifyBaseLogger | undefined;
  const bus = new InProcessBus((err, topic) => log?.error({ err, topic }, 'bus subscriber failed'));

  /**
   * Data time: the newest observation time seen, and the wall clock when it
   * was seen. Timers (dwell, silence) run on data time, so a replayed file
   * from last year does not find every track silent; between reports, data
   * time goes on at the wall clock's pace.
   */
  let dataTimeMs = Number.NEGATIVE_INFINITY;
  let dataTimeWallMs = 0;

  async function ingest(
    batch: readonly Observation[],
    statics: readonly StaticReport[] = [],
    batchRecord?: IngestBatchRecord,
  ): Promise<void> {
    const detections: Detection[] = [];
    const changed = new Set<string>();
    // Static data first: for a track not yet seen it waits in the engine and
    // joins the track at its first position, in this batch or a later one.
    for (const report of statics) {
      if (engine.applyStatic(report) !== undefined) changed.add(report.trackId);
    }
    for (const obs of batch) {
      // Timers due by this report fire first (a gap the report would end),
      // on data time: the newest report time seen so far.
      if (obs.tMs > dataTimeMs) {
        for (const d of engine.advance(obs.tMs)) detections.push(d);
        dataTimeMs = obs.tMs;
        dataTimeWallMs = Date.now();
      }
      for (const d of engine.step(obs)) detections.push(d);
      changed.add(obs.trackId);
    }
    // The tracks as the store and clients see them: one snapshot per track per batch.
    const tracks: Track[] = [];
    for (const id of changed) {
      const track = engine.getTrack(id);
      if (track !== undefined) tracks.push(track);
    }
    await record(batch, detections, tracks, batchRecord);
  }

  async function record(
    batch: readonly Observation[],
    detections: readonly Detection[],
    tracks: readonly Track[],
    batchRecord?: IngestBatchRecord,
  ): Promise<void> {
    await Promise.all([
      // An API batch's record commits with its observations, even when there are none.
      batch.length > 0 || batchRecord !== undefined
        ? store.appendObservations(batch, { batchRecord })
        : undefined,
      detections.length > 0 ? store.appendDetections(detections) : undefined,
      tracks.length > 0 ? store.upsertTracks(tracks) : undefined,
    ]);
    if (batch.length > 0) bus.publish('observations', batch);
    if (tracks.length > 0) bus.publish('tracks', tracks);
    if (detections.length > 0) bus.publish('detections', detections);
  }

  /** Fires the timers due by data time when no report arrives (a track gone silent). */
  async function tick(): Promise<void> {
    if (dataTimeMs === Number.NEGATIVE_INFINITY) return;
    const now = dataTimeMs + (Date.now() - dataTimeWallMs);
    const detections = [...engine.advance(now)];
    if (detections.length > 0) await record([], detections, []);
  }
  const ticker = setInterval(() => {
    tick().catch((err) => log?.error({ err }, 'engine timer tick failed'));
  }, TICK_MS);
  ticker.unref();

  const sourceContext: SourceContext = {
    ingest: (b) => ingest(b.observations, b.statics),
    // Sources start once the server listens, so the logger exists by then.
    log: {
      info: (obj, msg) => log?.info(obj, msg),
      warn: (obj, msg) => log?.warn(obj, msg),
      error: (obj, msg) => log?.error(obj, msg),
    },
    silentAfterMs: config.silentAfterMs,
    ...(config.receiver === undefined ? {} : { receiver: config.receiver }),
  };
  // Validated before anything listens: a bad source config fails at once.
  const sources: Source[] = (config.sources ?? []).map((c) => createSource(c, sourceContext));
  let simSource: SimulatorSource | undefined;
  const sourceHealth = (): SourceHealth[] =>
    [...(simSource ? [simSource] : []), ...sources].map((s) => s.health());
  const sim = config.simulate;

  const accounts = new AccountService(store);
  const fieldReports = new FieldReportService({
    store,
    bus,
    dataDir: config.dataDir,
    now: Date.now,
  });
  const incidents = new IncidentService({
    store,
    bus,
    now: Date.now,
    grouping: incidentGrouping,
    onError: (err) => log?.error({ err }, 'incident grouping failed; will retry'),
  });
  const reports = new ReportService({
    store,
    incidents,
    missionKey,
    dataDir: config.dataDir,
    now: Date.now,
  });

  const { app } = await buildApiServer({
    store,
    bus,
    ingest: (batch, opts) => ingest(batch, [], opts?.batchRecord),
    getAgreement: () => engine.agreement,
    liveTracks: () => [...engine.tracks()],
    missionPublicKey: () => missionKeyBody,
    accounts,
    fieldReports,
    incidents,
    reports,
    engineSummary: () => {
      const c = engine.counters;
      return {
        tracks: engine.trackCount,
        observations: c.observations,
        detections: c.detections,
        outOfOrder: c.outOfOrder,
        duplicates: c.duplicates,
        implausibleJumps: c.implausibleJumps,
        beforeAgreement: c.beforeAgreement,
      };
    },
    simulatorInfo: () =>
      sim === false
        ? { running: false }
        : { running: simSource?.running ?? false, seed: sim.seed, speed: sim.speed },
    sourceHealth,
    version: config.version ?? '0.0.0',
    now: Date.now,
    webDir: config.webDir ?? DEFAULT_WEB_DIR,
    logger: { level: config.logLevel ?? 'info' },
  });
  log = app.log;
  let firstAdmin: Awaited<ReturnType<typeof ensureFirstAdmin>>;
  try {
    firstAdmin = await ensureFirstAdmin(store, { env: process.env, log: app.log });
    // Groups what was stored but not grouped before a crash, then follows the bus.
    await incidents.start();
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    // The port is taken or not ours, or TRUCELINE_ADMIN_PASSWORD is too weak:
    // let go of the store and the server, so the command can say why and end.
    await app.close();
    await store.close();
    throw err;
  }
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
    simSource = new SimulatorSource(
      { id: SIM_SOURCE_ID, simulator, speed: sim.speed, startMs, seed: sim.seed },
      sourceContext,
    );
    simSource.start();
    log.info({ seed: sim.seed, speed: sim.speed, startMs }, 'simulator running');
  }
  for (const s of sources) s.start();

  return {
    url,
    engine,
    ...(firstAdmin.password === undefined || firstAdmin.username === undefined
      ? {}
      : { firstAdmin: { username: firstAdmin.username, password: firstAdmin.password } }),
    missionKeyId: missionKey.keyId,
    async reloadAgreement(actor = 'operator (SIGHUP)') {
      const running = engine.agreement;
      let next: Agreement;
      try {
        next = await readAgreementFile(agreementFile);
        engine.setAgreement(next); // compiles every version first; throws before changing anything
      } catch (err) {
        await store.appendAudit({
          tMs: Date.now(),
          actor,
          action: 'agreement.refused',
          subjectType: 'agreement',
          subjectId: running.id,
          details: {
            file: agreementFile,
            problems: err instanceof AgreementFileError ? err.problems.length : 1,
            error: (err as Error).message.split('\n')[0]!.slice(0, 300),
            runningSha256: agreementSha256(running),
          },
        });
        throw err;
      }
      await store.appendAudit({
        tMs: Date.now(),
        actor,
        action: 'agreement.reloaded',
        subjectType: 'agreement',
        subjectId: next.id,
        details: { ...agreementAuditDetails(next, running), file: agreementFile },
      });
      await store.saveAgreement(next);
      log.info({ agreementId: next.id, versions: next.versions.length }, 'agreement reloaded');
      return next;
    },
    sourceHealth,
    async close() {
      clearInterval(ticker);
      // Sources first, so what they received is stored before the store closes.
      await Promise.allSettled([simSource, ...sources].map((s) => s?.stop()));
      await incidents.stop();
      await app.close();
      await store.close();
    },
  };
}

/** Reads and validates an agreement file; throws AgreementFileError listing every problem. */
async function readAgreementFile(file: string): Promise<Agreement> {
  return parseAgreementDocument(JSON.parse(await readFile(file, 'utf8')), file);
}

/**
 * Where each ADS-B source's antenna is (its own position, else the
 * top-level one), for the engine's `out_of_range` rules. AIS sources say
 * nothing of their receiver, so their range is not judged.
 */
function receiverLookup(
  sources: readonly SourceConfig[],
  fallback: ReceiverPosition | undefined,
): (source: string) => ReceiverPosition | undefined {
  const byId = new Map<string, ReceiverPosition>();
  for (const c of sources) {
    if (!('receiver' in c) && fallback === undefined) continue;
    if (c.type.startsWith('ais')) continue;
    const at = ('receiver' in c ? c.receiver : undefined) ?? fallback;
    if (at !== undefined) byId.set(nameSource(c), at);
  }
  return (source) => byId.get(source);
}
