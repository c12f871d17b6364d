import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { deterministicId, DomainError, newId, type Actor } from '@opc/kernel';
import type { Request } from 'express';
import type { Principal, Role } from '../auth/roles';

/** What the shell knows about a command request before the domain sees it. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  /** The event that caused this command, when a process manager or the scheduler issues it. */
  causationId?: string;
  /** Set when the request carries an Idempotency-Key: the same key and actor give the same command id. */
  commandId?: string;
  requestHash?: string;
  /** The raw key, for commands that derive a new aggregate's id from it (a repeated application lands on the same member). */
  idempotencyKey?: string;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/** Canonical JSON (sorted keys) so that key order does not make a different request. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
};

export const commandContextOf = (req: Request & { principal?: Principal; actingRole?: Role }): CommandContext => {
  if (!req.principal) throw new DomainError('UNAUTHENTICATED', 'missing bearer token');
  const actor = { id: req.principal.id, role: req.actingRole ?? req.principal.roles[0] };
  const correlation = req.header('x-correlation-id');
  const correlationId = correlation && KEY.test(correlation) ? correlation : newId();
  const key = req.header('idempotency-key');
  if (key === undefined) return { actor, correlationId };
  if (!KEY.test(key)) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1–200 visible ASCII characters');
  return {
    actor,
    correlationId,
    idempotencyKey: key,
    commandId: deterministicId('idempotency-key', actor.id, key),
    requestHash: createHash('sha256')
      .update(`${req.method} ${req.path}\n${canonical(req.body ?? null)}`)
      .digest('hex'),
  };
};

/** `@Command() ctx: CommandContext` in a controller. */
export const Command = createParamDecorator((_: unknown, ctx: ExecutionContext) =>
  commandContextOf(ctx.switchToHttp().getRequest()),
);
