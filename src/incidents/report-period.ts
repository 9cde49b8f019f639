/**
 * Report periods: [fromMs, toMs) in UTC. A daily report covers one UTC day;
 * any other period up to MAX_REPORT_PERIOD_MS may be asked for. The previous
 * period, which deltas compare with, is the one of the same length just before.
 */
import type { ReportPeriod } from './report-types.js';

export const DAY_MS = 86_400_000;
/** The longest period one report covers: a month of 31 days. */
export const MAX_REPORT_PERIOD_MS = 31 * DAY_MS;

/** Why a period is refused, naming the field at fault (`fromMs` or `toMs`). */
export class ReportPeriodError extends Error {
  override readonly name = 'ReportPeriodError';
  constructor(
    readonly field: 'fromMs' | 'toMs',
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The UTC day that holds tMs: [00:00, next 00:00). */
export function utcDayOf(tMs: number): { fromMs: number; toMs: number } {
  const fromMs = Math.floor(tMs / DAY_MS) * DAY_MS;
  return { fromMs, toMs: fromMs + DAY_MS };
}

/**
 * Checks a period asked for: integer epoch ms, from before to, at most 31
 * days, and not starting after `nowMs` (nothing could be in it yet). A period
 * may end in the future: today's report, published before midnight.
 */
export function checkReportPeriod(fromMs: number, toMs: number, nowMs: number): void {
  if (!Number.isSafeInteger(fromMs) || fromMs < 0) {
    throw new ReportPeriodError('fromMs', `expected epoch milliseconds, got ${fromMs}`);
  }
  if (!Number.isSafeInteger(toMs) || toMs < 0) {
    throw new ReportPeriodError('toMs', `expected epoch milliseconds, got ${toMs}`);
  }
  if (toMs <= fromMs) {
    throw new ReportPeriodError(
      'toMs',
      `the period is empty: it must end after it starts (${isoOf(fromMs)})`,
    );
  }
  if (toMs - fromMs > MAX_REPORT_PERIOD_MS) {
    throw new ReportPeriodError(
      'toMs',
      `a report covers at most 31 days, this period is ${((toMs - fromMs) / DAY_MS).toFixed(1)} days`,
    );
  }
  if (fromMs > nowMs) {
    throw new ReportPeriodError('fromMs', `the period starts in the future (${isoOf(fromMs)})`);
  }
}

export function describePeriod(fromMs: number, toMs: number): ReportPeriod {
  return { fromMs, toMs, from: isoOf(fromMs), to: isoOf(toMs) };
}

/** The period of the same length just before [fromMs, toMs). */
export function previousPeriodOf(fromMs: number, toMs: number): { fromMs: number; toMs: number } {
  return { fromMs: fromMs - (toMs - fromMs), toMs: fromMs };
}

/** True when the period is exactly one UTC day. */
export function isUtcDay(fromMs: number, toMs: number): boolean {
  return fromMs % DAY_MS === 0 && toMs - fromMs === DAY_MS;
}

/** `2026-01-01` for a UTC day, else `2026-01-01 06:00 – 2026-01-03 00:00 UTC`. */
export function formatPeriod(fromMs: number, toMs: number): string {
  if (isUtcDay(fromMs, toMs)) return isoOf(fromMs).slice(0, 10);
  const whole = fromMs % DAY_MS === 0 && toMs % DAY_MS === 0;
  const show = (ms: number) =>
    whole ? isoOf(ms).slice(0, 10) : isoOf(ms).slice(0, 16).replace('T', ' ');
  // A range of whole days names its last day, not the midnight after it.
  return whole ? `${show(fromMs)} – ${show(toMs - DAY_MS)}` : `${show(fromMs)} – ${show(toMs)} UTC`;
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}
