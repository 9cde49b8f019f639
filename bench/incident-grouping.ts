/**
 * Incident grouping rate, beside storing the same detections, in one run.
 *
 *   node --import tsx bench/incident-grouping.ts [--n 100000] [--tracks 2000]
 *     [--zones 50] [--batch 1000] [--seed 1]
 *
 * No outside system groups detections into incidents the way the agreement's
 * kinds, zones and tracks ask (docs/incidents.md), so the peer is the work
 * every detection already costs: the store's `appendDetections` of the same
 * seeded detections, in batches of `batch`. Then the real IncidentService
 * groups them all (`groupPending`, as at a restart's catch-up, in
 * transactions of 500 with their audit entries). The ratio says what
 * grouping adds to storing: grouping keeps up with the engine if it is not
 * far slower than storing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { InProcessBus } from '../src/bus/index.js';
import { createRandom, drawInteger, drawUniform, pickItem } from '../src/core/random.js';
import type { Detection, DetectionType, TrackKind } from '../src/core/types.js';
import { IncidentService } from '../src/incidents/incident-service.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';

export interface GroupingBenchOptions {
  n: number;
  tracks: number;
  zones: number;
  batch: number;
  seed: number;
}

export interface GroupingBenchResult {
  options: GroupingBenchOptions;
  storeDetectionsPerS: number;
  groupDetectionsPerS: number;
  incidents: number;
  auditEntries: number;
}

/** What the engine emits most, with its share of the mix. */
const MIX: readonly { type: DetectionType; zoned: boolean; weight: number }[] = [
  { type: 'zone_enter', zoned: true, weight: 3 },
  { type: 'zone_inside', zoned: true, weight: 4 },
  { type: 'zone_exit', zoned: true, weight: 2 },
  { type: 'above_speed', zoned: false, weight: 1 },
  { type: 'loiter', zoned: false, weight: 1 },
  { type: 'silence', zoned: false, weight: 1 },
];
const DAY_MS = 86_400_000;
const T0_MS = Date.UTC(2026, 0, 1);

/** `n` detections over one day, times increasing, ids unique, seeded. */
export function makeDetections(o: GroupingBenchOptions): Detection[] {
  const rand = createRandom(o.seed);
  const weighted = MIX.flatMap((m) => Array<(typeof MIX)[number]>(m.weight).fill(m));
  const out: Detection[] = [];
  for (let i = 0; i < o.n; i++) {
    const m = pickItem(rand, weighted);
    const track = drawInteger(rand, 0, o.tracks - 1);
    const kind: TrackKind = track % 3 === 0 ? 'aircraft' : 'vessel';
    out.push({
      id: `b${i.toString(16)}`,
      type: m.type,
      tMs: T0_MS + Math.floor((i / o.n) * DAY_MS),
      trackId: `sim:${track}`,
      kind,
      // A track keeps to its own waters: its zone detections name its home zone.
      zoneId: m.zoned ? `zone-${track % o.zones}` : '',
      ruleId: `R-${m.type}`,
      citation: 'Art. 1',
      agreementId: 'bench',
      agreementVersion: 1,
      lon: drawUniform(rand, 30, 38),
      lat: drawUniform(rand, 43, 47),
      summary: `Track sim:${track}: ${m.type}`,
      evidence: [],
    });
  }
  return out;
}

export async function runGroupingBench(o: GroupingBenchOptions): Promise<GroupingBenchResult> {
  const detections = makeDetections(o);
  const dir = mkdtempSync(join(tmpdir(), 'truceline-bench-grouping-'));
  const store = openSqliteStore({ dir });
  try {
    let t = performance.now();
    for (let i = 0; i < detections.length; i += o.batch) {
      await store.appendDetections(detections.slice(i, i + o.batch));
    }
    const storeS = (performance.now() - t) / 1000;

    const service = new IncidentService({ store, bus: new InProcessBus(), now: () => T0_MS });
    t = performance.now();
    const run = await service.groupPending();
    const groupS = (performance.now() - t) / 1000;
    if (run.created + run.joined !== detections.length) {
      throw new Error(`grouped ${run.created + run.joined} of ${detections.length} detections`);
    }
    return {
      options: o,
      storeDetectionsPerS: detections.length / storeS,
      groupDetectionsPerS: detections.length / groupS,
      incidents: run.created,
      auditEntries: (await store.auditHead()).seq,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatGroupingReport(r: GroupingBenchResult): string {
  const { n, tracks, zones, batch, seed } = r.options;
  const k = (x: number) => `${(x / 1000).toFixed(1)} k/s`;
  return [
    `incident grouping: ${n} detections, ${tracks} tracks, ${zones} zones, batch ${batch}, seed ${seed}`,
    `  store appendDetections (peer): ${k(r.storeDetectionsPerS)}`,
    `  IncidentService grouping:      ${k(r.groupDetectionsPerS)}  -> ${r.incidents} incidents, ${r.auditEntries} audit entries`,
    `  grouping / storing:            ${(r.groupDetectionsPerS / r.storeDetectionsPerS).toFixed(2)}x`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '100000' },
      tracks: { type: 'string', default: '2000' },
      zones: { type: 'string', default: '50' },
      batch: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
    },
  });
  const result = await runGroupingBench({
    n: Number(values.n),
    tracks: Number(values.tracks),
    zones: Number(values.zones),
    batch: Number(values.batch),
    seed: Number(values.seed),
  });
  console.log(formatGroupingReport(result));
}
