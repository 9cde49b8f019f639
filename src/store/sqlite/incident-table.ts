/**
 * Incidents, their evidence links and history (incident-types.ts) in SQLite.
 *
 * Every change runs in one IMMEDIATE transaction with its history event and
 * its audit entry (the AuditTable's append nests as a savepoint), so a crash
 * keeps all or none. `incident_evidence` has one row per piece of evidence,
 * keyed by (type, id): a detection or report can be in one incident only,
 * whatever merge and split do. The grouping cursors (`incident_cursors`) hold
 * the rowid of the last detection and field report grouped, moved in the
 * transaction that groups them, so a restart resumes after exactly those.
 */
import type { Database } from 'better-sqlite3';
import type { Detection } from '../../core/types.js';
import type { AuditDetails } from '../../incidents/audit-chain.js';
import { IncidentError, refuseMissingIncident } from '../../incidents/incident-error.js';
import {
  chooseIncident,
  describeEvidencePoint,
  type GroupingItem,
  shortenTitle,
} from '../../incidents/incident-grouping.js';
import {
  type IncidentMove,
  planMove,
  refuseUnlessWorkable,
} from '../../incidents/incident-moves.js';
import type {
  EvidencePoint,
  EvidenceRef,
  EvidenceType,
  Incident,
  IncidentEvent,
} from '../../incidents/incident-types.js';
import type {
  GroupingOutcome,
  IncidentPage,
  IncidentQuery,
  IncidentStore,
  PendingEvidence,
} from '../incident-store.js';
import type { AuditTable } from './audit-table.js';
import { listIncidentPage } from './incident-list.js';
import {
  checkSplitChoice,
  decodeEvidence,
  decodeIncident,
  type EvidenceRow,
  type EvidenceSummary,
  extendSummary,
  formatIncidentId,
  formatRef,
  type IncidentRow,
  readSummary,
  summariseEvidence,
  summariseOne,
} from './incident-rows.js';
import { type IncidentStatements, prepareIncidentStatements } from './incident-statements.js';

export { INCIDENT_MIGRATION } from './incident-schema.js';

export class IncidentTable implements IncidentStore {
  private readonly q: IncidentStatements;

  constructor(
    readonly db: Database,
    readonly audit: AuditTable,
  ) {
    this.q = prepareIncidentStatements(db);
  }

  async pendingDetections(limit: number): Promise<PendingEvidence<Detection>> {
    const rows = this.q.pendingDetections.all(this.cursorOf('detection'), limit) as {
      position: number;
      json: string;
    }[];
    return {
      positions: rows.map((r) => r.position),
      items: rows.map((r) => JSON.parse(r.json) as Detection),
    };
  }

  async pendingFieldReportIds(limit: number): Promise<PendingEvidence<string>> {
    const rows = this.q.pendingReports.all(this.cursorOf('field_report'), limit) as {
      position: number;
      id: string;
    }[];
    return { positions: rows.map((r) => r.position), items: rows.map((r) => r.id) };
  }

  async group(
    source: EvidenceType,
    throughPosition: number,
    items: readonly GroupingItem[],
    tMs: number,
  ): Promise<GroupingOutcome> {
    const changed = new Set<string>();
    let created = 0;
    let joined = 0;
    this.db
      .transaction(() => {
        for (const item of items) {
          const e = item.evidence;
          if (this.q.evidenceOf.get(e.type, e.id) !== undefined) continue;
          const candidates = this.q.candidates.all(
            item.groupKey,
            e.tMs - item.maxGapMs,
            e.tMs + item.maxGapMs,
          ) as Parameters<typeof chooseIncident>[1];
          let id = chooseIncident(item, candidates);
          let summary: EvidenceSummary;
          if (id === undefined) {
            id = this.createIncident(item, tMs);
            summary = summariseOne(e);
            created++;
          } else {
            summary = extendSummary(readSummary(this.q.row.get(id) as IncidentRow), e);
            joined++;
          }
          this.insertEvidence(id, e);
          this.writeSummary(id, summary);
          this.q.touch.run(tMs, id);
          changed.add(id);
        }
        this.q.setCursor.run(source, throughPosition);
      })
      .immediate();
    return { changed: [...changed].map((id) => this.read(id, false)), created, joined };
  }

  async get(id: string): Promise<Incident | undefined> {
    return this.q.row.get(id) === undefined ? undefined : this.read(id, true);
  }

  async list(query: IncidentQuery): Promise<IncidentPage> {
    const { rows, total } = listIncidentPage(this.db, query);
    return { items: rows.map((r) => this.decode(r, false)), total };
  }

  async listVerified(fromMs: number, toMs: number): Promise<Incident[]> {
    return (this.q.verified.all(fromMs, toMs) as IncidentRow[]).map((r) => this.decode(r, true));
  }

  async evidenceDetections(id: string): Promise<Detection[]> {
    return (this.q.detections.all(id) as string[]).map((j) => JSON.parse(j) as Detection);
  }

  async applyMove(id: string, move: IncidentMove, actor: string, tMs: number): Promise<Incident> {
    this.db
      .transaction(() => {
        const incident = this.readOrRefuse(id);
        const planned = planMove(incident, move, actor, tMs);
        this.writePatch({ ...incident, ...planned.patch }, tMs);
        this.record(id, planned.event, planned.auditAction, planned.auditDetails);
      })
      .immediate();
    return this.read(id, true);
  }

  async publish(
    ids: readonly string[],
    reportId: string,
    actor: string,
    tMs: number,
  ): Promise<Incident[]> {
    this.db
      .transaction(() => {
        for (const id of new Set(ids)) {
          const incident = this.readOrRefuse(id);
          const planned = planMove(incident, { action: 'publish', reportId }, actor, tMs);
          this.writePatch({ ...incident, ...planned.patch }, tMs);
          this.record(id, planned.event, planned.auditAction, planned.auditDetails);
        }
      })
      .immediate();
    return [...new Set(ids)].map((id) => this.read(id, true));
  }

  async merge(
    targetId: string,
    sourceIds: readonly string[],
    reason: string,
    actor: string,
    tMs: number,
  ): Promise<Incident[]> {
    const sources = [...new Set(sourceIds)];
    this.db
      .transaction(() => {
        const target = this.readOrRefuse(targetId);
        refuseUnlessWorkable(target, 'merge');
        if (sources.includes(targetId)) {
          throw new IncidentError('invalid', `${targetId} cannot be merged into itself`, {
            field: 'sourceIds',
          });
        }
        const moved: EvidenceRef[] = [];
        for (const sourceId of sources) {
          const source = this.readOrRefuse(sourceId);
          refuseUnlessWorkable(source, 'merge');
          const evidence = this.evidencePoints(sourceId).map(({ type, id }) => ({ type, id }));
          for (const e of evidence) this.q.moveEvidence.run(targetId, e.type, e.id);
          moved.push(...evidence);
          this.writePatch({ ...source, state: 'dismissed', mergedInto: targetId }, tMs);
          this.refreshSummary(sourceId);
          const event: IncidentEvent = {
            tMs,
            actor,
            action: 'merged',
            from: source.state,
            to: 'dismissed',
            reason,
            incidentIds: [targetId],
            direction: 'out',
            evidence,
          };
          this.record(sourceId, event, 'incident.merged', {
            into: targetId,
            from: source.state,
            to: 'dismissed',
            reason,
            evidence: evidence.map(formatRef),
          });
        }
        this.refreshSummary(targetId);
        this.q.touch.run(tMs, targetId);
        const event: IncidentEvent = {
          tMs,
          actor,
          action: 'merged',
          reason,
          incidentIds: sources,
          direction: 'in',
          evidence: moved,
        };
        this.record(targetId, event, 'incident.merged', {
          merged: sources,
          reason,
          evidence: moved.map(formatRef),
        });
      })
      .immediate();
    return [targetId, ...sources].map((id) => this.read(id, true));
  }

  async split(
    id: string,
    evidence: readonly EvidenceRef[],
    reason: string,
    actor: string,
    tMs: number,
  ): Promise<Incident[]> {
    let newId = '';
    this.db
      .transaction(() => {
        const incident = this.readOrRefuse(id);
        refuseUnlessWorkable(incident, 'split');
        const points = this.evidencePoints(id);
        const chosen = checkSplitChoice(id, points, evidence);
        const row = this.q.row.get(id) as IncidentRow;
        const first = chosen[0]!;
        newId = this.createIncident(
          {
            evidence: first,
            groupKey: row.group_key,
            maxGapMs: 0,
            maxDistanceM: null,
            title: `${this.titleOf(first)} (split from ${id})`,
          },
          tMs,
        );
        for (const e of chosen) this.q.moveEvidence.run(newId, e.type, e.id);
        this.refreshSummary(id);
        this.refreshSummary(newId);
        this.q.touch.run(tMs, id);
        const refs = chosen.map(({ type, id: evidenceId }) => ({ type, id: evidenceId }));
        const details = { reason, evidence: refs.map(formatRef) };
        const base = { tMs, actor, action: 'split' as const, reason, evidence: refs };
        this.record(id, { ...base, incidentIds: [newId], direction: 'out' }, 'incident.split', {
          ...details,
          into: newId,
        });
        this.record(newId, { ...base, incidentIds: [id], direction: 'in' }, 'incident.split', {
          ...details,
          from: id,
        });
      })
      .immediate();
    return [this.read(id, true), this.read(newId, true)];
  }

  /** A new open incident for `item` (its evidence is attached by the caller), audited. */
  private createIncident(item: GroupingItem, tMs: number): string {
    const seq = this.q.nextSeq.get() as number;
    const id = formatIncidentId(seq);
    const e = item.evidence;
    this.q.insert.run({
      seq,
      id,
      kind: e.kind,
      title: item.title,
      groupKey: item.groupKey,
      tMs: e.tMs,
      lon: e.lon,
      lat: e.lat,
      createdMs: tMs,
    });
    const event: IncidentEvent = { tMs, actor: 'system', action: 'created', to: 'open' };
    this.record(id, event, 'incident.created', {
      kind: e.kind,
      title: item.title,
      groupKey: item.groupKey,
      first: formatRef(e),
    });
    return id;
  }

  /** What a piece of evidence is called when it starts an incident of its own. */
  private titleOf(e: EvidencePoint): string {
    const summary =
      e.type === 'detection'
        ? (this.q.detectionSummary.get(e.id) as string | undefined)
        : undefined;
    return summary === undefined ? describeEvidencePoint(e) : shortenTitle(summary);
  }

  private insertEvidence(incidentId: string, e: EvidencePoint): void {
    this.q.insertEvidence.run({
      type: e.type,
      id: e.id,
      incidentId,
      kind: e.kind,
      tMs: e.tMs,
      lon: e.lon,
      lat: e.lat,
      zoneId: e.zoneId,
      trackIds: JSON.stringify(e.trackIds),
      trackKind: e.trackKind,
    });
  }

  /** After evidence moved: the summary from all of it, read again. */
  private refreshSummary(id: string): void {
    const s = summariseEvidence(this.evidencePoints(id));
    if (s === undefined) this.q.emptied.run(id);
    else this.writeSummary(id, s);
  }

  private writeSummary(id: string, s: EvidenceSummary): void {
    this.q.summary.run({
      ...s,
      id,
      trackIds: JSON.stringify(s.trackIds),
      trackKinds: JSON.stringify(s.trackKinds),
    });
  }

  private writePatch(i: Incident, tMs: number): void {
    this.q.patch.run({
      id: i.id,
      state: i.state,
      assignee: i.assignee,
      confidence: i.confidence,
      reportId: i.reportId,
      mergedInto: i.mergedInto,
      tMs,
    });
  }

  /** The history event and its audit entry, inside the caller's transaction. */
  private record(id: string, event: IncidentEvent, action: string, details: AuditDetails): void {
    this.q.insertEvent.run(id, id, JSON.stringify(event));
    this.audit.append({
      tMs: event.tMs,
      actor: event.actor,
      action,
      subjectType: 'incident',
      subjectId: id,
      details,
    });
  }

  private evidencePoints(id: string): EvidencePoint[] {
    return (this.q.evidence.all(id) as EvidenceRow[]).map(decodeEvidence);
  }

  private cursorOf(source: EvidenceType): number {
    return (this.q.cursor.get(source) as number | undefined) ?? 0;
  }

  private readOrRefuse(id: string): Incident {
    if (this.q.row.get(id) === undefined) refuseMissingIncident(id);
    return this.read(id, false);
  }

  private read(id: string, withHistory: boolean): Incident {
    return this.decode(this.q.row.get(id) as IncidentRow, withHistory);
  }

  private decode(row: IncidentRow, withHistory: boolean): Incident {
    const history = withHistory
      ? (this.q.events.all(row.id) as string[]).map((j) => JSON.parse(j) as IncidentEvent)
      : [];
    return decodeIncident(row, this.q.evidence.all(row.id) as EvidenceRow[], history);
  }
}
