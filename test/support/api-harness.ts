import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadConfig, signToken, type PlatformConfig, type Role } from '@opc/platform';
import { createApi } from '../../apps/api/src/bootstrap';

export interface Reply<T = any> {
  status: number;
  contentType: string;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * The real HTTP application on the embedded stores in a fresh DATA_DIR with the manual clock,
 * listening on an ephemeral port; requests go over HTTP with fetch.
 */
export class ApiHarness {
  private app: INestApplication | null = null;
  private baseUrl = '';
  readonly config: PlatformConfig;

  private constructor(
    readonly dataDir: string,
    env: Record<string, string>,
  ) {
    this.config = loadConfig({
      DATA_DIR: dataDir,
      CLOCK: 'manual',
      JWT_SECRET: 'e2e-secret',
      SUBJECT_KEY: 'e2e-subject-key',
      ...env,
    });
  }

  static async start(env: Record<string, string> = {}, dataDir?: string): Promise<ApiHarness> {
    const h = new ApiHarness(dataDir ?? mkdtempSync(join(tmpdir(), 'opc-e2e-')), {
      CLOCK_START: '2026-09-29T09:00:00+08:00',
      ...env,
    });
    await h.boot();
    return h;
  }

  private async boot(): Promise<void> {
    this.app = await createApi(this.config, { logger: false });
    await this.app.listen(0, '127.0.0.1');
    const address = this.app.getHttpServer().address();
    this.baseUrl = `http://127.0.0.1:${address.port}`;
  }

  /** Stops the app and starts a new one on the same DATA_DIR (and clock start). */
  async restart(env: Record<string, string> = {}): Promise<ApiHarness> {
    await this.app?.close();
    this.app = null;
    return ApiHarness.start({ ...env }, this.dataDir);
  }

  /** Where the app listens, for tests that speak raw HTTP on a socket. */
  get port(): number {
    return Number(new URL(this.baseUrl).port);
  }

  /** A provider of the running Nest application, for tests that look beneath HTTP. */
  service<T>(token: abstract new (...args: never[]) => T): T {
    if (!this.app) throw new Error('not started');
    return this.app.get(token);
  }

  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    await this.app?.close();
    this.app = null;
    if (!options.keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }

  token(roles: Role | Role[], extra: { sub?: string; memberId?: string } = {}): string {
    const list = Array.isArray(roles) ? roles : [roles];
    return signToken(this.config.jwtSecret, {
      sub: extra.sub ?? `user-${list[0]}`,
      roles: list,
      ...(extra.memberId ? { memberId: extra.memberId } : {}),
    });
  }

  async request<T = any>(
    method: string,
    path: string,
    options: {
      token?: string | null;
      role?: Role;
      body?: unknown;
      rawBody?: string | Uint8Array;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const token = options.token !== undefined ? options.token : this.token(options.role ?? 'admin');
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | Uint8Array | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      headers: res.headers,
      body: parsed as T,
      text,
    };
  }

  get = <T = any>(path: string, role: Role = 'admin') => this.request<T>('GET', path, { role });
  post = <T = any>(path: string, body: unknown, role: Role = 'admin', headers?: Record<string, string>) =>
    this.request<T>('POST', path, { role, body, headers });

  /** Moves the manual clock; answers once the scheduler has acted on what fell due. */
  async setClock(now: string): Promise<Reply> {
    const r = await this.post('/admin/clock', { now });
    if (r.status !== 200) throw new Error(`clock: ${r.status} ${r.text}`);
    return r;
  }

  /** The event store's head: a request that must append nothing leaves it unchanged. */
  async head(): Promise<number> {
    const r = await this.request('GET', '/health', { token: null });
    return r.body.eventStore.headPosition;
  }
}

let subjects = 0;
/**
 * A fresh, well-formed subject (an 18-character unified social credit code) per call: one subject
 * holds one membership at a time (M-ADM-7), so every applicant of a test is another person unless
 * the test names the subject.
 */
export const newSubject = (): string => `91440101MA${String(++subjects).padStart(8, '0')}`;

/** A valid application body, by a new subject unless `over.subject` names one. */
export const application = (over: Record<string, unknown> = {}) => ({
  applicantType: 'opc',
  name: 'Lin Studio',
  subject: newSubject(),
  direction: 'ai-native-innovation',
  description: 'AI bookkeeping agents for cross-border sellers',
  materials: [
    { kind: 'identity-document', fileRef: 'files/lin/id.pdf', sha256: 'a'.repeat(64) },
    { kind: 'business-plan', fileRef: 'files/lin/plan.pdf', sha256: 'b'.repeat(64) },
  ],
  attestations: { noDishonestyRecord: true, acceptsRules: true },
  ...over,
});

/** Walks a new applicant to `active` over HTTP (M-ADM-1..6); answers its id and the last reply. */
export async function admitMember(
  api: ApiHarness,
  options: { subject?: string; name?: string; startDate?: string; feeFen?: number; depositFen?: number } = {},
): Promise<{ id: string; position: number }> {
  const ok = (r: Reply, what: string) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.body;
  };
  const applied = ok(
    await api.post(
      '/members/applications',
      application({ ...(options.subject ? { subject: options.subject } : {}), name: options.name ?? 'Lin Studio' }),
      'recruiter',
    ),
    'apply',
  );
  const id = applied.id as string;
  ok(await api.post(`/members/${id}/initial-review`, { decision: 'pass', reason: 'complete' }, 'recruiter'), 'initial review');
  ok(await api.post(`/members/${id}/project-evaluation`, { decision: 'approve', reason: 'fits' }, 'admin'), 'evaluation');
  const feeFen = options.feeFen ?? 1_200_000;
  const depositFen = options.depositFen ?? 300_000;
  ok(
    await api.post(`/members/${id}/agreement`, { startDate: options.startDate ?? '2026-10-08', feeFen, depositFen }, 'recruiter'),
    'agreement',
  );
  if (feeFen > 0)
    ok(await api.post(`/members/${id}/payments`, { kind: 'fee', amountFen: feeFen, reference: 'FEE-1' }, 'recruiter'), 'fee');
  if (depositFen > 0)
    ok(
      await api.post(`/members/${id}/payments`, { kind: 'deposit', amountFen: depositFen, reference: 'DEP-1' }, 'recruiter'),
      'deposit',
    );
  const onboarded = ok(
    await api.post(`/members/${id}/onboarding`, { workspace: 'A-301', briefingAcknowledged: true }, 'recruiter'),
    'onboarding',
  );
  return { id, position: onboarded.position };
}
