import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '@opc/kernel';

/**
 * The manual clock's time is kept in DATA_DIR, so a restart goes on from where the clock was
 * rather than going back to CLOCK_START (time never moves backwards for recorded events).
 */
const fileOf = (dataDir: string) => join(dataDir, 'manual-clock');

export function openManualClock(dataDir: string, start: string | undefined): ManualClock {
  const fallback = start ?? new Date().toISOString();
  const saved = existsSync(fileOf(dataDir)) ? readFileSync(fileOf(dataDir), 'utf8').trim() : null;
  const clock = new ManualClock(fallback);
  if (saved && new Date(saved).getTime() > clock.now().getTime()) clock.set(saved);
  return clock;
}

export function saveManualClock(dataDir: string, clock: ManualClock): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(fileOf(dataDir), clock.now().toISOString() + '\n');
}
