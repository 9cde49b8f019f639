import { describe, expect, it } from 'vitest';
import { SourceStats } from './source-stats.js';

const T0 = 1_767_225_600_000;
const WHO = { id: 'ais-udp:127.0.0.1:10110', kind: 'ais-udp', address: '127.0.0.1:10110' } as const;

describe('SourceStats', () => {
  it('is not silent before its first message, however long it waits', () => {
    const s = new SourceStats(60_000);
    expect(s.isSilent(T0 + 3_600_000, 'listening')).toBe(false);
  });

  it('turns silent once a source with traffic has none for the threshold', () => {
    const s = new SourceStats(60_000);
    s.countMessages(3, T0);
    expect(s.isSilent(T0 + 59_999, 'listening')).toBe(false);
    expect(s.isSilent(T0 + 60_000, 'listening')).toBe(true);
    expect(s.describe(T0 + 60_000, WHO, { state: 'listening', queued: 0 }).silent).toBe(true);
    s.countMessages(1, T0 + 61_000);
    expect(s.isSilent(T0 + 61_000, 'listening')).toBe(false);
  });

  it('calls a source failing in error at once, and when unable to reach its peer for 10 s', () => {
    const s = new SourceStats();
    const at = (nowMs: number, state: 'error' | 'reconnecting', troubleSinceMs?: number) =>
      s.describe(nowMs, WHO, { state, queued: 0, troubleSinceMs }).failing;
    expect(at(T0, 'error', T0)).toBe(true);
    expect(at(T0 + 9_999, 'reconnecting', T0)).toBe(false);
    expect(at(T0 + 10_000, 'reconnecting', T0)).toBe(true);
    expect(s.describe(T0, WHO, { state: 'listening', queued: 0 }).failing).toBe(false);
  });

  it('never calls a finished or stopped source silent', () => {
    const s = new SourceStats(1000);
    s.countMessages(1, T0);
    expect(s.isSilent(T0 + 10_000, 'finished')).toBe(false);
    expect(s.isSilent(T0 + 10_000, 'stopped')).toBe(false);
    expect(s.isSilent(T0 + 10_000, 'reconnecting')).toBe(true);
  });

  it('counts rejects by reason and reports rate, totals and last message time', () => {
    const s = new SourceStats();
    s.countRejected('bad_checksum');
    s.countRejected('bad_checksum');
    s.countRejected('line_too_long');
    for (let i = 0; i < 10; i++) s.countMessages(2, T0 + i * 1000);
    const h = s.describe(T0 + 9000, WHO, { state: 'listening', queued: 4, lastError: 'x' });
    expect(h).toMatchObject({
      id: WHO.id,
      state: 'listening',
      messagesTotal: 20,
      messagesPerS: 2,
      rejected: { bad_checksum: 2, line_too_long: 1 },
      rejectedTotal: 3,
      lastMessageMs: T0 + 9000,
      queued: 4,
      lastError: 'x',
      silent: false,
    });
  });

  it('asks for one drop warning per interval, with the count since the last one', () => {
    const s = new SourceStats();
    expect(s.countDropped(1, T0)).toBe(1);
    expect(s.countDropped(5, T0 + 1000)).toBe(0);
    expect(s.countDropped(2, T0 + 9000)).toBe(0);
    expect(s.countDropped(1, T0 + 10_000)).toBe(8);
    expect(s.dropped).toBe(9);
  });
});
