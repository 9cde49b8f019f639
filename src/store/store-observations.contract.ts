/**
 * The observation half of the Store contract (store.contract.ts): appends,
 * queries by track and time, limits and ordering, and what survives a restart
 * or a crash.
 */
import { describe, expect, it } from 'vitest';
import type { Observation } from '../core/types.js';
import type { StoreContractContext } from './store.contract.js';
import {
  makeAgreement,
  makeDetection,
  makeObservation,
  makeTrack,
  summarizeObservations,
  T0_MS,
} from './store-fixtures.js';

export function describeObservationContract(t: StoreContractContext): void {
  describe('observations', () => {
    it('finds a track’s observations in a time range, oldest first', async () => {
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS + 3000),
        makeObservation('mmsi:2', T0_MS + 1000),
        makeObservation('mmsi:1', T0_MS + 1000),
        makeObservation('mmsi:1', T0_MS + 2000),
        makeObservation('mmsi:1', T0_MS + 9000),
      ]);
      const got = await t.store.queryObservations({
        trackId: 'mmsi:1',
        fromMs: T0_MS + 1000,
        toMs: T0_MS + 3000,
      });
      expect(summarizeObservations(got)).toEqual(['mmsi:1@1000', 'mmsi:1@2000', 'mmsi:1@3000']);
    });

    it('returns every field an observation was stored with, and no others', async () => {
      const full = makeObservation('icao:4840d6', T0_MS, {
        altFt: 12_000,
        speedKn: 251.5,
        courseDeg: 87.25,
        headingDeg: 90,
        status: 'airborne',
        squawk: '7000',
        name: 'Blue 1',
        callsign: 'BLU1',
        source: 'adsb:tcp:10.0.0.2:30005',
        lon: 33.123456789012,
        lat: -35.987654321098,
      });
      const bare = makeObservation('report:7f0c', T0_MS + 1, { kind: 'ground' });
      await t.store.appendObservations([full, bare]);
      expect(await t.store.queryObservations({ trackId: 'icao:4840d6' })).toStrictEqual([full]);
      expect(await t.store.queryObservations({ trackId: 'report:7f0c' })).toStrictEqual([bare]);
    });

    it('finds observations on both sides of an index flush in one answer', async () => {
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS + 1000),
        makeObservation('mmsi:2', T0_MS + 1500),
      ]);
      await t.flushIndex();
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS + 2000),
        makeObservation('mmsi:1', T0_MS + 500),
      ]);
      const byTrack = await t.store.queryObservations({ trackId: 'mmsi:1' });
      expect(summarizeObservations(byTrack)).toEqual(['mmsi:1@500', 'mmsi:1@1000', 'mmsi:1@2000']);
      const byTime = await t.store.queryObservations({ fromMs: T0_MS + 600, toMs: T0_MS + 2000 });
      expect(summarizeObservations(byTime)).toEqual(['mmsi:1@1000', 'mmsi:2@1500', 'mmsi:1@2000']);
    });

    it('finds observations of every track by time range alone, bounds inclusive', async () => {
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS),
        makeObservation('icao:aa', T0_MS + 10),
        makeObservation('mmsi:2', T0_MS + 20),
        makeObservation('mmsi:1', T0_MS + 30),
      ]);
      await t.flushIndex();
      await t.store.appendObservations([makeObservation('mmsi:3', T0_MS + 15)]);
      const got = await t.store.queryObservations({ fromMs: T0_MS + 10, toMs: T0_MS + 20 });
      expect(summarizeObservations(got)).toEqual(['icao:aa@10', 'mmsi:3@15', 'mmsi:2@20']);
      expect(await t.store.queryObservations({})).toHaveLength(5);
    });

    it('orders observations with the same time by arrival', async () => {
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS, { status: 'first' }),
        makeObservation('mmsi:1', T0_MS, { status: 'second' }),
      ]);
      await t.flushIndex();
      await t.store.appendObservations([makeObservation('mmsi:1', T0_MS, { status: 'third' })]);
      const got = await t.store.queryObservations({ trackId: 'mmsi:1' });
      expect(got.map((o) => o.status)).toEqual(['first', 'second', 'third']);
    });

    it('stops at the limit, keeping the oldest even when they arrived last', async () => {
      for (let flush = 0; flush < 3; flush++) {
        const base = T0_MS + (2 - flush) * 100;
        await t.store.appendObservations([
          makeObservation('mmsi:1', base + 1),
          makeObservation('mmsi:1', base + 2),
          makeObservation('mmsi:2', base + 3),
        ]);
        await t.flushIndex();
      }
      await t.store.appendObservations([makeObservation('mmsi:1', T0_MS - 5)]);
      const byTrack = await t.store.queryObservations({ trackId: 'mmsi:1', limit: 3 });
      expect(summarizeObservations(byTrack)).toEqual(['mmsi:1@-5', 'mmsi:1@1', 'mmsi:1@2']);
      const byTime = await t.store.queryObservations({ fromMs: T0_MS, limit: 4 });
      expect(summarizeObservations(byTime)).toEqual([
        'mmsi:1@1',
        'mmsi:1@2',
        'mmsi:2@3',
        'mmsi:1@101',
      ]);
    });

    it('keeps the oldest within the limit when earlier appends span later times', async () => {
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS),
        makeObservation('mmsi:1', T0_MS + 100),
      ]);
      await t.flushIndex();
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS + 1),
        makeObservation('mmsi:1', T0_MS + 2),
      ]);
      const byTrack = await t.store.queryObservations({ trackId: 'mmsi:1', limit: 2 });
      expect(summarizeObservations(byTrack)).toEqual(['mmsi:1@0', 'mmsi:1@1']);
      const byTime = await t.store.queryObservations({ limit: 3 });
      expect(summarizeObservations(byTime)).toEqual(['mmsi:1@0', 'mmsi:1@1', 'mmsi:1@2']);
    });

    it('orders equal times by arrival even when a later append holds older times', async () => {
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS + 10, { status: 'first' }),
        makeObservation('mmsi:1', T0_MS + 1),
      ]);
      await t.flushIndex();
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS),
        makeObservation('mmsi:1', T0_MS + 10, { status: 'second' }),
      ]);
      for (const q of [{ trackId: 'mmsi:1' }, {}]) {
        const got = await t.store.queryObservations(q);
        expect(got.map((o) => `${o.tMs - T0_MS}${o.status ?? ''}`)).toEqual([
          '0',
          '1',
          '10first',
          '10second',
        ]);
      }
    });

    it('keeps fractional milliseconds exact and bounds windows by them', async () => {
      await t.store.appendObservations([
        makeObservation('mmsi:1', T0_MS + 0.25),
        makeObservation('mmsi:1', T0_MS + 0.75),
        makeObservation('mmsi:1', T0_MS + 1.5),
      ]);
      await t.flushIndex();
      await t.store.appendObservations([makeObservation('mmsi:1', T0_MS + 1.25)]);
      for (const trackId of ['mmsi:1', undefined]) {
        const got = await t.store.queryObservations({
          trackId,
          fromMs: T0_MS + 0.5,
          toMs: T0_MS + 1.25,
        });
        expect(got.map((o) => o.tMs - T0_MS)).toEqual([0.75, 1.25]);
      }
    });

    it('returns nothing for an unknown track or an empty time range', async () => {
      await t.store.appendObservations([makeObservation('mmsi:1', T0_MS)]);
      expect(await t.store.queryObservations({ trackId: 'mmsi:404' })).toEqual([]);
      expect(await t.store.queryObservations({ fromMs: T0_MS + 1, toMs: T0_MS + 5 })).toEqual([]);
      expect(await t.store.queryObservations({ fromMs: T0_MS + 5, toMs: T0_MS })).toEqual([]);
    });

    it('resolves concurrent appends once each has landed', async () => {
      const batches = Array.from({ length: 20 }, (_, b) =>
        Array.from({ length: 50 }, (_, i) => makeObservation(`mmsi:${i % 7}`, T0_MS + b * 50 + i)),
      );
      await Promise.all(batches.map((batch) => t.store.appendObservations(batch)));
      expect((await t.store.stats()).observations).toBe(1000);
      expect(await t.store.queryObservations({})).toHaveLength(1000);
      const track3 = await t.store.queryObservations({ trackId: 'mmsi:3' });
      expect(track3).toHaveLength(batches.flat().filter((o) => o.trackId === 'mmsi:3').length);
    });

    it('refuses a malformed batch alone, naming the field, while its neighbours land', async () => {
      const good = t.store.appendObservations([makeObservation('mmsi:1', T0_MS)]);
      const bad = t.store.appendObservations([
        makeObservation('mmsi:2', T0_MS),
        makeObservation('mmsi:2', T0_MS, { lat: Number.NaN }),
      ]);
      await expect(bad).rejects.toThrow(/batch\[1\]\.lat/);
      await good;
      expect(summarizeObservations(await t.store.queryObservations({}))).toEqual(['mmsi:1@0']);
    });

    it('reports the time of the newest observation, whatever the arrival order', async () => {
      expect(await t.store.latestObservationTimeMs()).toBeUndefined();
      await t.store.appendObservations([makeObservation('mmsi:1', T0_MS + 50)]);
      await t.flushIndex();
      await t.store.appendObservations([makeObservation('mmsi:1', T0_MS + 10)]);
      expect(await t.store.latestObservationTimeMs()).toBe(T0_MS + 50);
    });
  });

  describe('restart', () => {
    it('keeps all history after close and reopen', async ({ skip }) => {
      skip(!t.sut.persistent, 'this storage does not outlive close');
      await t.store.appendObservations([makeObservation('mmsi:1', T0_MS)]);
      await t.flushIndex();
      await t.store.appendObservations([makeObservation('mmsi:1', T0_MS + 1)]);
      await t.store.upsertTracks([makeTrack('mmsi:1', T0_MS + 1)]);
      await t.store.appendDetections([makeDetection('d1', T0_MS)]);
      await t.store.saveAgreement(makeAgreement('agr-1', 'Accord'));
      await t.reopen();
      await t.reopen();
      const got = await t.store.queryObservations({ trackId: 'mmsi:1' });
      expect(summarizeObservations(got)).toEqual(['mmsi:1@0', 'mmsi:1@1']);
      expect(await t.store.stats()).toEqual({ observations: 2, tracks: 1, detections: 1 });
      expect((await t.store.loadAgreement())?.name).toBe('Accord');
      expect(await t.store.latestObservationTimeMs()).toBe(T0_MS + 1);
      await t.store.appendObservations([makeObservation('mmsi:2', T0_MS + 2)]);
      expect(summarizeObservations(await t.store.queryObservations({}))).toEqual([
        'mmsi:1@0',
        'mmsi:1@1',
        'mmsi:2@2',
      ]);
    });

    it('loses no acknowledged observation in a crash and duplicates none', async ({ skip }) => {
      skip(!t.sut.persistent || t.sut.crash === undefined, 'this store cannot simulate a crash');
      const acked: Observation[] = [];
      for (let b = 0; b < 4; b++) {
        const batch = Array.from({ length: 25 }, (_, i) =>
          makeObservation(`mmsi:${i % 3}`, T0_MS + b * 25 + i),
        );
        await t.store.appendObservations(batch);
        acked.push(...batch);
        if (b === 1) await t.flushIndex();
      }
      await t.sut.crash!(t.store);
      await t.open();
      for (const trackId of ['mmsi:0', 'mmsi:1', 'mmsi:2']) {
        const want = acked.filter((o) => o.trackId === trackId);
        expect(await t.store.queryObservations({ trackId })).toStrictEqual(want);
      }
      // The crashed tail is indexed by the next flush exactly once.
      await t.flushIndex();
      await t.reopen();
      expect(await t.store.queryObservations({})).toStrictEqual(acked);
      expect((await t.store.stats()).observations).toBe(acked.length);
    });
  });
}
