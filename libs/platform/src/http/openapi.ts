import { ApiExtension } from '@nestjs/swagger';
import { ERROR_CODES, HTTP_STATUS_OF_CODE, type ErrorCode } from '@opc/kernel';

/**
 * OpenAPI for every operation, from what the routes declare: `@Roles` names who may call it,
 * `@Problems` the refusals it can answer beyond the ones every operation shares, `@Idempotent`
 * that it takes an Idempotency-Key. `completeOpenApi` turns those marks into standard OpenAPI
 * (a description line, the header parameter, problem+json responses), so the document cannot
 * drift from the code.
 */
export const X_ROLES = 'x-roles';
const X_PROBLEMS = 'x-problems';
const X_IDEMPOTENT = 'x-idempotent';

/** The refusals an operation may answer besides the shared ones (400, 401, 403, 429). Once per operation. */
export const Problems = (...codes: ErrorCode[]) => ApiExtension(X_PROBLEMS, codes);

/** A command that takes an Idempotency-Key: a repeat answers the first reply; another body with the key is IDEMPOTENCY_KEY_REUSED. */
export const Idempotent = () => ApiExtension(X_IDEMPOTENT, true);

type Operation = Record<string, unknown> & {
  description?: string;
  parameters?: Record<string, unknown>[];
  responses?: Record<string, unknown>;
  security?: unknown[];
  [X_ROLES]?: string[];
  [X_PROBLEMS]?: ErrorCode[];
  [X_IDEMPOTENT]?: boolean;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; [k: string]: unknown };
};

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem document; `code` is stable (docs/errors.md). Details never echo the request body.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: [...ERROR_CODES] },
  },
  additionalProperties: true,
};

/** Refusals every operation may give: bad input, too many requests, an unexpected error. */
const SHARED: ErrorCode[] = ['VALIDATION_FAILED', 'RATE_LIMITED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'INTERNAL'];
/** …and every operation that needs a token. */
const SECURED: ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN'];

export interface OpenApiEnums {
  /**
   * Path or query parameters whose values the running system knows: parameter name → values, or
   * a function of the operation's path when one name means different things on different paths.
   */
  parameters: Record<string, readonly string[] | ((path: string) => readonly string[] | undefined)>;
}

/** Adds roles, Idempotency-Key and problem responses to every operation of the document, in place. */
export function completeOpenApi<D extends object>(document: D, enums: OpenApiEnums = { parameters: {} }): D {
  const doc = document as unknown as Document;
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const [path, operations] of Object.entries(doc.paths))
    for (const op of Object.values(operations)) {
      const roles = op[X_ROLES];
      const lines = [op.description ?? ''];
      if (roles)
        lines.push(`**Roles:** ${roles.join(', ')}${roles.includes('member') ? ' (a member only on its own records)' : ''}.`);
      else lines.push('**Roles:** none (no token needed).');
      if (op[X_IDEMPOTENT])
        lines.push('Send an `Idempotency-Key` to make a retry safe: a repeat answers the first reply and records nothing.');
      op.description = lines.filter((l) => l !== '').join('\n\n');
      for (const param of op.parameters ?? []) {
        const known = enums.parameters[param.name as string];
        const values = typeof known === 'function' ? known(path) : known;
        if (values && param.in !== 'header') param.schema = { ...(param.schema as object), type: 'string', enum: [...values] };
      }
      if (op[X_IDEMPOTENT])
        op.parameters = [
          ...(op.parameters ?? []),
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: '1–200 visible ASCII characters, unique per intended command (per caller)',
            schema: { type: 'string', minLength: 1, maxLength: 200 },
          },
        ];
      const codes = new Set<ErrorCode>([
        ...SHARED,
        ...(roles ? SECURED : []),
        ...(op[X_IDEMPOTENT] ? (['IDEMPOTENCY_KEY_REUSED'] as const) : []),
        ...(op[X_PROBLEMS] ?? []),
      ]);
      const byStatus = new Map<number, ErrorCode[]>();
      for (const code of codes)
        byStatus.set(HTTP_STATUS_OF_CODE[code], [...(byStatus.get(HTTP_STATUS_OF_CODE[code]) ?? []), code]);
      op.responses ??= {};
      for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b))
        op.responses[String(status)] = {
          description: list.join(', '),
          content: {
            'application/problem+json': {
              schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { code: { enum: list } } }] },
            },
          },
          ...(['RATE_LIMITED', 'NOT_CAUGHT_UP', 'UNAVAILABLE'].some((c) => list.includes(c as ErrorCode))
            ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'seconds to wait' } } }
            : {}),
        };
    }
  return document;
}
