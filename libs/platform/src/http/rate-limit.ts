import { Injectable, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { DomainError } from '@opc/kernel';
import type { PlatformConfig } from '../config';
import type { Principal } from '../auth/roles';

const STRICT_LIMIT_KEY = 'opc:strict-rate-limit';

/** Routes with a strict limit of their own, besides the general one per client. */
export type StrictLimit = 'ban-lookup';

/** `@StrictRateLimit('ban-lookup')`: identity numbers must not be testable at will (30 a minute per client by default). */
export const StrictRateLimit = (limit: StrictLimit) => SetMetadata(STRICT_LIMIT_KEY, limit);

const strictLimitOf = (context: ExecutionContext): StrictLimit | undefined =>
  Reflect.getMetadata(STRICT_LIMIT_KEY, context.getHandler()) as StrictLimit | undefined;

/**
 * The throttlers (@nestjs/throttler): a generous limit per client per second for operators' bulk
 * tools, and a strict one per minute on the routes that ask for it. A limit of 0 is off.
 */
export const rateLimits = (config: PlatformConfig): ThrottlerModuleOptions => ({
  throttlers: [
    {
      name: 'default',
      ttl: 1_000,
      limit: config.http.rateLimitPerSecond,
      skipIf: () => config.http.rateLimitPerSecond === 0,
      // One budget per client across every route (the library's default would give one per route).
      generateKey: (_context, tracker) => `all:${tracker}`,
    },
    {
      name: 'ban-lookup',
      ttl: 60_000,
      limit: config.http.banLookupsPerMinute,
      skipIf: (context) => config.http.banLookupsPerMinute === 0 || strictLimitOf(context) !== 'ban-lookup',
      generateKey: (_context, tracker) => `ban-lookup:${tracker}`,
    },
  ],
  setHeaders: false,
});

/**
 * A client is the token's subject once authenticated (the JWT guard runs first), else its address.
 * Over the limit: 429 RATE_LIMITED as a problem document with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = req.principal as Principal | undefined;
    return principal ? `sub:${principal.id}` : `ip:${String(req.ip)}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw rateLimited(detail.limit, detail.ttl, detail.timeToBlockExpire);
  }
}

export const rateLimited = (limit: number, ttlMs: number, retryAfterSeconds: number): DomainError =>
  new DomainError(
    'RATE_LIMITED',
    `too many requests: at most ${limit} per ${ttlMs >= 60_000 ? `${ttlMs / 60_000} minute(s)` : `${ttlMs / 1000} second(s)`}; try again in ${Math.max(1, retryAfterSeconds)} s`,
    { retryAfterSeconds: Math.max(1, retryAfterSeconds) },
  );
