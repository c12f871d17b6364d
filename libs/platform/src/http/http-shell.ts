import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DomainError } from '@opc/kernel';
import bodyParser from 'body-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { PlatformConfig } from '../config';
import { problem } from './problem.filter';

/** Deeper JSON than any body of this API needs (its deepest is 4); deeper is refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;
/** Keys that would reach an object's prototype machinery: refused, not silently dropped. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/;
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The HTTP shell every endpoint inherits: security headers, no caching of personal data, CORS
 * only when configured, JSON bodies only (UTF-8, bounded size and depth, no prototype keys), and
 * the server's own refusals (headers too large, request too slow) as problem documents too.
 * Errors raised here reach the ProblemFilter through Nest's Express error handler.
 */
export function configureHttpShell(app: NestExpressApplication, config: PlatformConfig): void {
  const { http } = config;
  app.set('x-powered-by', false);
  app.set('trust proxy', http.trustProxy);
  app.use(securityHeaders());
  if (http.corsOrigins.length > 0)
    app.enableCors({
      origin: http.corsOrigins,
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
      exposedHeaders: ['retry-after'],
    });
  app.use(jsonBodiesOnly);
  app.use(jsonBody(http.bodyLimitBytes));
  app.use(refuseForbiddenKeys);
  guardServer(app.getHttpServer() as Server, http.requestTimeoutMs);
}

/**
 * helmet's headers; the Content-Security-Policy is the strictest that still lets each kind of
 * page work: the JSON API loads nothing, the OpenAPI UI loads its own scripts and styles, the
 * operators' console (/console) loads only its own files and calls only this API.
 */
function securityHeaders() {
  const common = { crossOriginEmbedderPolicy: false, referrerPolicy: { policy: 'no-referrer' as const } };
  const api = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  // The console (apps/console): scripts only from 'self' (no inline script, no eval), styles only
  // from 'self' (its charts draw on canvas and set styles through the DOM, never as inline markup),
  // images from 'self', data: and blob:, requests only to this API, no framing, forms to 'self'.
  const consoleApp = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    const isDocs = req.path === '/docs' || req.path.startsWith('/docs/');
    const isConsole = req.path === '/console' || req.path.startsWith('/console/');
    // Every answer of the API is personal or operational data: never kept by a browser or a proxy.
    // (The console's hashed assets override this with a long cache: apps/api/src/console.ts.)
    if (!isDocs) res.setHeader('Cache-Control', 'no-store');
    (isDocs ? docs : isConsole ? consoleApp : api)(req, res, next);
  };
}

/** A body must be JSON in UTF-8; anything else is 415 before a byte of it is read. */
function jsonBodiesOnly(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody || !METHODS_WITH_BODY.has(req.method)) return next();
  const [mediaType, ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (!JSON_MEDIA_TYPE.test(mediaType))
    return next(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'the body must be JSON (Content-Type: application/json)'));
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    return next(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'the body must be encoded in UTF-8 (charset=utf-8)'));
  next();
}

/**
 * body-parser, with its refusals turned into ours before anything else sees them: its messages
 * are never passed on, because a JSON syntax error quotes the body, and the body may hold an
 * identity number.
 */
function jsonBody(limit: number) {
  const parse = bodyParser.json({ limit, strict: true, type: () => true, verify: refuseDeepJson });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: unknown) => next(err === undefined ? undefined : bodyRefusal(err as BodyReaderError, limit)));
}

/** An error of body-parser (http-errors): a `type` and a `status`. */
interface BodyReaderError {
  type?: string;
  status?: number;
}

function bodyRefusal(error: BodyReaderError, limit: number): DomainError {
  switch (error.type) {
    case 'entity.parse.failed':
      return new DomainError('VALIDATION_FAILED', 'the body is not valid JSON (an object or an array, in strict JSON)');
    case 'entity.too.deep':
      return new DomainError('VALIDATION_FAILED', `the JSON body is nested too deeply (more than ${MAX_JSON_DEPTH} levels)`);
    case 'entity.too.large':
      return new DomainError('PAYLOAD_TOO_LARGE', `the body is larger than ${limit} bytes`, { limitBytes: limit });
    case 'encoding.unsupported':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding must be identity, gzip, deflate or br');
    case 'charset.unsupported':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'the body must be encoded in UTF-8 (charset=utf-8)');
    case 'request.size.invalid':
      return new DomainError('VALIDATION_FAILED', 'the body is not as long as Content-Length says');
    case 'request.aborted':
      return new DomainError('VALIDATION_FAILED', 'the request was aborted before its body was read');
    default:
      // A body that cannot be decompressed or read.
      return new DomainError('VALIDATION_FAILED', 'the body could not be read (bad compression, length or encoding)');
  }
}

/** body-parser's `verify`: counts nesting on the raw bytes, so a 20,000-level body never reaches JSON.parse or a recursive walk. */
function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw Object.assign(new Error('too deep'), { type: 'entity.too.deep', status: 400 });
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** `__proto__`, `constructor` or `prototype` anywhere in the body is refused (the depth is already bounded). */
function refuseForbiddenKeys(req: Request, _res: Response, next: NextFunction): void {
  const stack: unknown[] = [req.body];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key))
        return next(
          new DomainError('VALIDATION_FAILED', 'keys named __proto__, constructor or prototype are not accepted', {
            errors: [`a key named ${key} is not accepted`],
          }),
        );
      stack.push((value as Record<string, unknown>)[key]);
    }
  }
  next();
}

/**
 * What Node answers before any handler runs — headers too large, a request too slow, bytes that
 * are not HTTP — is a problem document too, with its own code.
 */
function guardServer(server: Server, requestTimeoutMs: number): void {
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(requestTimeoutMs || 60_000, 60_000);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return socket.destroy();
    const [status, code, detail] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'the request headers are larger than the server accepts']
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'REQUEST_TIMEOUT', 'the request was not received in time']
          : [400, 'VALIDATION_FAILED', 'the request is not valid HTTP'];
    const body = JSON.stringify(problem(code, status, detail));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
