import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { DomainError, HTTP_STATUS_OF_CODE, type ErrorCode } from '@opc/kernel';
import type { Response } from 'express';

/** RFC 9457 problem document with the stable `code` of API.md's error table. */
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
  INTERNAL: 'Internal error',
};

export const problem = (code: string, status: number, detail: string, extensions: Record<string, unknown> = {}): Problem => ({
  type: `https://opc-community.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
  title: TITLES[code] ?? code.toLowerCase().replace(/_/g, ' '),
  status,
  detail,
  code,
  ...extensions,
});

/** Body-parser failures reach Nest as errors carrying a `type` and a `status`. */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/** Turns every error into application/problem+json; nothing else leaves the API. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(error);
    if (body.code === 'NOT_CAUGHT_UP') res.setHeader('Retry-After', '1');
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof DomainError)
      return problem(error.code, HTTP_STATUS_OF_CODE[error.code as ErrorCode], error.detail, error.extensions ?? {});
    const parserError = error as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') return problem('VALIDATION_FAILED', 400, 'the body is not valid JSON');
    if (parserError?.type === 'entity.too.large') return problem('VALIDATION_FAILED', 413, 'the body is larger than the limit');
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code =
        status === 404
          ? 'NOT_FOUND'
          : status === 401
            ? 'UNAUTHENTICATED'
            : status === 403
              ? 'FORBIDDEN'
              : status < 500
                ? 'VALIDATION_FAILED'
                : 'INTERNAL';
      const response = error.getResponse();
      const detail =
        typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
      return problem(code, status, detail);
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return problem(
      'INTERNAL',
      500,
      'an unexpected error occurred; nothing was recorded by this request unless its reply said so',
    );
  }
}
