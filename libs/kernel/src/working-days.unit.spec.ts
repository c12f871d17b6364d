import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { isWorkday as packageIsWorkday } from 'chinese-days';
import packageData from 'chinese-days/dist/chinese-days.json';
import { addDays } from './business-date';
import { CalendarOverrideError, DEFAULT_CALENDAR_OVERRIDES_PATH, WorkingDayCalendar } from './working-days';

// The package's own data is the source of truth for covered years; the tests below were
// written against its 2026 schedule and check that data says what they assume.
const data = packageData as { holidays: Record<string, string>; workdays: Record<string, string> };
const lastYearInData = Math.max(...Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))));

describe('WorkingDayCalendar: years the chinese-days package covers', () => {
  const calendar = new WorkingDayCalendar();

  it('covers the years in the package data, up to the last one it carries', () => {
    expect(calendar.lastCoveredYear).toBe(lastYearInData);
    expect(calendar.coversYear(2026)).toBe(true);
    expect(calendar.coversYear(calendar.lastCoveredYear + 1)).toBe(false);
    expect(calendar.coversYear(calendar.firstCoveredYear - 1)).toBe(false);
  });

  it('package data: National Day 2026 is 10-01..10-07, worked in lieu on 09-20 and 10-10', () => {
    for (let d = 1; d <= 7; d++) expect(data.holidays[`2026-10-0${d}`]).toMatch(/National Day/);
    expect(data.workdays['2026-09-20']).toMatch(/National Day/);
    expect(data.workdays['2026-10-10']).toMatch(/National Day/);
  });

  it('National Day 2026: the holiday week 10-01..10-07 has no working day, 10-08 does', () => {
    for (let d = 1; d <= 7; d++) expect(calendar.isWorkingDay(`2026-10-0${d}`)).toBe(false);
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
  });

  it('调休: 2026-10-10 (Saturday) is a working day, 2026-10-11 (Sunday) is not', () => {
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
  });

  it('调休: 2026-09-20 (Sunday) is a working day; Mid-Autumn Friday 2026-09-25 is not', () => {
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-09-25')).toBe(false);
  });

  it('M-ADM-5: 7 working days skip the National Day holiday (submitted 2026-09-30 → due 2026-10-15)', () => {
    // 10-01..07 off; 10-08, 10-09, 10-10 (调休 Saturday), 10-12, 10-13, 10-14, 10-15.
    expect(calendar.addWorkingDays('2026-09-30', 7)).toEqual({ date: '2026-10-15', provisional: false });
  });

  it('package data: Spring Festival 2026 is 02-15..02-23, worked in lieu on 02-14 and 02-28', () => {
    for (const d of ['15', '16', '17', '18', '19', '20', '21', '22', '23']) {
      expect(data.holidays[`2026-02-${d}`]).toMatch(/Spring Festival/);
    }
    expect(data.workdays['2026-02-14']).toMatch(/Spring Festival/);
    expect(data.workdays['2026-02-28']).toMatch(/Spring Festival/);
  });

  it('M-ADM-5: 7 working days across Spring Festival 2026 (submitted Friday 2026-02-13 → due 2026-03-02)', () => {
    // 02-14 (调休 Saturday), 02-15..23 off, 02-24, 25, 26, 27, 02-28 (调休 Saturday), 03-02.
    expect(calendar.addWorkingDays('2026-02-13', 7)).toEqual({ date: '2026-03-02', provisional: false });
  });

  it('M-ADM-5: the day of submission does not count, and 0 working days is the same day', () => {
    expect(calendar.addWorkingDays('2026-10-12', 1)).toEqual({ date: '2026-10-13', provisional: false });
    expect(calendar.addWorkingDays('2026-10-11', 1)).toEqual({ date: '2026-10-12', provisional: false });
    expect(calendar.addWorkingDays('2026-10-11', 0)).toEqual({ date: '2026-10-11', provisional: false });
  });

  it('M-ADM-5: project evaluation 2 working days after a review on Friday 2026-04-03 skips Qingming → 2026-04-08', () => {
    expect(calendar.addWorkingDays('2026-04-03', 2)).toEqual({ date: '2026-04-08', provisional: false });
  });

  it('workingDaysBetween counts working days after a up to and including b', () => {
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-15')).toEqual({ days: 7, provisional: false });
    expect(calendar.workingDaysBetween('2026-10-15', '2026-09-30')).toEqual({ days: -7, provisional: false });
    expect(calendar.workingDaysBetween('2026-10-01', '2026-10-07')).toEqual({ days: 0, provisional: false });
    expect(calendar.workingDaysBetween('2026-10-07', '2026-10-07')).toEqual({ days: 0, provisional: false });
  });

  // The calendar reads the package's published JSON because the package's runtime tables shift
  // a day in processes west of UTC; where that runtime is reliable (UTC and east) both must agree.
  const runtimeReliable = new Date(2026, 0, 1).getTimezoneOffset() <= 0;
  (runtimeReliable ? it : it.skip)("agrees with the package's isWorkday on every day of every covered year", () => {
    const disagreements: string[] = [];
    for (let d = `${calendar.firstCoveredYear}-01-01`; d <= `${calendar.lastCoveredYear}-12-31`; d = addDays(d, 1)) {
      const local = new Date(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), 12);
      if (calendar.isWorkingDay(d) !== packageIsWorkday(local)) disagreements.push(d);
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses bad input', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-10-01', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-10-01', 1.5)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar: years after the package data (provisional)', () => {
  const firstUncovered = lastYearInData + 1; // 2027 with chinese-days 1.5.7

  it('a year the package does not cover counts Monday to Friday', () => {
    const calendar = new WorkingDayCalendar();
    expect(firstUncovered).toBe(2027);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true); // a Friday, no override
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2027-01-04')).toBe(true); // Monday
  });

  it('M-ADM-5: a deadline crossing into an uncovered year is provisional', () => {
    const calendar = new WorkingDayCalendar();
    // 12-29, 12-30, 12-31, 2027-01-01 (Friday), 01-04, 01-05, 01-06
    expect(calendar.addWorkingDays('2026-12-28', 7)).toEqual({ date: '2027-01-06', provisional: true });
    expect(calendar.workingDaysBetween('2026-12-28', '2027-01-06')).toEqual({ days: 7, provisional: true });
  });

  it('a deadline that ends on the last covered day is final', () => {
    const calendar = new WorkingDayCalendar();
    expect(calendar.addWorkingDays('2026-12-28', 3)).toEqual({ date: '2026-12-31', provisional: false });
  });

  it('override holidays are honoured: 2027-01-01 off moves the deadline to 2027-01-07', () => {
    const calendar = new WorkingDayCalendar({ overrides: { '2027': { holidays: ['2027-01-01'] } } });
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.addWorkingDays('2026-12-28', 7)).toEqual({ date: '2027-01-07', provisional: true });
  });

  it('调休 override: an adjusted working Saturday (2027-01-02) counts', () => {
    const calendar = new WorkingDayCalendar({
      overrides: { '2027': { holidays: ['2027-01-01'], workdays: ['2027-01-02'] } },
    });
    expect(calendar.isWorkingDay('2027-01-02')).toBe(true);
    expect(calendar.addWorkingDays('2026-12-28', 7)).toEqual({ date: '2027-01-06', provisional: true });
  });

  it('overrides for a year the package covers are ignored: the package decides', () => {
    const calendar = new WorkingDayCalendar({
      overrides: { '2026': { holidays: ['2026-10-08'], workdays: ['2026-10-11'] } },
    });
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
  });

  it('keys starting with "_" are notes, at the top and inside a year', () => {
    const calendar = new WorkingDayCalendar({
      overrides: { _comment: 'filled by ops', '2027': { _source: 'State Council notice', holidays: ['2027-01-01'] } },
    });
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
  });
});

describe('WorkingDayCalendar.fromFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opc-calendar-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (content: string): string => {
    const path = join(dir, 'overrides.json');
    writeFileSync(path, content);
    return path;
  };

  it('reads the override file', () => {
    const path = write(JSON.stringify({ '2027': { holidays: ['2027-01-01'], workdays: ['2027-01-02'] } }));
    const calendar = WorkingDayCalendar.fromFile(path);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2027-01-02')).toBe(true);
  });

  it('a missing file means no overrides', () => {
    const calendar = WorkingDayCalendar.fromFile(join(dir, 'absent.json'));
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
  });

  it('the shipped default file loads and changes nothing until operators fill it', () => {
    const calendar = WorkingDayCalendar.fromFile();
    expect(DEFAULT_CALENDAR_OVERRIDES_PATH).toMatch(/calendar-overrides\.json$/);
    expect(calendar.addWorkingDays('2026-12-28', 7)).toEqual({ date: '2027-01-06', provisional: true });
  });

  it.each([
    ['not JSON', '{ "2027": ', /not valid JSON/],
    ['an array', '[]', /expected an object keyed by year/],
    ['a key that is not a year', '{ "27": { "holidays": [] } }', /key "27" is not a year/],
    ['a misspelt field', '{ "2027": { "holiday": ["2027-01-01"] } }', /unknown field "holiday"/],
    ['a list that is not an array', '{ "2027": { "holidays": "2027-01-01" } }', /must be an array/],
    ['an impossible date', '{ "2027": { "holidays": ["2027-02-30"] } }', /2027\.holidays\[0\].*not a calendar date/],
    ['a date in another year', '{ "2027": { "workdays": ["2028-01-02"] } }', /is not in 2027/],
    ['a day both off and worked', '{ "2027": { "holidays": ["2027-01-02"], "workdays": ["2027-01-02"] } }', /both/],
  ])('a malformed file (%s) throws a clear error naming the file', (_label, content, message) => {
    const path = write(content);
    expect(() => WorkingDayCalendar.fromFile(path)).toThrow(CalendarOverrideError);
    expect(() => WorkingDayCalendar.fromFile(path)).toThrow(message);
    expect(() => WorkingDayCalendar.fromFile(path)).toThrow(path);
  });
});
