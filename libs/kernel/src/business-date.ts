/**
 * Business dates and periods (docs/rules.md "Conventions"): business dates are calendar
 * dates in Asia/Shanghai; a period of N days/months/years starting on D runs up to the same
 * date N later, exclusive. Pure functions on 'YYYY-MM-DD' strings; luxon does the calendar
 * work so that month ends clamp (31 January + 1 month = last day of February).
 */
import { DateTime } from 'luxon';

/** The zone in which every business date is read. */
export const BUSINESS_ZONE = 'Asia/Shanghai';

/** A calendar date in Asia/Shanghai, 'YYYY-MM-DD'. A plain string so it travels through JSON and events as is. */
export type BusinessDate = string;

/** Exactly one unit: `{ months: 12 }`, `{ years: 3 }`, `{ days: 7 }`. */
export type Period =
  | { days: number; months?: never; years?: never }
  | { months: number; days?: never; years?: never }
  | { years: number; days?: never; months?: never };

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
// An ISO-8601 instant that carries its zone: 'Z' or an offset. Seconds and fractions optional.
const ZONED_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

// The form every recorded instant is stored in, `Date.prototype.toISOString()`: UTC, milliseconds, 'Z'.
const CANONICAL_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const DAY_MS = 86_400_000;

// Plain UTC milliseconds for date-only work: every day has 24 hours in UTC, and this is on the
// hot path of every command (luxon's parsing cost showed up in the W5 profile).
function utcMsOf(value: string): number | null {
  if (!DATE_RE.test(value)) return null;
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date.getTime() : null;
}

function dateOfUtcMs(ms: number): BusinessDate {
  const iso = new Date(ms).toISOString();
  if (iso.length !== 24) throw new RangeError('date arithmetic left the supported range');
  return iso.slice(0, 10);
}

/** True for a real calendar date written 'YYYY-MM-DD' (2027-02-29 is false). */
export function isBusinessDate(value: unknown): value is BusinessDate {
  return typeof value === 'string' && utcMsOf(value) !== null;
}

/** Throws a RangeError unless `value` is a real 'YYYY-MM-DD' date. */
export function assertBusinessDate(value: unknown, what = 'date'): asserts value is BusinessDate {
  if (!isBusinessDate(value)) {
    throw new RangeError(`${what} must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(value)}`);
  }
}

// Date-only arithmetic happens in UTC, where every day has 24 hours; the result is a date,
// so the zone used for the arithmetic does not leak.
function toUtcDate(date: BusinessDate, what = 'date'): DateTime {
  assertBusinessDate(date, what);
  return DateTime.fromISO(date, { zone: 'UTC' });
}

function isoDateOf(dt: DateTime): BusinessDate {
  const iso = dt.toISODate();
  if (iso === null || !dt.isValid) throw new RangeError('date arithmetic left the supported range');
  return iso;
}

function assertWholeNumber(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number, got ${n}`);
}

/**
 * The milliseconds of an instant in the stored form ('2026-10-09T02:00:00.000Z', years 1000–9999),
 * read without luxon or a Date; null for any other string, and for a date or time that does not
 * exist. Events' `recordedAt`/`occurredAt` are read per event by projections: luxon's parser was a
 * fifth of the W4 rebuild's profile.
 */
function canonicalInstantMs(s: string): number | null {
  if (s.length !== 24 || !CANONICAL_INSTANT_RE.test(s)) return null;
  const digits = (from: number, to: number): number => {
    let n = 0;
    for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
    return n;
  };
  const year = digits(0, 4);
  const month = digits(5, 7);
  const day = digits(8, 10);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // Date.UTC reads years 0–99 as 1900–1999: leave those to the general parser.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1] + (month === 2 && leap ? 1 : 0))
    return null;
  const hour = digits(11, 13);
  const minute = digits(14, 16);
  const second = digits(17, 19);
  if (hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, digits(20, 23));
}

/**
 * Parses an instant as the API accepts it (the one parser for every instant in the API):
 * - an ISO-8601 instant with a zone ('2027-01-04T09:00:00+08:00', '2027-01-04T01:00:00Z');
 * - a bare date 'YYYY-MM-DD', meaning the END of that day in Asia/Shanghai
 *   (23:59:59.999 +08:00), so that `?asOf=2027-01-04` includes everything on that day.
 * Returns `null` for anything else, including an instant without a zone (ambiguous) and
 * impossible dates; callers turn null into VALIDATION_FAILED.
 */
export function parseInstant(s: string): Date | null {
  if (typeof s !== 'string') return null;
  const canonical = canonicalInstantMs(s);
  if (canonical !== null) return new Date(canonical);
  const text = s.trim();
  if (isBusinessDate(text)) return endOfBusinessDay(text);
  if (!ZONED_INSTANT_RE.test(text)) return null;
  const dt = DateTime.fromISO(text, { setZone: true });
  return dt.isValid ? dt.toJSDate() : null;
}

/**
 * The business dates the product accepts anywhere (a term start, an exit date, an instant's
 * date): far enough either side of today for any real case, and inside what the date
 * arithmetic supports, so '9999-12-31' or '0001-01-01' is refused as bad input, not crashed on.
 */
export const SUPPORTED_DATES = Object.freeze({ from: '2000-01-01', to: '2100-12-31' });

/** True for a real 'YYYY-MM-DD' date inside SUPPORTED_DATES. */
export function isSupportedBusinessDate(value: unknown): value is BusinessDate {
  return isBusinessDate(value) && value >= SUPPORTED_DATES.from && value <= SUPPORTED_DATES.to;
}

/** Parses like parseInstant, and answers null unless the instant's business date is inside SUPPORTED_DATES. */
export function parseSupportedInstant(s: string): Date | null {
  const at = parseInstant(s);
  return at !== null && isSupportedBusinessDate(businessDateOf(at)) ? at : null;
}

/**
 * When a fact occurred, as a command body gives it (`occurredAt`): an instant with a zone, or
 * a bare date, read as parseInstant reads it (the end of that day in Asia/Shanghai) but never
 * later than `now` — "it happened today" is now, not tonight. Null when it is not a valid
 * instant inside SUPPORTED_DATES.
 */
export function parseOccurredAt(s: string, now: Date): Date | null {
  const at = parseSupportedInstant(s);
  if (at === null) return null;
  return isBusinessDate(s.trim()) && at.getTime() > now.getTime() ? new Date(now.getTime()) : at;
}

/**
 * Small bounded memo for the zone lookups below: the zone's rules come from luxon (Intl), but
 * asking per call is costly and the answers never change.
 */
function memo<K, V>(compute: (key: K) => V, limit = 10_000): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** The zone's UTC offset in minutes, looked up once per hour of time (offsets change on the hour at most). */
const offsetForHour = memo((hour: number) => DateTime.fromMillis(hour * 3_600_000, { zone: BUSINESS_ZONE }).offset);

/** The business date (Asia/Shanghai) of an instant. A string must be a zoned ISO instant (or a bare date, see parseInstant); otherwise throws. */
export function businessDateOf(instant: Date | string): BusinessDate {
  if (typeof instant === 'string') {
    const ms = canonicalInstantMs(instant);
    if (ms !== null) {
      const local = ms + offsetForHour(Math.floor(ms / 3_600_000)) * 60_000;
      // Most instants fall on their UTC date in Shanghai too: that date is the string's own.
      return Math.floor(local / DAY_MS) === Math.floor(ms / DAY_MS) ? instant.slice(0, 10) : dateOfUtcMs(local);
    }
  }
  const date = typeof instant === 'string' ? parseInstant(instant) : instant;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(`not an instant: ${String(instant)}`);
  }
  const ms = date.getTime();
  return dateOfUtcMs(ms + offsetForHour(Math.floor(ms / 3_600_000)) * 60_000);
}

const startMsOf = memo((date: BusinessDate) => DateTime.fromISO(date, { zone: BUSINESS_ZONE }).startOf('day').toMillis());
const endMsOf = memo((date: BusinessDate) => DateTime.fromISO(date, { zone: BUSINESS_ZONE }).endOf('day').toMillis());

/** 00:00:00.000 of the date in Asia/Shanghai. */
export function startOfBusinessDay(date: BusinessDate): Date {
  assertBusinessDate(date);
  return new Date(startMsOf(date));
}

/** 23:59:59.999 of the date in Asia/Shanghai. */
export function endOfBusinessDay(date: BusinessDate): Date {
  assertBusinessDate(date);
  return new Date(endMsOf(date));
}

/** `date` + n calendar days (n may be negative). */
export function addDays(date: BusinessDate, n: number): BusinessDate {
  assertWholeNumber(n, 'days');
  assertBusinessDate(date);
  return dateOfUtcMs(utcMsOf(date)! + n * DAY_MS);
}

/** `date` + n months; a day past the target month's end clamps to its last day (2027-01-31 + 1 → 2027-02-28). */
export function addMonths(date: BusinessDate, n: number): BusinessDate {
  assertWholeNumber(n, 'months');
  return isoDateOf(toUtcDate(date).plus({ months: n }));
}

/** `date` + n years; 29 February clamps to 28 February in a common year. */
export function addYears(date: BusinessDate, n: number): BusinessDate {
  assertWholeNumber(n, 'years');
  return isoDateOf(toUtcDate(date).plus({ years: n }));
}

function periodUnit(period: Period): ['days' | 'months' | 'years', number] {
  const fields = period as unknown as Record<string, unknown>;
  const units = (['days', 'months', 'years'] as const).filter((u) => fields[u] !== undefined);
  if (units.length !== 1) {
    throw new RangeError(`a period has exactly one of days, months or years, got ${JSON.stringify(period)}`);
  }
  const unit = units[0];
  const n = fields[unit];
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw new RangeError(`a period's length must be a positive whole number, got ${String(n)}`);
  }
  return [unit, n];
}

/**
 * The first day AFTER a period starting on `start` (exclusive end): the same date N
 * days/months/years later. A 12-month term from 2027-01-04 → 2028-01-04; a 3-year ban
 * decided on 2027-03-01 → the subject may apply again from 2030-03-01.
 */
export function periodEnd(start: BusinessDate, period: Period): BusinessDate {
  const [unit, n] = periodUnit(period);
  switch (unit) {
    case 'days':
      return addDays(start, n);
    case 'months':
      return addMonths(start, n);
    case 'years':
      return addYears(start, n);
  }
}

/** The last day covered by the period (inclusive): the day before `periodEnd`. 12 months from 2027-01-04 → 2028-01-03. */
export function lastDayOf(start: BusinessDate, period: Period): BusinessDate {
  return addDays(periodEnd(start, period), -1);
}

/** b − a in calendar days ('2027-01-10' − '2027-01-01' = 9). "N days overdue" = calendarDaysBetween(dueDate, today). */
export function calendarDaysBetween(a: BusinessDate, b: BusinessDate): number {
  assertBusinessDate(a, 'a');
  assertBusinessDate(b, 'b');
  return Math.round((utcMsOf(b)! - utcMsOf(a)!) / DAY_MS);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: BusinessDate): number {
  assertBusinessDate(date);
  return new Date(utcMsOf(date)!).getUTCDay() || 7;
}
