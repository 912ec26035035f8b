import type { EffectivePeriod } from './pack-types.ts';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Tells whether `value` is a real calendar date written as YYYY-MM-DD, so "2025-02-30" is rejected. */
export function isCalendarDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (match === null) return false;

  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Tells whether `date` falls in the period. Both ends are inclusive, so a rate that ends on
 * 2024-08-31 still applies on that day. YYYY-MM-DD strings compare correctly as text.
 */
export function isInEffect(period: EffectivePeriod, date: string): boolean {
  if (date < period.effectiveFrom) return false;
  return period.effectiveTo === undefined || date <= period.effectiveTo;
}

/** Tells whether two periods share at least one day. */
export function periodsOverlap(a: EffectivePeriod, b: EffectivePeriod): boolean {
  const aEnd = a.effectiveTo ?? '9999-12-31';
  const bEnd = b.effectiveTo ?? '9999-12-31';
  return a.effectiveFrom <= bEnd && b.effectiveFrom <= aEnd;
}
