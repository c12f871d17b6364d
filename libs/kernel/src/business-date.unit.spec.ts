import {
  addDays,
  addMonths,
  addYears,
  businessDateOf,
  calendarDaysBetween,
  endOfBusinessDay,
  isBusinessDate,
  isoWeekday,
  lastDayOf,
  parseInstant,
  periodEnd,
  startOfBusinessDay,
} from './business-date';

describe('business dates (Asia/Shanghai)', () => {
  it('dates and periods: an instant at 2026-12-31T16:30:00Z is 2027-01-01 in Shanghai', () => {
    expect(businessDateOf(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    expect(businessDateOf('2026-12-31T16:30:00Z')).toBe('2027-01-01');
  });

  it('dates and periods: one millisecond before Shanghai midnight is still the old day', () => {
    expect(businessDateOf(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(businessDateOf(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });

  it('businessDateOf reads an instant given with another offset in Shanghai time', () => {
    // 2027-01-04 20:00 in New York is 2027-01-05 09:00 in Shanghai.
    expect(businessDateOf('2027-01-04T20:00:00-05:00')).toBe('2027-01-05');
  });

  it('businessDateOf refuses what is not an instant', () => {
    expect(() => businessDateOf('yesterday')).toThrow(RangeError);
    expect(() => businessDateOf(new Date('nope'))).toThrow(RangeError);
  });

  it('startOfBusinessDay and endOfBusinessDay are Shanghai midnight and the last millisecond before the next', () => {
    expect(startOfBusinessDay('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(endOfBusinessDay('2027-01-01').toISOString()).toBe('2027-01-01T15:59:59.999Z');
  });

  it('isBusinessDate accepts real dates only', () => {
    expect(isBusinessDate('2028-02-29')).toBe(true);
    expect(isBusinessDate('2027-02-29')).toBe(false);
    expect(isBusinessDate('2027-1-4')).toBe(false);
    expect(isBusinessDate(20270104)).toBe(false);
  });

  it('isoWeekday: 2026-10-10 is a Saturday, 2027-01-04 a Monday', () => {
    expect(isoWeekday('2026-10-10')).toBe(6);
    expect(isoWeekday('2027-01-04')).toBe(1);
  });
});

describe('parseInstant (as-of queries)', () => {
  it('as-of: a bare date means the end of that day in Asia/Shanghai (23:59:59.999 +08:00)', () => {
    expect(parseInstant('2027-01-04')?.toISOString()).toBe('2027-01-04T15:59:59.999Z');
  });

  it('accepts an ISO instant with Z or an offset', () => {
    expect(parseInstant('2027-01-04T09:00:00+08:00')?.toISOString()).toBe('2027-01-04T01:00:00.000Z');
    expect(parseInstant('2027-01-04T01:00:00Z')?.toISOString()).toBe('2027-01-04T01:00:00.000Z');
    expect(parseInstant('2027-01-04T01:00:00.123Z')?.toISOString()).toBe('2027-01-04T01:00:00.123Z');
    expect(parseInstant('2027-01-04T09:00+0800')?.toISOString()).toBe('2027-01-04T01:00:00.000Z');
  });

  it('returns null for invalid input, including an instant without a zone', () => {
    expect(parseInstant('2027-01-04T09:00:00')).toBeNull();
    expect(parseInstant('2027-02-30')).toBeNull();
    expect(parseInstant('2027-02-30T09:00:00Z')).toBeNull();
    expect(parseInstant('next tuesday')).toBeNull();
    expect(parseInstant('')).toBeNull();
  });

  it('reads the stored form (toISOString) exactly, and still refuses impossible dates and times in it', () => {
    for (const s of ['2026-10-09T02:00:00.000Z', '2024-02-29T23:59:59.999Z', '2026-12-31T16:00:00.000Z'])
      expect(parseInstant(s)?.toISOString()).toBe(s);
    expect(parseInstant('2027-02-30T00:00:00.000Z')).toBeNull();
    expect(parseInstant('2027-02-29T00:00:00.000Z')).toBeNull();
    expect(parseInstant('2027-13-01T00:00:00.000Z')).toBeNull();
    expect(businessDateOf('2026-12-31T16:00:00.000Z')).toBe('2027-01-01');
    expect(parseInstant('0099-01-01T00:00:00.000Z')?.toISOString()).toBe('0099-01-01T00:00:00.000Z');
  });

  it('the stored form reads as the Date it came from, and on the same business date', () => {
    const from = Date.UTC(1985, 0, 1); // before 1991, when Shanghai still kept summer time
    const span = Date.UTC(2101, 0, 1) - from;
    for (let i = 0; i < 5000; i++) {
      const at = new Date(from + Math.floor(((i * 7919) % 5000) * (span / 5000) + i * 3_600_001));
      const text = at.toISOString();
      expect(parseInstant(text)?.getTime()).toBe(at.getTime());
      expect(businessDateOf(text)).toBe(businessDateOf(at));
    }
  });
});

describe('period arithmetic', () => {
  it('period rule: a 12-month term starting 2027-01-04 has last day 2028-01-03 and exclusive end 2028-01-04', () => {
    expect(lastDayOf('2027-01-04', { months: 12 })).toBe('2028-01-03');
    expect(periodEnd('2027-01-04', { months: 12 })).toBe('2028-01-04');
  });

  it('M-BAN-1: a 3-year ban decided on 2027-03-01 lets the subject apply again from 2030-03-01', () => {
    expect(periodEnd('2027-03-01', { years: 3 })).toBe('2030-03-01');
    expect(lastDayOf('2027-03-01', { years: 3 })).toBe('2030-02-28');
  });

  it('period rule: from 31 January, one month later is the last day of February', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(periodEnd('2027-01-31', { months: 1 })).toBe('2027-02-28');
  });

  it('M-TERM-1: a term starting 31 January 2027 runs to 30 January 2028 (12 months, exclusive end 31 January)', () => {
    expect(periodEnd('2027-01-31', { months: 12 })).toBe('2028-01-31');
    expect(lastDayOf('2027-01-31', { months: 12 })).toBe('2028-01-30');
  });

  it('M-TERM-1: a term starting 29 February 2028 ends after 27 February 2029 (clamped to 28 February)', () => {
    expect(periodEnd('2028-02-29', { months: 12 })).toBe('2029-02-28');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
  });

  it('M-TERM-4: the 7-day exit buffer after a term ending 2028-01-03 ends with 2028-01-10', () => {
    expect(lastDayOf('2028-01-04', { days: 7 })).toBe('2028-01-10');
  });

  it('addDays crosses month and year ends and goes backwards', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2028-01-04', -30)).toBe('2027-12-05');
  });

  it('refuses malformed periods and fractional amounts', () => {
    expect(() => periodEnd('2027-01-04', { months: 0 })).toThrow(RangeError);
    expect(() => periodEnd('2027-01-04', { months: 1.5 })).toThrow(RangeError);
    expect(() => periodEnd('2027-01-04', {} as never)).toThrow(RangeError);
    expect(() => periodEnd('2027-01-04', { months: 1, days: 2 } as never)).toThrow(RangeError);
    expect(() => addDays('2027-01-04', 0.5)).toThrow(RangeError);
    expect(() => addDays('2027-13-01', 1)).toThrow(RangeError);
  });

  it('M-PEN-1b: "N days overdue" counts calendar days after the due date', () => {
    expect(calendarDaysBetween('2027-01-10', '2027-01-10')).toBe(0);
    expect(calendarDaysBetween('2027-01-10', '2027-01-13')).toBe(3);
    expect(calendarDaysBetween('2027-01-13', '2027-01-10')).toBe(-3);
    expect(calendarDaysBetween('2028-02-27', '2028-03-01')).toBe(3);
    expect(calendarDaysBetween('2026-12-31', '2027-12-31')).toBe(365);
  });
});
