/**
 * The record half of the Store contract (store.contract.ts): tracks,
 * detections and their pages, agreements, the audit log, stats and close.
 */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_AUDIT_HEAD,
  type NewAuditEntry,
  verifyAuditChain,
} from '../incidents/audit-chain.js';
import type { StoreContractContext } from './store.contract.js';
import type { Store } from './store.js';
import {
  makeAgreement,
  makeDetection,
  makeObservation,
  makeTrack,
  T0_MS,
} from './store-fixtures.js';

export function describeRecordContract(t: StoreContractContext): void {
  describe('tracks', () => {
    it('keeps one row per track, the state upserted last', async () => {
      await t.store.upsertTracks([makeTrack('mmsi:1', T0_MS), makeTrack('mmsi:2', T0_MS)]);
      const newer = makeTrack('mmsi:1', T0_MS + 60_000, { name: 'AURORA', zoneIds: ['z1'] });
      await t.store.upsertTracks([newer]);
      expect(await t.store.getTrack('mmsi:1')).toStrictEqual(newer);
      expect((await t.store.listTracks()).map((t) => t.id)).toEqual(['mmsi:1', 'mmsi:2']);
    });

    it('lists tracks by kind and by time of their last observation', async () => {
      await t.store.upsertTracks([
        makeTrack('mmsi:1', T0_MS),
        makeTrack('icao:aa', T0_MS + 10),
        makeTrack('mmsi:2', T0_MS + 20),
      ]);
      const ids = async (q: Parameters<Store['listTracks']>[0]) =>
        (await t.store.listTracks(q)).map((t) => t.id);
      expect(await ids({ kind: 'vessel' })).toEqual(['mmsi:1', 'mmsi:2']);
      expect(await ids({ sinceMs: T0_MS + 10 })).toEqual(['icao:aa', 'mmsi:2']);
      expect(await ids({ kind: 'aircraft', sinceMs: T0_MS + 11 })).toEqual([]);
      expect(await ids({})).toHaveLength(3);
    });

    it('returns undefined for a track it never saw', async () => {
      expect(await t.store.getTrack('mmsi:404')).toBeUndefined();
    });
  });

  describe('detections', () => {
    it('stores a detection once however often it is appended', async () => {
      const d = makeDetection('d1', T0_MS);
      await t.store.appendDetections([d, d]);
      await t.store.appendDetections([d]);
      const page = await t.store.queryDetections({});
      expect(page).toStrictEqual({ items: [d], next: null });
    });

    it('filters detections by time range, zone, rule and track', async () => {
      await t.store.appendDetections([
        makeDetection('a', T0_MS, { zoneId: 'z1', ruleId: 'r1' }),
        makeDetection('b', T0_MS + 10, { zoneId: 'z2', ruleId: 'r1', trackId: 'icao:aa' }),
        makeDetection('c', T0_MS + 20, { zoneId: 'z1', ruleId: 'r2' }),
      ]);
      const ids = async (q: Parameters<Store['queryDetections']>[0]) =>
        (await t.store.queryDetections(q)).items.map((d) => d.id);
      expect(await ids({})).toEqual(['c', 'b', 'a']);
      expect(await ids({ fromMs: T0_MS + 10, toMs: T0_MS + 20 })).toEqual(['c', 'b']);
      expect(await ids({ zoneId: 'z1' })).toEqual(['c', 'a']);
      expect(await ids({ ruleId: 'r1' })).toEqual(['b', 'a']);
      expect(await ids({ trackId: 'icao:aa' })).toEqual(['b']);
      expect(await ids({ zoneId: 'z1', ruleId: 'r1', toMs: T0_MS })).toEqual(['a']);
    });

    it('pages newest first and gives every detection exactly once across pages', async () => {
      // Groups of equal times make the id the tie-breaker at page edges.
      const all = Array.from({ length: 23 }, (_, i) =>
        makeDetection(`d${String(i).padStart(2, '0')}`, T0_MS + Math.floor(i / 4) * 1000),
      );
      await t.store.appendDetections(all);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await t.store.queryDetections({ limit: 5, cursor });
        seen.push(...page.items.map((d) => d.id));
        cursor = page.next ?? undefined;
        pages++;
      } while (cursor !== undefined && pages < 10);
      expect(pages).toBe(5);
      expect(seen).toEqual(all.map((d) => d.id).reverse());
    });

    it('keeps the filters on every page of a filtered listing', async () => {
      await t.store.appendDetections(
        Array.from({ length: 9 }, (_, i) =>
          makeDetection(`d${i}`, T0_MS + i, { zoneId: i % 3 === 0 ? 'z0' : 'z1' }),
        ),
      );
      const first = await t.store.queryDetections({ zoneId: 'z0', limit: 2 });
      const second = await t.store.queryDetections({
        zoneId: 'z0',
        limit: 2,
        cursor: first.next ?? undefined,
      });
      expect(first.items.map((d) => d.id)).toEqual(['d6', 'd3']);
      expect(second).toStrictEqual({ items: [expect.objectContaining({ id: 'd0' })], next: null });
    });

    it('pages 100 by default and at most 1000', async () => {
      await t.store.appendDetections(
        Array.from({ length: 1001 }, (_, i) => makeDetection(`d${i}`, T0_MS + i)),
      );
      expect((await t.store.queryDetections({})).items).toHaveLength(100);
      const big = await t.store.queryDetections({ limit: 5000 });
      expect(big.items).toHaveLength(1000);
      expect(big.next).not.toBeNull();
    });

    it('refuses a cursor it did not issue, naming the field', async () => {
      await expect(t.store.queryDetections({ cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
    });
  });

  describe('agreements', () => {
    it('loads an agreement by id, and the one saved last without an id', async () => {
      expect(await t.store.loadAgreement()).toBeUndefined();
      const a = makeAgreement('agr-a', 'A');
      const b = makeAgreement('agr-b', 'B');
      await t.store.saveAgreement(a);
      await t.store.saveAgreement(b);
      expect(await t.store.loadAgreement()).toStrictEqual(b);
      expect(await t.store.loadAgreement('agr-a')).toStrictEqual(a);
      expect(await t.store.loadAgreement('agr-404')).toBeUndefined();
    });

    it('replaces an agreement saved again under its id, which becomes the latest', async () => {
      await t.store.saveAgreement(makeAgreement('agr-a', 'A'));
      await t.store.saveAgreement(makeAgreement('agr-b', 'B'));
      const a2 = makeAgreement('agr-a', 'A, amended');
      await t.store.saveAgreement(a2);
      expect(await t.store.loadAgreement()).toStrictEqual(a2);
      expect(await t.store.loadAgreement('agr-a')).toStrictEqual(a2);
    });
  });

  describe('audit log', () => {
    const change = (i: number, more: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
      tMs: T0_MS + i,
      actor: 'system',
      action: 'agreement.reloaded',
      subjectType: 'agreement',
      subjectId: `agr-${i}`,
      details: { agreementId: `agr-${i}`, versions: [1, i], note: 'é ✓' },
      ...more,
    });

    it('starts empty, with the genesis hash as its head', async () => {
      expect(await t.store.auditHead()).toEqual(EMPTY_AUDIT_HEAD);
      expect(await t.store.listAudit()).toEqual([]);
    });

    it('numbers and chains what is appended, and lists it back as it was returned', async () => {
      const appended = [];
      for (let i = 1; i <= 5; i++) appended.push(await t.store.appendAudit(change(i)));
      expect(appended.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(appended[0]).toMatchObject({ ...change(1), prevHash: EMPTY_AUDIT_HEAD.hash });
      const listed = await t.store.listAudit();
      expect(listed).toStrictEqual(appended);
      expect(verifyAuditChain(listed)).toEqual({
        ok: true,
        count: 5,
        head: { seq: 5, hash: appended[4]!.hash },
      });
      expect(await t.store.auditHead()).toEqual({ seq: 5, hash: appended[4]!.hash });
    });

    it('keeps one chain, without a fork, when appends are made concurrently', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => t.store.appendAudit(change(i))),
      );
      expect(new Set(results.map((e) => e.seq)).size).toBe(20);
      const listed = await t.store.listAudit({ limit: 1000 });
      expect(listed.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(verifyAuditChain(listed)).toMatchObject({ ok: true, count: 20 });
    });

    it('pages oldest first after a seq, 100 by default and at most 1000', async () => {
      for (let i = 1; i <= 1001; i++) await t.store.appendAudit(change(i));
      expect((await t.store.listAudit()).map((e) => e.seq)).toEqual(
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      expect(await t.store.listAudit({ limit: 5000 })).toHaveLength(1000);
      const page = await t.store.listAudit({ afterSeq: 998, limit: 2 });
      expect(page.map((e) => e.seq)).toEqual([999, 1000]);
      expect(await t.store.listAudit({ afterSeq: 1001 })).toEqual([]);
    });

    it('refuses a page query it cannot answer, naming the field', async () => {
      await expect(t.store.listAudit({ afterSeq: -1 })).rejects.toThrow(/afterSeq/);
      await expect(t.store.listAudit({ limit: 0 })).rejects.toThrow(/limit/);
    });

    it('refuses an entry that cannot be hashed reproducibly and chains on as if it never came', async () => {
      await t.store.appendAudit(change(1));
      await expect(t.store.appendAudit(change(2, { details: { fraction: 0.25 } }))).rejects.toThrow(
        /details\.fraction: expected an integer/,
      );
      expect((await t.store.appendAudit(change(3))).seq).toBe(2);
      expect(verifyAuditChain(await t.store.listAudit())).toMatchObject({ ok: true, count: 2 });
    });

    it('continues the chain after the store is reopened', async () => {
      await t.store.appendAudit(change(1));
      await t.store.appendAudit(change(2));
      await t.reopen();
      if (!t.sut.persistent) return;
      const next = await t.store.appendAudit(change(3));
      expect(next.seq).toBe(3);
      expect(verifyAuditChain(await t.store.listAudit())).toMatchObject({
        ok: true,
        count: 3,
        head: { seq: 3, hash: next.hash },
      });
    });
  });

  describe('stats and close', () => {
    it('counts observations, tracks and detections', async () => {
      expect(await t.store.stats()).toEqual({ observations: 0, tracks: 0, detections: 0 });
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS),
        makeObservation('mmsi:1', T0_MS + 1),
        makeObservation('mmsi:2', T0_MS + 2),
      ]);
      await t.flushIndex();
      await t.store.appendObservations([makeObservation('mmsi:3', T0_MS + 3)]);
      await t.store.upsertTracks([makeTrack('mmsi:1', T0_MS + 1)]);
      await t.store.appendDetections([makeDetection('d1', T0_MS), makeDetection('d2', T0_MS)]);
      expect(await t.store.stats()).toEqual({ observations: 4, tracks: 1, detections: 2 });
    });

    it('commits appends still waiting for their group when closed', async () => {
      const pending = t.store.appendObservations([makeObservation('mmsi:1', T0_MS)]);
      await t.store.close();
      await pending;
      await t.open();
      if (t.sut.persistent) expect((await t.store.stats()).observations).toBe(1);
    });

    it('refuses calls after close', async () => {
      await t.store.close();
      await expect(t.store.stats()).rejects.toThrow(/closed/);
      await expect(t.store.appendObservations([makeObservation('mmsi:1', T0_MS)])).rejects.toThrow(
        /closed/,
      );
      await t.store.close();
      await t.open();
    });
  });
}
