/**
 * The clock is injected everywhere time matters (docs/architecture.md "Time, deadlines and the scheduler"): deciders get `now`
 * through their context, the scheduler reads due deadlines with it, and tests and the
 * `CLOCK=manual` mode drive it by hand. Nothing else calls `Date.now()` for business time.
 */
import { isBusinessDate, parseInstant } from './business-date';

/** Injection token for the Clock (`@Inject(CLOCK)`). */
export const CLOCK = Symbol('CLOCK');

export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

function toEpochMs(instant: Date | string, what: string): number {
  let date: Date | null;
  if (typeof instant === 'string') {
    // A clock is set to an instant, never to a bare date (which parseInstant would read as end of day).
    date = isBusinessDate(instant.trim()) ? null : parseInstant(instant);
    if (date === null) throw new RangeError(`${what} must be an ISO instant with a zone, got ${JSON.stringify(instant)}`);
  } else {
    date = instant;
  }
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${what} is not a valid instant: ${String(instant)}`);
  return ms;
}

/**
 * A clock moved by hand. Time only goes forward: events are recorded in order, and a clock
 * that went back would let the scheduler fire a deadline twice or record facts out of order.
 */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = toEpochMs(start, 'start');
  }

  now(): Date {
    // A fresh Date each time, so a caller mutating it cannot move the clock.
    return new Date(this.current);
  }

  /** Moves the clock to `instant`; the same instant is allowed, an earlier one throws. */
  set(instant: Date | string): void {
    const next = toEpochMs(instant, 'instant');
    if (next < this.current) {
      throw new RangeError(
        `ManualClock only moves forward: ${new Date(next).toISOString()} is before ${new Date(this.current).toISOString()}`,
      );
    }
    this.current = next;
  }

  /** Moves the clock forward by `ms` milliseconds (≥ 0). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`ManualClock only moves forward: advance(${ms})`);
    }
    this.set(new Date(this.current + ms));
  }
}
