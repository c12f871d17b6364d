import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { ManualClock } from '@opc/kernel';

/**
 * The manual clock's time is kept in DATA_DIR, so a restart goes on from where the clock was
 * rather than going back to CLOCK_START (time never moves backwards for recorded events).
 */
const fileOf = (dataDir: string) => join(dataDir, 'manual-clock');
const logger = new Logger('clock');

export function openManualClock(dataDir: string, start: string | undefined): ManualClock {
  const saved = existsSync(fileOf(dataDir)) ? readFileSync(fileOf(dataDir), 'utf8').trim() : null;
  if (saved) {
    const clock = new ManualClock(saved);
    logger.log(`manual clock continues from ${saved}, kept in ${fileOf(dataDir)}`);
    const asked = start ? new ManualClock(start).now().getTime() : null;
    if (asked !== null && asked > clock.now().getTime()) {
      clock.set(new Date(asked));
      logger.log(`manual clock moved forward to CLOCK_START=${start}`);
      saveManualClock(dataDir, clock);
    } else if (asked !== null && asked < clock.now().getTime())
      logger.warn(
        `CLOCK_START=${start} is ignored: this DATA_DIR's clock is already at ${saved} and time only moves forward; ` +
          `to start over, stop the server and remove ${dataDir}`,
      );
    return clock;
  }
  const clock = new ManualClock(start ?? new Date().toISOString());
  logger.log(`manual clock starts at ${clock.now().toISOString()}${start ? ' (CLOCK_START)' : ' (the real time)'}`);
  saveManualClock(dataDir, clock);
  return clock;
}

export function saveManualClock(dataDir: string, clock: ManualClock): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(fileOf(dataDir), clock.now().toISOString() + '\n', { mode: 0o600 });
}
