import { CLOCK, ManualClock, SystemClock } from './clock';

describe('clocks', () => {
  it('SystemClock reads the system time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('CLOCK is a unique injection token', () => {
    expect(typeof CLOCK).toBe('symbol');
    expect(CLOCK).not.toBe(Symbol('CLOCK'));
  });

  it('ManualClock starts at the given instant', () => {
    expect(new ManualClock('2027-01-04T09:00:00+08:00').now().toISOString()).toBe('2027-01-04T01:00:00.000Z');
    expect(new ManualClock(new Date('2027-01-04T01:00:00Z')).now().toISOString()).toBe('2027-01-04T01:00:00.000Z');
  });

  it('ManualClock refuses a bare date or an instant without a zone as its start', () => {
    expect(() => new ManualClock('2027-01-04')).toThrow(RangeError);
    expect(() => new ManualClock('2027-01-04T09:00:00')).toThrow(RangeError);
  });

  it('ManualClock advances by milliseconds and moves forward with set', () => {
    const clock = new ManualClock('2027-01-04T00:00:00Z');
    clock.advance(24 * 60 * 60 * 1000);
    expect(clock.now().toISOString()).toBe('2027-01-05T00:00:00.000Z');
    clock.set('2027-03-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2027-03-01T00:00:00.000Z');
    clock.set(new Date('2027-03-01T00:00:00Z')); // the same instant is not backwards
    expect(clock.now().toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });

  it('ManualClock refuses moving backwards, and stays where it was', () => {
    const clock = new ManualClock('2027-03-01T00:00:00Z');
    expect(() => clock.set('2027-02-28T23:59:59.999Z')).toThrow(/only moves forward/);
    expect(() => clock.advance(-1)).toThrow(/only moves forward/);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(clock.now().toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });

  it('mutating a Date returned by now() does not move the ManualClock', () => {
    const clock = new ManualClock('2027-03-01T00:00:00Z');
    clock.now().setFullYear(2000);
    expect(clock.now().toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });
});
