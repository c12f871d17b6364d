import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Everything the environment decides (README "Configuration"). */
export interface PlatformConfig {
  port: number;
  dataDir: string;
  jwtSecret: string;
  /** JWKS of the identity provider: when set, bearer tokens are verified against its keys (RS256/PS256/ES256/EdDSA) and HS256 is refused. */
  jwtJwksUrl?: string;
  /** When set, a bearer token's `iss` must equal it. */
  jwtIssuer?: string;
  /** When set, a bearer token's `aud` must be (or contain) it. */
  jwtAudience?: string;
  /** Longest accepted token lifetime: `exp − iat` (or `exp − now` without `iat`), in seconds. */
  jwtMaxLifetimeS: number;
  /** Allowed clock skew between the token issuer and this server for exp/nbf/iat, in seconds. */
  jwtClockToleranceS: number;
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
  /** Lifetime of a projector lease (projection, process manager, scheduler): a standby takes over after it. */
  leaseTtlMs: number;
  /** How long a query with ?minPosition= waits for the projections before 503 NOT_CAUGHT_UP. */
  minPositionWaitMs: number;
  calendarOverridesFile?: string;
  /** NODE_ENV=production: the OpenAPI UI is off unless asked for. */
  production: boolean;
  http: HttpConfig;
  /** Notes about generated secrets, printed once at start. */
  notices: string[];
}

/** The HTTP shell's limits (README "Configuration"). A limit of 0 switches that limit off. */
export interface HttpConfig {
  /** Largest accepted request body, in bytes (after decompression). */
  bodyLimitBytes: number;
  /** A request must be received in full within this time (Node's requestTimeout); answered 408. */
  requestTimeoutMs: number;
  /** Origins allowed by CORS; empty: CORS is off (no Access-Control-* headers). */
  corsOrigins: string[];
  /** Serve the OpenAPI UI at /docs (the JSON at /docs-json is served either way). */
  docsUi: boolean;
  /** Express's `trust proxy`: behind a reverse proxy, the client address comes from X-Forwarded-For. */
  trustProxy: boolean | number | string;
  /** Requests per second per client (the token's subject, or the address without a token). */
  rateLimitPerSecond: number;
  /** POST /bans/lookup per minute per client: identity numbers must not be testable at will. */
  banLookupsPerMinute: number;
  /** Failed authentications per minute per address before it is answered 429. */
  authFailuresPerMinute: number;
}

/** DATA_DIR holds identity hashes and secrets: only this user may enter it (0700). */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(dataDir, 0o700);
  } catch {
    // Not ours to change (a mounted volume): the files inside are still created 0600.
  }
}

/**
 * A secret from the environment or, in development, generated once into DATA_DIR so restarts
 * (and `npm run token`) keep using the same one.
 */
export function secretFromEnvOrDataDir(env: string | undefined, dataDir: string, file: string, notices: string[]): string {
  if (env && env.length > 0) return env;
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  ensureDataDir(dataDir);
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, secret + '\n', { mode: 0o600 });
  notices.push(`generated a development secret into ${path} (set the variable in production)`);
  return secret;
}

/** The largest JWT_CLOCK_TOLERANCE_S accepted: more would stretch every token's lifetime noticeably. */
export const MAX_JWT_CLOCK_TOLERANCE_S = 300;

/** JWT_JWKS_URL: an absolute http(s) URL (plain http earns a notice unless it is the local host). */
export function jwksUrlFromEnv(raw: string | undefined, notices: string[]): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error('JWT_JWKS_URL must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`JWT_JWKS_URL must be an http(s) URL, not ${url.protocol}`);
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
    notices.push(`JWT_JWKS_URL fetches the signing keys over plain http from ${url.host}; use https in production`);
  return url.href;
}

/** JWT_MAX_LIFETIME_S and JWT_CLOCK_TOLERANCE_S, already parsed as non-negative integers, within their bounds. */
export function checkJwtTimes(
  maxLifetimeS: number,
  clockToleranceS: number,
): { jwtMaxLifetimeS: number; jwtClockToleranceS: number } {
  if (maxLifetimeS < 1) throw new Error('JWT_MAX_LIFETIME_S must be a positive number of seconds');
  if (clockToleranceS > MAX_JWT_CLOCK_TOLERANCE_S)
    throw new Error(`JWT_CLOCK_TOLERANCE_S must be at most ${MAX_JWT_CLOCK_TOLERANCE_S} seconds, not ${clockToleranceS}`);
  return { jwtMaxLifetimeS: maxLifetimeS, jwtClockToleranceS: clockToleranceS };
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
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw !== 'true' && raw !== 'false') throw new Error(`${name} must be 'true' or 'false', not '${raw}'`);
    return raw === 'true';
  };
  const production = env.NODE_ENV === 'production';
  return {
    port: int('PORT', 3000),
    dataDir,
    jwtSecret: secretFromEnvOrDataDir(env.JWT_SECRET, dataDir, 'jwt-secret', notices),
    jwtJwksUrl: jwksUrlFromEnv(env.JWT_JWKS_URL, notices),
    jwtIssuer: env.JWT_ISSUER || undefined,
    jwtAudience: env.JWT_AUDIENCE || undefined,
    ...checkJwtTimes(int('JWT_MAX_LIFETIME_S', 86_400), int('JWT_CLOCK_TOLERANCE_S', 30)),
    subjectKey: secretFromEnvOrDataDir(env.SUBJECT_KEY, dataDir, 'subject-key', notices),
    clock,
    clockStart: env.CLOCK_START || undefined,
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    mongodbUrl: env.MONGODB_URL || undefined,
    mongodbDb: env.MONGODB_DB || 'opc',
    runProjections: (env.RUN_PROJECTIONS ?? 'true') !== 'false',
    schedulerIntervalMs: int('SCHEDULER_INTERVAL_MS', 10_000),
    leaseTtlMs: int('LEASE_TTL_MS', 15_000),
    minPositionWaitMs: int('MIN_POSITION_WAIT_MS', 5_000),
    calendarOverridesFile: env.CALENDAR_OVERRIDES_FILE || undefined,
    production,
    http: {
      bodyLimitBytes: int('BODY_LIMIT_BYTES', 262_144),
      requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 30_000),
      corsOrigins: (env.CORS_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== ''),
      docsUi: flag('OPENAPI_UI', !production),
      trustProxy: trustProxyOf(env.TRUST_PROXY),
      rateLimitPerSecond: int('RATE_LIMIT_PER_SECOND', 1_000),
      banLookupsPerMinute: int('BAN_LOOKUPS_PER_MINUTE', 30),
      authFailuresPerMinute: int('AUTH_FAILURES_PER_MINUTE', 120),
    },
    notices,
  };
}

/** TRUST_PROXY as Express takes it: 'true'/'false', a hop count, or addresses/subnets ('loopback', '10.0.0.0/8'). */
function trustProxyOf(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
