import { createSecretKey, type KeyObject } from 'node:crypto';
import { createParamDecorator, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@opc/kernel';
import type { Request } from 'express';
import jwt from 'jsonwebtoken';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config';
import { MEMBER_SCOPED_KEY, OWN_MEMBER_PARAM_KEY, PUBLIC_KEY, ROLES, ROLES_KEY, type Principal, type Role } from './roles';

type AuthedRequest = Request & { principal?: Principal; actingRole?: Role };

/** Bearer JWT (HS256, JWT_SECRET) → principal; then the route's roles, and a member only on its own records. */
@Injectable()
export class JwtRolesGuard implements CanActivate {
  /**
   * The HS256 secret as a KeyObject, made once: given a string, jsonwebtoken first tries (and
   * fails) to parse it as a public key on every request — 40% of the API's CPU in the W5 profile.
   */
  private readonly key: KeyObject;

  constructor(
    private readonly reflector: Reflector,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const principal = this.authenticate(req.headers.authorization);
    req.principal = principal;

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

  private authenticate(header: string | undefined): Principal {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw new DomainError('UNAUTHENTICATED', 'missing bearer token');
    let claims: jwt.JwtPayload;
    try {
      const decoded = jwt.verify(match[1], this.key, { algorithms: ['HS256'] });
      if (typeof decoded === 'string') throw new Error('not a claims object');
      claims = decoded;
    } catch (e) {
      throw new DomainError('UNAUTHENTICATED', `invalid token: ${(e as Error).message}`);
    }
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
    if (typeof claims.sub !== 'string' || claims.sub === '' || roles.length === 0)
      throw new DomainError('UNAUTHENTICATED', 'the token needs a subject (sub) and at least one known role');
    return {
      id: claims.sub,
      roles,
      memberId: typeof claims.memberId === 'string' ? claims.memberId : undefined,
    };
  }
}

/** The caller as the event envelope's actor: `{ id, role }`. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.principal) throw new DomainError('UNAUTHENTICATED', 'missing bearer token');
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

/** Signs a token; used by `npm run token` and the tests. */
export const signToken = (
  secret: string,
  claims: { sub: string; roles: Role[]; memberId?: string },
  expiresIn: jwt.SignOptions['expiresIn'] = '12h',
): string => jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn });
