import { statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ApiHarness, application, type Reply } from '../support/api-harness';

/** A problem document with the code, and nothing recorded: the event store's head is where it was. */
const expectRefused = async (api: ApiHarness, send: () => Promise<Reply>, status: number, code: string) => {
  const head = await api.head();
  const r = await send();
  expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
  expect(r.contentType).toContain('application/problem+json');
  expect(await api.head()).toBe(head);
  return r;
};

/** Sends raw bytes and answers what the server wrote back before closing. */
const rawHttp = (port: number, bytes: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.on('data', (d) => (text += d.toString('utf8')));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });

describe('the HTTP shell every endpoint inherits', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('security headers on every answer; personal data is never cached', async () => {
    const created = await api.post('/members/applications', application(), 'recruiter');
    const r = await api.get(`/members/${created.body.id}?minPosition=${created.body.position}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-powered-by')).toBeNull();
    const refused = await api.request('GET', '/members', { token: null });
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('CORS is off unless configured: no Access-Control-Allow-Origin', async () => {
    const r = await api.request('OPTIONS', '/members', {
      token: null,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('415 UNSUPPORTED_MEDIA_TYPE: a body that is not JSON, not UTF-8, or in an unknown Content-Encoding', async () => {
    const body = JSON.stringify(application());
    const send =
      (headers: Record<string, string>, raw: string | Uint8Array = body) =>
      () =>
        api.request('POST', '/members/applications', { role: 'recruiter', rawBody: raw, headers });
    await expectRefused(api, send({ 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefused(api, send({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefused(api, send({ 'content-type': 'application/json; charset=klingon' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefused(api, send({ 'content-type': 'application/json; charset=utf-16' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefused(
      api,
      send({ 'content-type': 'application/json', 'content-encoding': 'x-bogus' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('compressed bodies: gzip is read; a garbled one is 400, not 500', async () => {
    const ok = await api.request('POST', '/members/applications', {
      role: 'recruiter',
      rawBody: gzipSync(JSON.stringify(application())),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(ok.status).toBe(201);
    for (const encoding of ['gzip', 'br', 'deflate'])
      await expectRefused(
        api,
        () =>
          api.request('POST', '/members/applications', {
            role: 'recruiter',
            rawBody: Buffer.from('definitely not compressed'),
            headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          }),
        400,
        'VALIDATION_FAILED',
      );
  });

  it('413 PAYLOAD_TOO_LARGE: a body over the limit', async () => {
    const huge = JSON.stringify(application({ description: 'x'.repeat(300_000) }));
    const r = await expectRefused(
      api,
      () => api.request('POST', '/members/applications', { role: 'recruiter', rawBody: huge }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(r.body.detail).toContain('262144');
  });

  it('400: JSON nested 20,000 levels deep is refused before it is parsed (no stack overflow)', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const r = await expectRefused(
      api,
      () => api.request('POST', '/members/applications', { role: 'recruiter', rawBody: `{"materials":${deep}}` }),
      400,
      'VALIDATION_FAILED',
    );
    expect(r.body.detail).toContain('nested too deeply');
    // …and a deep object in a field the route does know, with an Idempotency-Key (whose hash walks the body).
    const deepObject = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    await expectRefused(
      api,
      () =>
        api.request('POST', '/members/applications', {
          role: 'recruiter',
          rawBody: `{"attestations":${deepObject}}`,
          headers: { 'idempotency-key': 'deep-1' },
        }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('400: __proto__, constructor and prototype keys are refused, not silently dropped', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const raw = JSON.stringify(application()).replace('"attestations":{', `"attestations":{"${key}":{"isAdmin":true},`);
      const r = await expectRefused(
        api,
        () => api.request('POST', '/members/applications', { role: 'recruiter', rawBody: raw }),
        400,
        'VALIDATION_FAILED',
      );
      expect(r.body.detail).toContain('__proto__');
    }
  });

  it('error details never echo the body: an identity number sent as malformed JSON does not come back', async () => {
    const id = '11010519491231002X';
    for (const raw of [`"${id}"`, `{"subject": "${id}"`, `{"subject": ${id}}`, `[${id}]`]) {
      const r = await expectRefused(
        api,
        () => api.request('POST', '/bans/lookup', { role: 'recruiter', rawBody: raw }),
        400,
        'VALIDATION_FAILED',
      );
      expect(r.text).not.toContain(id);
      expect(r.text).not.toContain(id.slice(0, 10));
    }
    const unknownKey = await api.request('POST', '/bans/lookup', { role: 'recruiter', body: { subject: id, [id]: 1 } });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.text).not.toContain(id);
  });

  it('dates: one strict parser, business dates between 2000-01-01 and 2100-12-31', async () => {
    const created = await api.post('/members/applications', application(), 'recruiter');
    for (const occurredAt of ['20270105', '2027-W01-1', '2026-09-29T10:00:00', '1899-12-31T00:00:00Z', '2026-13-01'])
      await expectRefused(
        api,
        () => api.post(`/members/${created.body.id}/initial-review`, { decision: 'pass', reason: 'ok', occurredAt }, 'recruiter'),
        400,
        'VALIDATION_FAILED',
      );
    // Before the member's application: the fact cannot have happened before the stream's first one.
    await expectRefused(
      api,
      () =>
        api.post(
          `/members/${created.body.id}/initial-review`,
          { decision: 'pass', reason: 'ok', occurredAt: '2026-09-28T10:00:00+08:00' },
          'recruiter',
        ),
      422,
      'OUT_OF_RANGE',
    );
    await api.post(`/members/${created.body.id}/initial-review`, { decision: 'pass', reason: 'ok' }, 'recruiter');
    await api.post(`/members/${created.body.id}/project-evaluation`, { decision: 'approve', reason: 'ok' }, 'admin');
    for (const startDate of ['9999-12-31', '0001-01-01', '2101-01-01', '1999-12-31'])
      await expectRefused(
        api,
        () => api.post(`/members/${created.body.id}/agreement`, { startDate, feeFen: 100, depositFen: 0 }, 'recruiter'),
        400,
        'VALIDATION_FAILED',
      );
  });

  it('431 HEADERS_TOO_LARGE and malformed HTTP are problem documents too', async () => {
    const big = await rawHttp(api.port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(big).toContain('application/problem+json');
    expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    const garbage = await rawHttp(api.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('the data directory is 0700 and its files 0600 (identity hashes and secrets live there)', async () => {
    expect(statSync(api.dataDir).mode & 0o777).toBe(0o700);
    for (const file of ['events.db', 'events.db-wal', 'readstore.db', 'manual-clock'])
      expect({ file, mode: (statSync(join(api.dataDir, file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
  });
});

describe('rate limits, CORS and the OpenAPI UI when configured', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start({
      RATE_LIMIT_PER_SECOND: '8',
      BAN_LOOKUPS_PER_MINUTE: '3',
      AUTH_FAILURES_PER_MINUTE: '3',
      CORS_ORIGINS: 'https://console.example',
      NODE_ENV: 'production',
    });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('429 RATE_LIMITED per client past RATE_LIMIT_PER_SECOND, with Retry-After; another client is not held up', async () => {
    const replies = await Promise.all(Array.from({ length: 12 }, () => api.get('/deadlines', 'viewer')));
    const limited = replies.filter((r) => r.status === 429);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(8);
    expect(limited).toHaveLength(4);
    expect(limited[0].body).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    expect(limited[0].contentType).toContain('application/problem+json');
    expect(limited[0].headers.get('retry-after')).toBe('1');
    const other = await api.request('GET', '/deadlines', { token: api.token('viewer', { sub: 'someone-else' }) });
    expect(other.status).toBe(200);
  });

  it('POST /bans/lookup is limited per minute: identity numbers cannot be tested at will', async () => {
    const token = api.token('recruiter', { sub: 'rec-lookups' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await api.request('POST', '/bans/lookup', { token, body: { subject: '11010519491231002X' } })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('failed authentications are limited per address', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // the per-second budget of the earlier test has passed
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.request('GET', '/members', { token: 'not-a-token' })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('CORS answers the configured origin only', async () => {
    const preflight = (origin: string) =>
      api.request('OPTIONS', '/members', {
        token: null,
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    expect((await preflight('https://console.example')).headers.get('access-control-allow-origin')).toBe(
      'https://console.example',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('in production the OpenAPI UI is off by default; the JSON document stays', async () => {
    expect((await api.request('GET', '/docs', { token: null })).status).toBe(404);
    expect((await api.request('GET', '/docs-json', { token: null })).status).toBe(200);
  });
});
