import { createSecretKey, type KeyObject } from 'node:crypto';
import { createParamDecorator, Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorage } from '@nestjs/throttler';
import { DomainError, isDomainError } from '@opc/kernel';
import type { Request } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import jwt from 'jsonwebtoken';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config';
import { rateLimited } from '../http/rate-limit';
import { MEMBER_SCOPED_KEY, OWN_MEMBER_PARAM_KEY, PUBLIC_KEY, ROLES, ROLES_KEY, type Principal, type Role } from './roles';

type AuthedRequest = Request & { principal?: Principal; actingRole?: Role };

/** The `reason` of a 401 problem document: a stable slug telling the causes apart. */
export type AuthFailureReason =
  | 'missing'
  | 'invalid'
  | 'expired'
  | 'not-yet-valid'
  | 'issued-in-future'
  | 'no-expiry'
  | 'lifetime-too-long'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'missing-claims';

/** A 401 in our own words (never the library's message, never the token) with its `reason` slug. */
export const unauthenticated = (reason: AuthFailureReason, detail: string): DomainError =>
  new DomainError('UNAUTHENTICATED', detail, { reason });

const INVALID_DETAIL = 'the bearer token is not valid (signature, algorithm or format)';
const invalidToken = () => unauthenticated('invalid', INVALID_DETAIL);

/** Algorithms accepted from the JWKS; the key found by `kid` (and its `kty`/`alg`) decides which one applies. */
export const JWKS_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** The claims the guard reads; anything else in the token is ignored. */
type Claims = Record<string, unknown> & { exp?: unknown; nbf?: unknown; iat?: unknown; iss?: unknown; aud?: unknown };

/**
 * Token time is the real time, not the injected business clock: the app may run on a manual clock
 * set to another date (demos, tests), while tokens are issued on the real one.
 */
const realNowS = (): number => Math.floor(Date.now() / 1000);

const isNumericDate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Bearer JWT → principal; then the route's roles, and a member only on its own records.
 * HS256 with JWT_SECRET by default (synchronous); with JWT_JWKS_URL, the identity provider's
 * asymmetric keys only (asynchronous: the key set is fetched and cached by jose).
 */
@Injectable()
export class JwtRolesGuard implements CanActivate {
  private readonly logger = new Logger('auth');
  /**
   * The HS256 secret as a KeyObject, made once: given a string, jsonwebtoken first tries (and
   * fails) to parse it as a public key on every request — 40% of the API's CPU in the W5 profile.
   */
  private readonly key: KeyObject;
  /** The remote key set when JWT_JWKS_URL is set (jose caches it and refetches on an unknown `kid`). */
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(ThrottlerStorage) private readonly failures: ThrottlerStorage,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
    if (config.jwtJwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwtJwksUrl));
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    try {
      const token = bearerToken(req.headers.authorization);
      if (this.jwks)
        return this.verifyWithJwks(token, this.jwks).then(
          (claims) => this.authorize(context, req, claims),
          (e) => this.refused(req, e),
        );
      return this.authorize(context, req, this.verifyHs256(token));
    } catch (e) {
      return this.refused(req, e);
    }
  }

  /**
   * A failed authentication counts against the caller's address; past AUTH_FAILURES_PER_MINUTE the
   * address is answered 429 for a minute (guessing tokens is slow work then). Other refusals pass.
   */
  private async refused(req: AuthedRequest, e: unknown): Promise<never> {
    const limit = this.config.http.authFailuresPerMinute;
    if (isDomainError(e) && e.code === 'UNAUTHENTICATED' && limit > 0) {
      const r = await this.failures.increment(`auth-failures:${String(req.ip)}`, 60_000, limit, 60_000, 'auth-failures');
      if (r.isBlocked) throw rateLimited(limit, 60_000, r.timeToBlockExpire);
    }
    throw e;
  }

  /** Signature and format only; the claims are checked by `checkClaims`, the same for both modes. */
  private verifyHs256(token: string): Claims {
    let decoded: string | jwt.JwtPayload;
    try {
      decoded = jwt.verify(token, this.key, { algorithms: ['HS256'], ignoreExpiration: true, ignoreNotBefore: true });
    } catch {
      throw invalidToken();
    }
    if (typeof decoded !== 'object' || decoded === null) throw invalidToken();
    return decoded as Claims;
  }

  private async verifyWithJwks(token: string, jwks: ReturnType<typeof createRemoteJWKSet>): Promise<Claims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: JWKS_ALGORITHMS,
        clockTolerance: this.config.jwtClockToleranceS,
        currentDate: new Date(realNowS() * 1000),
      }));
    } catch (e) {
      throw this.fromJose(e);
    }
    return payload as Claims;
  }

  /** jose's refusals in our words; a key set that cannot be fetched is the server's problem (503), not the caller's. */
  private fromJose(e: unknown): Error {
    if (e instanceof joseErrors.JWTExpired) return unauthenticated('expired', 'the bearer token has expired');
    if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === 'nbf' && e.reason === 'check_failed')
      return unauthenticated('not-yet-valid', 'the bearer token is not valid yet');
    const keysUnavailable =
      e instanceof joseErrors.JWKSTimeout ||
      e instanceof joseErrors.JWKSInvalid ||
      (e instanceof joseErrors.JOSEError && e.code === joseErrors.JOSEError.code) ||
      !(e instanceof joseErrors.JOSEError);
    if (!keysUnavailable) return invalidToken();
    const why = e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
    this.logger.warn(`could not fetch the JWKS from ${this.config.jwtJwksUrl}: ${why}`);
    return new DomainError('UNAVAILABLE', 'the keys to verify the bearer token cannot be fetched right now; try again shortly');
  }

  private authorize(context: ExecutionContext, req: AuthedRequest, claims: Claims): boolean {
    const principal = this.checkClaims(claims, realNowS());
    req.principal = principal;

    const targets = [context.getHandler(), context.getClass()];
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed) throw new DomainError('FORBIDDEN', 'this operation has no roles configured');
    const staff = principal.roles.find((r) => r !== 'member' && allowed.includes(r));
    if (staff) {
      req.actingRole = staff;
      return true;
    }
    if (principal.roles.includes('member') && allowed.includes('member')) {
      if (this.reflector.getAllAndOverride<boolean>(MEMBER_SCOPED_KEY, targets) && principal.memberId !== undefined) {
        req.actingRole = 'member';
        return true;
      }
      const param = this.reflector.getAllAndOverride<string | undefined>(OWN_MEMBER_PARAM_KEY, targets);
      const target = param ? req.params[param] : undefined;
      if (target !== undefined && principal.memberId !== undefined && target === principal.memberId) {
        req.actingRole = 'member';
        return true;
      }
      throw new DomainError('FORBIDDEN', 'a member may act only on its own records');
    }
    throw new DomainError('FORBIDDEN', `requires one of the roles: ${allowed.join(', ')}`);
  }

  /** Time, lifetime, issuer and audience of verified claims (both modes), then the principal they name. */
  private checkClaims(claims: Claims, now: number): Principal {
    const { jwtClockToleranceS: tolerance, jwtMaxLifetimeS: maxLifetime, jwtIssuer, jwtAudience } = this.config;
    const { exp, nbf, iat } = claims;
    if (exp === undefined) throw unauthenticated('no-expiry', 'the bearer token has no expiry (exp)');
    if (!isNumericDate(exp) || (nbf !== undefined && !isNumericDate(nbf)) || (iat !== undefined && !isNumericDate(iat)))
      throw invalidToken();
    if (now >= exp + tolerance) throw unauthenticated('expired', 'the bearer token has expired');
    if (nbf !== undefined && nbf > now + tolerance) throw unauthenticated('not-yet-valid', 'the bearer token is not valid yet');
    if (iat !== undefined && iat > now + tolerance)
      throw unauthenticated('issued-in-future', "the bearer token was issued in the future (iat); check the issuer's clock");
    // With iat the lifetime is exact; without it, what remains from now on (our clock may lag the issuer's by the tolerance).
    if (iat !== undefined ? exp - iat > maxLifetime : exp - now > maxLifetime + tolerance)
      throw unauthenticated('lifetime-too-long', `the bearer token lives longer than the allowed ${maxLifetime} seconds`);
    if (jwtIssuer !== undefined && claims.iss !== jwtIssuer)
      throw unauthenticated('wrong-issuer', 'the bearer token was issued by another issuer (iss)');
    if (jwtAudience !== undefined) {
      const aud = claims.aud;
      if (!(aud === jwtAudience || (Array.isArray(aud) && aud.includes(jwtAudience))))
        throw unauthenticated('wrong-audience', 'the bearer token was issued for another audience (aud)');
    }
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
    if (typeof claims.sub !== 'string' || claims.sub === '' || roles.length === 0)
      throw unauthenticated('missing-claims', 'the bearer token needs a subject (sub) and at least one known role');
    return {
      id: claims.sub,
      roles,
      memberId: typeof claims.memberId === 'string' ? claims.memberId : undefined,
    };
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
const bearerToken = (header: string | undefined): string => {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw unauthenticated('missing', 'missing bearer token');
  return match[1];
};

/** The caller as the event envelope's actor: `{ id, role }`. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.principal) throw unauthenticated('missing', 'missing bearer token');
  return { id: req.principal.id, role: req.actingRole ?? req.principal.roles[0] };
});

/**
 * Whose records a list may show: `{ memberId }` when the caller acts as a member (only its own),
 * `{}` for staff (all).
 */
export const ReadScope = createParamDecorator((_: unknown, ctx: ExecutionContext): { memberId?: string } => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  return req.actingRole === 'member' ? { memberId: req.principal?.memberId } : {};
});
