import { describe, expect, it } from 'vitest';
import type { Observation, StaticReport } from '../../core/types.js';
import { encodeSbs } from './adsb-frames.fixture.js';
import { SbsPipeline } from './sbs-pipeline.js';
import { SourceStats } from './source-stats.js';

const T0 = Date.UTC(2026, 2, 1, 6, 0, 0);
const ICAO = '4CA1B2';

function startPipeline() {
  const stats = new SourceStats();
  const observations: Observation[] = [];
  const statics: StaticReport[] = [];
  const pipeline = new SbsPipeline({
    sourceId: 'sbs-rx',
    stats,
    onItem: (item) => {
      if (item.type === 'position') observations.push(item.observation);
      else statics.push(item.report);
    },
  });
  const send = (tMs: number, ...lines: string[]) =>
    pipeline.pushChunk(Buffer.from(`${lines.join('\r\n')}\r\n`), tMs);
  return { pipeline, stats, observations, statics, send };
}

describe('SbsPipeline', () => {
  it('merges the partial MSG lines of one aircraft into its observation', () => {
    const p = startPipeline();
    p.send(T0, encodeSbs(1, ICAO, { callsign: 'EIN123  ' }));
    p.send(T0 + 100, encodeSbs(4, ICAO, { gsKt: 431, trackDeg: 92.5, vrateFpm: -640 }));
    p.send(T0 + 200, encodeSbs(6, ICAO, { squawk: '2514', emergency: false }));
    expect(p.observations).toHaveLength(0);
    p.send(T0 + 300, encodeSbs(3, ICAO, { altFt: 36000, lat: 53.4213, lon: -6.2701 }));
    expect(p.statics).toEqual([
      {
        trackId: 'icao:4ca1b2',
        kind: 'aircraft',
        tMs: T0,
        source: 'sbs-rx',
        callsign: 'EIN123',
        flag: 'IE',
      },
    ]);
    expect(p.observations).toEqual([
      {
        trackId: 'icao:4ca1b2',
        kind: 'aircraft',
        tMs: T0 + 300,
        lon: -6.2701,
        lat: 53.4213,
        source: 'sbs-rx',
        altFt: 36000,
        speedKn: 431,
        courseDeg: 92.5,
        squawk: '2514',
        callsign: 'EIN123',
        flag: 'IE',
      },
    ]);
    expect(p.stats.messagesTotal).toBe(4);
    expect(p.pipeline.aircraft).toBe(1);
  });

  it('leaves out fields heard more than a minute before the position', () => {
    const p = startPipeline();
    p.send(T0, encodeSbs(4, ICAO, { gsKt: 431, trackDeg: 92.5 }));
    p.send(T0 + 61_000, encodeSbs(3, ICAO, { altFt: 36000, lat: 53.4, lon: -6.3 }));
    expect(p.observations[0]!.speedKn).toBeUndefined();
    expect(p.observations[0]!.altFt).toBe(36000);
  });

  it('updates the track at its last position when the aircraft squawks 7600', () => {
    const p = startPipeline();
    p.send(T0, encodeSbs(3, ICAO, { altFt: 8000, lat: 53.4, lon: -6.3 }));
    p.send(T0 + 1000, encodeSbs(6, ICAO, { squawk: '7600', emergency: true }));
    expect(p.observations).toHaveLength(2);
    expect(p.observations[1]).toMatchObject({
      tMs: T0 + 1000,
      lat: 53.4,
      lon: -6.3,
      altFt: 8000,
      squawk: '7600',
      status: 'emergency 7600 (radio failure)',
    });
    // The next position keeps the emergency.
    p.send(T0 + 1500, encodeSbs(3, ICAO, { altFt: 7900, lat: 53.41, lon: -6.3 }));
    expect(p.observations[2]).toMatchObject({
      squawk: '7600',
      status: 'emergency 7600 (radio failure)',
    });
  });

  it('counts a malformed line by reason and passes over other BaseStation messages', () => {
    const p = startPipeline();
    p.send(
      T0,
      'AIR,,1,1,4CA1B2,1,2026/03/01,06:00:00.000,2026/03/01,06:00:00.000',
      'STA,,1,1,4CA1B2,1,2026/03/01,06:00:00.000,2026/03/01,06:00:00.000,RM',
      encodeSbs(3, ICAO, { altFt: 36000, lat: 95, lon: -6.3 }),
      'MSG,3,1,1',
      '',
    );
    expect(p.stats.rejected).toEqual({ bad_sbs_field: 2 });
    expect(p.stats.messagesTotal).toBe(0);
  });

  it('forgets an aircraft silent for a minute', () => {
    const p = startPipeline();
    p.send(T0, encodeSbs(1, ICAO, { callsign: 'EIN123' }));
    p.pipeline.expire(T0 + 61_000);
    expect(p.pipeline.aircraft).toBe(0);
  });
});
