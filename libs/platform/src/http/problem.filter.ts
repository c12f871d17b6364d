import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { DomainError, HTTP_STATUS_OF_CODE, type ErrorCode } from '@opc/kernel';
import type { Response } from 'express';

/** RFC 9457 problem document with the stable `code` of the error table (docs/errors.md). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extension: string]: unknown;
}

const TITLES: Record<string, string> = {
  VALIDATION_FAILED: 'The request is not valid',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Not allowed for this role',
  NOT_FOUND: 'Not found',
  ILLEGAL_TRANSITION: 'Not allowed in the current status',
  CONCURRENCY_CONFLICT: 'Concurrent change',
  NOT_CAUGHT_UP: 'Read model not caught up yet',
  REQUEST_TIMEOUT: 'Request not received in time',
  PAYLOAD_TOO_LARGE: 'Body too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported body format',
  RATE_LIMITED: 'Too many requests',
  HEADERS_TOO_LARGE: 'Headers too large',
  UNAVAILABLE: 'Temporarily unavailable',
  INTERNAL: 'Internal error',
};

/** Codes answered with Retry-After: waiting helps. */
const RETRY_AFTER: Partial<Record<string, number>> = { NOT_CAUGHT_UP: 1, UNAVAILABLE: 5 };

export const problem = (code: string, status: number, detail: string, extensions: Record<string, unknown> = {}): Problem => ({
  type: `https://opc-community.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
  title: TITLES[code] ?? code.toLowerCase().replace(/_/g, ' '),
  status,
  detail,
  code,
  ...extensions,
});

/** Nest's own HTTP exceptions (unknown route, the throttler, …) by status. */
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  503: 'UNAVAILABLE',
};

/** Turns every error into application/problem+json; nothing else leaves the API. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(error);
    const retryAfter = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : RETRY_AFTER[body.code];
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    if (res.headersSent) return void res.end();
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof DomainError)
      return problem(error.code, HTTP_STATUS_OF_CODE[error.code], error.detail, error.extensions ?? {});
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = CODE_OF_STATUS[status] ?? (status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL');
      const response = error.getResponse();
      const detail =
        typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
      if (status < 500) return problem(code, status, detail);
      this.logger.error(error.stack ?? error.message);
      return problem(code, status, code === 'INTERNAL' ? INTERNAL_DETAIL : detail);
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return problem('INTERNAL', 500, INTERNAL_DETAIL);
  }
}

const INTERNAL_DETAIL = 'an unexpected error occurred; nothing was recorded by this request unless its reply said so';
