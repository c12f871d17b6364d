/**
 * Chinese working days (工作日) for deadlines such as M-ADM-5 (initial review within 7 working
 * days) and M-REW-4 (publicity 3 working days, delivery within 10).
 *
 * - A year the `chinese-days` package covers: the package's data decides (statutory holidays
 *   are skipped, adjusted working weekends 调休 count), read with the package's own rule.
 * - A later (or earlier) year: Monday–Friday, minus the operator override file's holidays,
 *   plus its workdays; every answer that depended on such a year is PROVISIONAL, because the
 *   State Council has not published (or the package does not carry) that year's schedule.
 *
 * The covered range is read from the package's own data, so upgrading the package to one that
 * carries 2027 makes 2027 answers final without a code change; override entries for a year the
 * package covers are then ignored.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
// The package's published data, not its runtime API: chinese-days 1.5.7 builds its lookup
// tables by parsing 'YYYY-M-D' as UTC midnight and formatting with local getters, so in a
// process running west of UTC (TZ=America/New_York) every entry shifts a day and, e.g.,
// 调休 Saturday 2026-10-10 comes out as a day off. The JSON in dist/ is generated once and
// is correct; reading it with the package's own rule (a listed workday works, a listed
// holiday is off, otherwise Monday–Friday) gives the package's answer in any time zone.
import packageData from 'chinese-days/dist/chinese-days.json';
import { BusinessDate, addDays, assertBusinessDate, isBusinessDate, isoWeekday } from './business-date';

/** One uncovered year in the override file. Keys starting with '_' are notes and are ignored. */
export interface YearOverride {
  /** Extra days off (statutory holidays) falling on what would be a working day. */
  holidays?: BusinessDate[];
  /** Adjusted working weekends (调休): Saturdays/Sundays that are worked. */
  workdays?: BusinessDate[];
  [note: `_${string}`]: unknown;
}

/** The override file: `{ "2027": { "holidays": [...], "workdays": [...] } }`; top-level keys starting with '_' are notes. */
export type OverrideData = { [yearOrNote: string]: YearOverride | string | undefined };

export interface WorkingDayCalendarOptions {
  /** Validated like the file: a malformed entry throws CalendarOverrideError. */
  overrides?: OverrideData;
  /** Where the overrides came from, for error messages (fromFile passes the path). */
  source?: string;
}

/** A deadline counted in working days. `provisional`: it depended on a year without published holiday data. */
export interface WorkingDayDeadline {
  date: BusinessDate;
  provisional: boolean;
}

/** A count of working days; `provisional` as for WorkingDayDeadline. */
export interface WorkingDayCount {
  days: number;
  provisional: boolean;
}

/** The override file is missing nothing but is wrong: a typo must not silently move deadlines. */
export class CalendarOverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarOverrideError';
  }
}

/** The override file shipped with the kernel (empty until operators fill in a published schedule). */
export const DEFAULT_CALENDAR_OVERRIDES_PATH = join(__dirname, 'calendar-overrides.json');

interface NormalisedYear {
  holidays: ReadonlySet<BusinessDate>;
  workdays: ReadonlySet<BusinessDate>;
}

const PACKAGE = (() => {
  const data = packageData as { holidays?: Record<string, unknown>; workdays?: Record<string, unknown> };
  const holidays = new Set(Object.keys(data.holidays ?? {}).filter((d) => isBusinessDate(d)));
  const workdays = new Set(Object.keys(data.workdays ?? {}).filter((d) => isBusinessDate(d)));
  const years = [...holidays, ...workdays].map((d) => Number(d.slice(0, 4)));
  if (years.length === 0) throw new Error('chinese-days: no holiday data found in dist/chinese-days.json');
  return { holidays, workdays, first: Math.min(...years), last: Math.max(...years) };
})();

function yearOf(date: BusinessDate): number {
  return Number(date.slice(0, 4));
}

function parseOverrides(raw: unknown, source: string): Map<number, NormalisedYear> {
  const fail = (msg: string): never => {
    throw new CalendarOverrideError(`${source}: ${msg}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail('expected an object keyed by year, e.g. { "2027": { "holidays": [], "workdays": [] } }');
  }
  const result = new Map<number, NormalisedYear>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key.startsWith('_')) continue;
    if (!/^\d{4}$/.test(key)) fail(`key "${key}" is not a year (YYYY); notes must start with '_'`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(`"${key}" must be an object { "holidays": [...], "workdays": [...] }`);
    }
    const year = Number(key);
    const lists: Record<'holidays' | 'workdays', Set<BusinessDate>> = { holidays: new Set(), workdays: new Set() };
    for (const [field, dates] of Object.entries(value as Record<string, unknown>)) {
      if (field.startsWith('_')) continue;
      if (field !== 'holidays' && field !== 'workdays') {
        fail(`"${key}" has unknown field "${field}" (expected "holidays" and "workdays"; notes must start with '_')`);
      }
      if (!Array.isArray(dates)) fail(`"${key}.${field}" must be an array of 'YYYY-MM-DD' dates`);
      (dates as unknown[]).forEach((d, i) => {
        if (!isBusinessDate(d)) fail(`"${key}.${field}[${i}]" is not a calendar date 'YYYY-MM-DD': ${JSON.stringify(d)}`);
        if (yearOf(d as string) !== year) fail(`"${key}.${field}[${i}]" (${String(d)}) is not in ${key}`);
        lists[field as 'holidays' | 'workdays'].add(d as string);
      });
    }
    for (const d of lists.holidays) {
      if (lists.workdays.has(d)) fail(`${d} is listed both as a holiday and as a workday in "${key}"`);
    }
    result.set(year, lists);
  }
  return result;
}

export class WorkingDayCalendar {
  /** First and last year whose holidays the chinese-days package carries. */
  readonly firstCoveredYear = PACKAGE.first;
  readonly lastCoveredYear = PACKAGE.last;
  private readonly overrides: Map<number, NormalisedYear>;

  constructor(options: WorkingDayCalendarOptions = {}) {
    this.overrides = parseOverrides(options.overrides ?? {}, options.source ?? 'calendar overrides');
  }

  /**
   * Reads the operator-maintained override file. A missing file means no overrides; a file
   * that is not valid JSON or not of the documented shape throws a CalendarOverrideError
   * naming the file and the offending entry.
   */
  static fromFile(path: string = DEFAULT_CALENDAR_OVERRIDES_PATH): WorkingDayCalendar {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new WorkingDayCalendar();
      throw new CalendarOverrideError(`${path}: cannot be read: ${(err as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new CalendarOverrideError(`${path}: not valid JSON: ${(err as Error).message}`);
    }
    return new WorkingDayCalendar({ overrides: raw as OverrideData, source: path });
  }

  /** True when the package carries the State Council's schedule for `year`, so answers in it are final. */
  coversYear(year: number): boolean {
    return Number.isInteger(year) && year >= this.firstCoveredYear && year <= this.lastCoveredYear;
  }

  isWorkingDay(date: BusinessDate): boolean {
    assertBusinessDate(date);
    const year = yearOf(date);
    if (this.coversYear(year)) {
      if (PACKAGE.workdays.has(date)) return true; // 调休: a weekend worked in lieu
      if (PACKAGE.holidays.has(date)) return false;
      return isoWeekday(date) <= 5;
    }
    const override = this.overrides.get(year);
    if (override?.workdays.has(date)) return true; // 调休: a weekend worked in lieu
    if (override?.holidays.has(date)) return false;
    return isoWeekday(date) <= 5;
  }

  /**
   * The date `n` working days after `from`; `from` itself does not count (M-ADM-5: "within 7
   * working days of submission" → addWorkingDays(submissionDate, 7)). `n` = 0 returns `from`.
   * Provisional when any day counted through lies in a year the package does not cover.
   */
  addWorkingDays(from: BusinessDate, n: number): WorkingDayDeadline {
    // Deciders ask the same few questions over and over (every application: today + 7).
    const key = `${from}|${n}`;
    const known = this.deadlines.get(key);
    if (known) return { ...known };
    const answer = this.countWorkingDays(from, n);
    if (this.deadlines.size >= 10_000) this.deadlines.clear();
    this.deadlines.set(key, answer);
    return { ...answer };
  }

  private readonly deadlines = new Map<string, WorkingDayDeadline>();

  private countWorkingDays(from: BusinessDate, n: number): WorkingDayDeadline {
    assertBusinessDate(from, 'from');
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
    let date = from;
    let provisional = false;
    for (let counted = 0; counted < n;) {
      date = addDays(date, 1);
      if (!this.coversYear(yearOf(date))) provisional = true;
      if (this.isWorkingDay(date)) counted++;
    }
    return { date, provisional };
  }

  /**
   * Working days after `a` up to and including `b` (so workingDaysBetween(a, addWorkingDays(a, n).date).days === n);
   * negative when `b` is before `a`. Provisional when a day in (a, b] lies in an uncovered year.
   */
  workingDaysBetween(a: BusinessDate, b: BusinessDate): WorkingDayCount {
    assertBusinessDate(a, 'a');
    assertBusinessDate(b, 'b');
    const sign = b < a ? -1 : 1;
    const [from, to] = sign === 1 ? [a, b] : [b, a];
    let days = 0;
    let provisional = false;
    for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
      if (!this.coversYear(yearOf(date))) provisional = true;
      if (this.isWorkingDay(date)) days++;
    }
    return { days: sign * days, provisional };
  }
}
