/**
 * The API client: same origin (the API serves the console), bearer token, JSON in and out.
 * Every refusal is an RFC 9457 problem document (docs/errors.md); it becomes an ApiError carrying it.
 */

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  reasons?: string[];
  errors?: string[];
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
  /** The server could not be reached at all. */
  get network(): boolean {
    return this.status === 0;
  }
}

let currentToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** The token requests carry now (caches keyed by it forget another session's answers). */
export const currentSessionToken = (): string | null => currentToken;

/** Set by the session: the token sent, and what to do when the server answers 401. */
export function configureApi(token: string | null, unauthenticated: (() => void) | null): void {
  currentToken = token;
  onUnauthenticated = unauthenticated;
}

/** A fresh Idempotency-Key per form submission: a UUID v4 (getRandomValues works outside secure contexts too). */
export function newIdempotencyKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/** `path?k=v…`, leaving out empty values. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) {
  const h: Record<string, string> = { accept: 'application/json, application/problem+json', ...headers };
  if (currentToken) h.authorization = `Bearer ${currentToken}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, { code: 'NETWORK' });
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const problem: Problem =
      parsed && typeof parsed === 'object' ? (parsed as Problem) : { status: res.status, detail: text.slice(0, 200) };
    if (res.status === 401) onUnauthenticated?.();
    throw new ApiError(res.status, problem);
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => send<T>('GET', withQuery(path, query), undefined, {}, signal),
  /** A command: a fresh Idempotency-Key unless one is given (a retry of the same submission reuses its key). */
  post: <T>(path: string, body: unknown, idempotencyKey: string = newIdempotencyKey()) =>
    send<T>('POST', path, body, { 'idempotency-key': idempotencyKey }),
};
