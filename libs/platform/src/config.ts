import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Everything the environment decides (README "Configuration"). */
export interface PlatformConfig {
  port: number;
  dataDir: string;
  jwtSecret: string;
  subjectKey: string;
  clock: 'system' | 'manual';
  /** Start instant of the manual clock (default: the real time at start). */
  clockStart?: string;
  eventStoreUrl?: string;
  mongodbUrl?: string;
  mongodbDb: string;
  /** Run projections and the scheduler in this process (the embedded default does; a production api does not). */
  runProjections: boolean;
  schedulerIntervalMs: number;
  /** How long a query with ?minPosition= waits for the projections before 503 NOT_CAUGHT_UP. */
  minPositionWaitMs: number;
  calendarOverridesFile?: string;
  /** Notes about generated secrets, printed once at start. */
  notices: string[];
}

/**
 * A secret from the environment or, in development, generated once into DATA_DIR so restarts
 * (and `npm run token`) keep using the same one.
 */
export function secretFromEnvOrDataDir(env: string | undefined, dataDir: string, file: string, notices: string[]): string {
  if (env && env.length > 0) return env;
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600 });
  notices.push(`generated a development secret into ${path} (set the variable in production)`);
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const notices: string[] = [];
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const clock = env.CLOCK ?? 'system';
  if (clock !== 'system' && clock !== 'manual') throw new Error(`CLOCK must be 'system' or 'manual', not '${clock}'`);
  const int = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not '${raw}'`);
    return n;
  };
  return {
    port: int('PORT', 3000),
    dataDir,
    jwtSecret: secretFromEnvOrDataDir(env.JWT_SECRET, dataDir, 'jwt-secret', notices),
    subjectKey: secretFromEnvOrDataDir(env.SUBJECT_KEY, dataDir, 'subject-key', notices),
    clock,
    clockStart: env.CLOCK_START || undefined,
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    mongodbUrl: env.MONGODB_URL || undefined,
    mongodbDb: env.MONGODB_DB || 'opc',
    runProjections: (env.RUN_PROJECTIONS ?? 'true') !== 'false',
    schedulerIntervalMs: int('SCHEDULER_INTERVAL_MS', 10_000),
    minPositionWaitMs: int('MIN_POSITION_WAIT_MS', 5_000),
    calendarOverridesFile: env.CALENDAR_OVERRIDES_FILE || undefined,
    notices,
  };
}

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
