import { addDays, addMonths } from '@opc/kernel';

/** A scoring period: a calendar quarter, written '2027Q1' (M-SCORE: scored at the end of each quarter). */
export const QUARTER = /^(\d{4})Q([1-4])$/;

export const isQuarter = (value: unknown): value is string => typeof value === 'string' && QUARTER.test(value);

/** The quarter's first and last business days: 2027Q1 → 2027-01-01 … 2027-03-31. */
export const quarterDates = (quarter: string): { first: string; last: string } => {
  const m = QUARTER.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  const first = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return { first, last: addDays(addMonths(first, 3), -1) };
};

/** The quarter before: 2027Q1 → 2026Q4. */
export const previousQuarter = (quarter: string): string => {
  const m = QUARTER.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  const [year, q] = [Number(m[1]), Number(m[2])];
  return q === 1 ? `${year - 1}Q4` : `${year}Q${q - 1}`;
};

export const quarterStreamId = (quarter: string): string => `quarter-${quarter}`;
