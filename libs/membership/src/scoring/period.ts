import { addDays, addMonths } from '@opc/kernel';

/**
 * A scoring period (M-SCORE-7: the scheme scores by quarter, or by month as the seed allows):
 * a quarter is written '2027Q1' (stream `quarter-2027Q1`), a month '2027-03' (stream `month-2027-03`).
 */
export type PeriodKind = 'quarter' | 'month';

const QUARTER = /^(\d{4})Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const periodKind = (value: unknown): PeriodKind | null =>
  typeof value !== 'string' ? null : QUARTER.test(value) ? 'quarter' : MONTH.test(value) ? 'month' : null;

export const isPeriod = (value: unknown): value is string => periodKind(value) !== null;

/** The period's first day, without date arithmetic (read models sort by it, often). */
export const periodStart = (period: string): string => {
  const q = QUARTER.exec(period);
  if (q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return `${period}-01`;
};

/** The period's first and last business days: 2027Q1 → 2027-01-01 … 2027-03-31; 2027-02 → 2027-02-01 … 2027-02-28. */
export const periodDates = (period: string): { first: string; last: string } => {
  const q = QUARTER.exec(period);
  if (q) {
    const first = `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
    return { first, last: addDays(addMonths(first, 3), -1) };
  }
  if (!MONTH.test(period)) throw new RangeError(`not a scoring period: ${period}`);
  const first = `${period}-01`;
  return { first, last: addDays(addMonths(first, 1), -1) };
};

/** The period before, of the same kind: 2027Q1 → 2026Q4; 2027-01 → 2026-12. */
export const previousPeriod = (period: string): string => {
  const q = QUARTER.exec(period);
  if (q) {
    const [year, n] = [Number(q[1]), Number(q[2])];
    return n === 1 ? `${year - 1}Q4` : `${year}Q${n - 1}`;
  }
  if (!MONTH.test(period)) throw new RangeError(`not a scoring period: ${period}`);
  return addMonths(`${period}-01`, -1).slice(0, 7);
};

export const periodStreamId = (period: string): string =>
  periodKind(period) === 'month' ? `month-${period}` : `quarter-${period}`;

export const isPeriodStream = (streamId: string): boolean => streamId.startsWith('quarter-') || streamId.startsWith('month-');
