/**
 * Refusals with the stable codes of the error table (docs/errors.md). A decider throws them; the HTTP
 * layer turns one into an `application/problem+json` document: `code`, `detail`, the status
 * from HTTP_STATUS_OF_CODE, and `extensions` as extra top-level fields (e.g. `banUntil`).
 */

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'ILLEGAL_TRANSITION',
  'CONCURRENCY_CONFLICT',
  'REENTRY_BANNED',
  'NOT_ELIGIBLE',
  'OUT_OF_RANGE',
  'NOTICE_TOO_SHORT',
  'DEADLINE_PASSED',
  'CONDITIONS_NOT_MET',
  'IDEMPOTENCY_KEY_REUSED',
  'NOT_CAUGHT_UP',
  'REQUEST_TIMEOUT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'HEADERS_TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** docs/errors.md: bad input 400; a domain rule refusing 409 (state) or 422 (rule). */
export const HTTP_STATUS_OF_CODE: Readonly<Record<ErrorCode, number>> = Object.freeze({
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  CONCURRENCY_CONFLICT: 409,
  REENTRY_BANNED: 422,
  NOT_ELIGIBLE: 422,
  OUT_OF_RANGE: 422,
  NOTICE_TOO_SHORT: 422,
  DEADLINE_PASSED: 422,
  CONDITIONS_NOT_MET: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  NOT_CAUGHT_UP: 503,
  // The HTTP shell's own refusals: the request never reached a command.
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  // A service this one depends on (the identity provider's keys) cannot be reached right now.
  UNAVAILABLE: 503,
  // A bug, never an answer to bad input: the fuzz suite asserts it does not occur.
  INTERNAL: 500,
});

/** Extra JSON-serialisable fields of the problem document (ISO strings for dates, integer fen for money). */
export type ErrorExtensions = Record<string, unknown>;

// Members of every problem document; an extension must not overwrite them.
const RESERVED_EXTENSION_KEYS = ['type', 'title', 'status', 'detail', 'instance', 'code'];

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** Human-readable explanation of this occurrence; becomes the problem's `detail`. */
  readonly detail: string;
  readonly extensions?: ErrorExtensions;

  constructor(code: ErrorCode, detail: string, extensions?: ErrorExtensions) {
    super(`${code}: ${detail}`);
    this.name = new.target.name;
    this.code = code;
    this.detail = detail;
    if (extensions !== undefined) {
      const clash = Object.keys(extensions).filter((k) => RESERVED_EXTENSION_KEYS.includes(k));
      if (clash.length > 0) throw new TypeError(`problem extensions may not use reserved keys: ${clash.join(', ')}`);
      this.extensions = extensions;
    }
  }

  get httpStatus(): number {
    return HTTP_STATUS_OF_CODE[this.code];
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

export class ValidationFailed extends DomainError {
  constructor(detail: string, extensions?: ErrorExtensions) {
    super('VALIDATION_FAILED', detail, extensions);
  }
}

export class Forbidden extends DomainError {
  constructor(detail: string) {
    super('FORBIDDEN', detail);
  }
}

export class NotFound extends DomainError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} not found`, { resource: what, id });
  }
}

/** The command is not allowed in the aggregate's current status (null/undefined: it does not exist yet). */
export class IllegalTransition extends DomainError {
  constructor(status: string | null | undefined, command: string) {
    const current = status ?? 'none';
    super('ILLEGAL_TRANSITION', `${command} is not allowed in status ${current}`, { currentStatus: current, command });
  }
}

export class ConcurrencyConflict extends DomainError {
  constructor(streamId: string, expectedRevision: number | null, actualRevision: number | null) {
    super(
      'CONCURRENCY_CONFLICT',
      `stream ${streamId} is at revision ${actualRevision ?? 'none'}, expected ${expectedRevision ?? 'none'}`,
      { streamId, expectedRevision, actualRevision },
    );
  }
}

/** M-ADM-7: refused with the ban's reason and end date (the first day the subject may apply again). */
export class ReentryBanned extends DomainError {
  constructor(banUntil: string, reason: string) {
    super('REENTRY_BANNED', `the applicant is banned from re-entry until ${banUntil}: ${reason}`, { banUntil, reason });
  }
}

export class NotEligible extends DomainError {
  constructor(reasons: string[]) {
    super('NOT_ELIGIBLE', reasons.length > 0 ? reasons.join('; ') : 'not eligible', { reasons: [...reasons] });
  }
}

export class ConditionsNotMet extends DomainError {
  constructor(reasons: string[]) {
    super('CONDITIONS_NOT_MET', reasons.length > 0 ? reasons.join('; ') : 'conditions not met', { reasons: [...reasons] });
  }
}

/** A value outside the range the rule set allows, e.g. an M-REW-2 municipal award of ¥500 (range ¥1,000–3,000). */
export class OutOfRange extends DomainError {
  constructor(field: string, value: number | string, range: { min?: number | string; max?: number | string }, rule?: string) {
    const bounds = `${range.min ?? '−∞'}..${range.max ?? '∞'}`;
    super('OUT_OF_RANGE', `${rule ? `${rule}: ` : ''}${field} ${value} is outside ${bounds}`, {
      field,
      value,
      ...(range.min !== undefined ? { min: range.min } : {}),
      ...(range.max !== undefined ? { max: range.max } : {}),
      ...(rule !== undefined ? { rule } : {}),
    });
  }
}
