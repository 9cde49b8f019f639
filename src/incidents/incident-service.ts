/**
 * Incidents: grouping detections and field reports, and the analyst's moves.
 *
 * Grouping reads what the store holds after its cursor, never the bus
 * payload: the bus only says "there is more". So a detection stored just
 * before a crash, whose bus message was lost, is grouped at the next start
 * (`start()` catches up), and one grouped twice is not possible (the cursor
 * moves in the transaction that groups). Runs are serialised: one at a time,
 * in storage order, so the same evidence always groups the same way.
 */

import { can } from '../accounts/roles.js';
import type { Bus } from '../bus/index.js';
import type { Detection } from '../core/types.js';
import type { IncidentPage, IncidentQuery } from '../store/incident-store.js';
import type { Store } from '../store/index.js';
import type { FieldReport } from './field-report-types.js';
import { IncidentError, refuseMissingIncident } from './incident-error.js';
import { type GroupingItem, placeDetection, placeFieldReport } from './incident-grouping.js';
import { DEFAULT_GROUPING, type GroupingConfig } from './incident-grouping-config.js';
import type { IncidentMove } from './incident-moves.js';
import type { EvidenceRef, Incident } from './incident-types.js';

/** Evidence read and grouped per transaction. */
const GROUPING_BATCH = 500;

export interface IncidentServiceOptions {
  store: Store;
  bus: Bus;
  now(): number;
  /** Default DEFAULT_GROUPING (incident-grouping-config.ts). */
  grouping?: GroupingConfig;
  /** A grouping run that failed; the evidence stays after the cursor and the next run retries it. */
  onError?(err: unknown): void;
}

/** An incident with what is behind it, read from the store. */
export interface IncidentDetail {
  incident: Incident;
  detections: Detection[];
  fieldReports: FieldReport[];
}

/** What catching up grouped. */
export interface GroupingRun {
  created: number;
  joined: number;
}

export class IncidentService {
  readonly grouping: GroupingConfig;
  #unsubscribe: (() => void)[] = [];
  #chain: Promise<unknown> = Promise.resolve();
  #queued: Promise<GroupingRun> | undefined;

  constructor(readonly opts: IncidentServiceOptions) {
    this.grouping = opts.grouping ?? DEFAULT_GROUPING;
  }

  /** Groups what was stored since the last run, then follows new detections and reports. */
  async start(): Promise<GroupingRun> {
    const nudge = () => {
      this.groupPending().catch(() => {}); // reported through onError
    };
    this.#unsubscribe = [
      this.opts.bus.subscribe('detections', nudge),
      this.opts.bus.subscribe('fieldReports', nudge),
    ];
    return this.groupPending();
  }

  /** Stops following the bus and waits for a run in progress. */
  async stop(): Promise<void> {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    await this.#chain;
  }

  /**
   * Groups everything stored after the cursors. Calls while a run is queued
   * share it; a call during a run queues one more, so nothing stored before
   * the call is left for later.
   */
  groupPending(): Promise<GroupingRun> {
    if (this.#queued !== undefined) return this.#queued;
    const run = this.#chain.then(() => {
      this.#queued = undefined;
      return this.#drain();
    });
    this.#queued = run;
    this.#chain = run.catch((err: unknown) => this.opts.onError?.(err));
    return run;
  }

  async #drain(): Promise<GroupingRun> {
    const total: GroupingRun = { created: 0, joined: 0 };
    const { incidents } = this.opts.store;
    for (;;) {
      const d = await incidents.pendingDetections(GROUPING_BATCH);
      if (d.items.length > 0) {
        const items = d.items
          .map((x) => placeDetection(this.grouping, x))
          .filter((x): x is GroupingItem => x !== null);
        await this.#group('detection', d.positions.at(-1)!, items, total);
      }
      const f = await incidents.pendingFieldReportIds(GROUPING_BATCH);
      if (f.items.length > 0) {
        const reports = await Promise.all(
          f.items.map((id) => this.opts.store.fieldReports.getReport(id)),
        );
        const items = reports
          .filter((r): r is FieldReport => r !== undefined)
          .map((r) => placeFieldReport(this.grouping, r));
        await this.#group('field_report', f.positions.at(-1)!, items, total);
      }
      if (d.items.length < GROUPING_BATCH && f.items.length < GROUPING_BATCH) return total;
    }
  }

  async #group(
    source: 'detection' | 'field_report',
    through: number,
    items: GroupingItem[],
    total: GroupingRun,
  ): Promise<void> {
    const out = await this.opts.store.incidents.group(source, through, items, this.opts.now());
    total.created += out.created;
    total.joined += out.joined;
    if (out.changed.length > 0) this.opts.bus.publish('incidents', out.changed);
  }

  list(q: IncidentQuery): Promise<IncidentPage> {
    return this.opts.store.incidents.list(q);
  }

  async get(id: string): Promise<Incident> {
    return (await this.opts.store.incidents.get(id)) ?? refuseMissingIncident(id);
  }

  async detail(id: string): Promise<IncidentDetail> {
    const incident = await this.get(id);
    const { store } = this.opts;
    const [detections, reports] = await Promise.all([
      store.incidents.evidenceDetections(id),
      Promise.all(incident.fieldReportIds.map((r) => store.fieldReports.getReport(r))),
    ]);
    const fieldReports = reports.filter((r): r is FieldReport => r !== undefined);
    return { incident, detections, fieldReports };
  }

  /** One move by `actor` (incident-moves.ts); assignees must be users who may review. */
  async move(id: string, move: IncidentMove, actor: string): Promise<Incident> {
    let checked = move;
    if (move.action === 'assign' && move.assignee !== null) {
      checked = { ...move, assignee: await this.#reviewerName(move.assignee) };
    }
    const incident = await this.opts.store.incidents.applyMove(id, checked, actor, this.opts.now());
    this.opts.bus.publish('incidents', [incident]);
    return incident;
  }

  /** Moves the evidence of `sourceIds` into `targetId` (the target first in the answer). */
  async merge(
    targetId: string,
    sourceIds: readonly string[],
    reason: string,
    actor: string,
  ): Promise<Incident[]> {
    const changed = await this.opts.store.incidents.merge(
      targetId,
      sourceIds,
      reason,
      actor,
      this.opts.now(),
    );
    this.opts.bus.publish('incidents', changed);
    return changed;
  }

  /** Moves the chosen evidence to a new incident (the incident split first, then the new one). */
  async split(
    id: string,
    evidence: readonly EvidenceRef[],
    reason: string,
    actor: string,
  ): Promise<Incident[]> {
    const changed = await this.opts.store.incidents.split(
      id,
      evidence,
      reason,
      actor,
      this.opts.now(),
    );
    this.opts.bus.publish('incidents', changed);
    return changed;
  }

  /**
   * The incidents a report for [fromMs, toMs) lists: verified or published,
   * whose first evidence falls in the period, oldest first.
   */
  async listForReport(fromMs: number, toMs: number): Promise<Incident[]> {
    return this.opts.store.incidents.listVerified(fromMs, toMs);
  }

  /**
   * Publish these verified incidents under a report, in one transaction with
   * their audit entries; refuses (and changes nothing) if one is not verified.
   */
  async markPublished(
    ids: readonly string[],
    reportId: string,
    actor: string,
  ): Promise<Incident[]> {
    const published = await this.opts.store.incidents.publish(
      ids,
      reportId,
      actor,
      this.opts.now(),
    );
    this.opts.bus.publish('incidents', published);
    return published;
  }

  /** The user's name as stored, if they exist, are enabled and may review incidents. */
  async #reviewerName(name: string): Promise<string> {
    const user = await this.opts.store.getUser(name);
    if (user === undefined || user.disabled || !can(user.role, 'incident:review')) {
      throw new IncidentError(
        'invalid',
        `${name} is not an enabled user who may review incidents`,
        { field: 'assignee' },
      );
    }
    return user.username;
  }
}
