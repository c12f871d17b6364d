import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, signToken } from '@opc/platform';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import jwt from 'jsonwebtoken';
import { ApiHarness, type Reply } from '../support/api-harness';

/** Real time in seconds: tokens are checked against it, not against the manual business clock. */
const nowS = () => Math.floor(Date.now() / 1000);

const readerClaims = { sub: 'auth-e2e', roles: ['viewer'] };

/** An HS256 token with exactly these claims (no `iat` unless given, no `exp` unless given). */
const hs256 = (secret: string, claims: Record<string, unknown>) =>
  jwt.sign({ ...readerClaims, ...claims }, secret, { algorithm: 'HS256', noTimestamp: claims.iat === undefined });

/** A correctly signed HS256 token whose claims jsonwebtoken would refuse to sign (e.g. a string `exp`). */
const rawHs256 = (secret: string, claims: Record<string, unknown>) => {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ ...readerClaims, ...claims })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
};

/** A 401 problem document with the reason slug, in our own words, never echoing the token. */
function expectUnauthenticated(r: Reply, reason: string, token?: string): void {
  expect({ status: r.status, contentType: r.contentType }).toEqual({
    status: 401,
    contentType: expect.stringContaining('application/problem+json'),
  });
  expect(r.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', reason });
  expect(r.body.detail).toMatch(/^(missing bearer token|the bearer token .+)$/);
  expect(r.body.detail).not.toMatch(/jwt |JWS|JWT |signature verification failed|invalid signature/);
  if (token) {
    expect(r.text).not.toContain(token);
    for (const part of token.split('.').filter((p) => p.length >= 8)) expect(r.text).not.toContain(part);
  }
}

const members = (api: ApiHarness, token: string | null) => api.request('GET', '/members', { token });

describe('bearer tokens (HS256, default limits: 24 h lifetime, 30 s clock tolerance)', () => {
  let api: ApiHarness;
  let secret: string;

  beforeAll(async () => {
    api = await ApiHarness.start({});
    secret = api.config.jwtSecret;
  });
  afterAll(async () => {
    await api.stop();
  });

  it('a token signed by signToken is accepted; /health needs none; no token is 401 missing', async () => {
    expect((await members(api, api.token('viewer'))).status).toBe(200);
    expect((await api.request('GET', '/health', { token: null })).status).toBe(200);
    expectUnauthenticated(await members(api, null), 'missing');
    expectUnauthenticated(
      await api.request('GET', '/members', { token: null, headers: { authorization: 'Basic abc' } }),
      'missing',
    );
  });

  it('signToken always sets iat and an exp within the maximum lifetime', () => {
    const claims = jwt.decode(api.token('viewer')) as JWTPayload;
    expect(typeof claims.iat).toBe('number');
    expect(typeof claims.exp).toBe('number');
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(api.config.jwtMaxLifetimeS);
  });

  it('a token without exp is refused: 401 no-expiry', async () => {
    const token = jwt.sign(readerClaims, secret, { algorithm: 'HS256', noTimestamp: false });
    expect((jwt.decode(token) as JWTPayload).exp).toBeUndefined();
    const r = await members(api, token);
    expectUnauthenticated(r, 'no-expiry', token);
    expect(r.body.detail).toBe('the bearer token has no expiry (exp)');
  });

  it('a token living longer than JWT_MAX_LIFETIME_S (exp − iat) is refused; exactly the maximum is accepted', async () => {
    const iat = nowS() - 60;
    const tooLong = hs256(secret, { iat, exp: iat + 86_401 });
    const r = await members(api, tooLong);
    expectUnauthenticated(r, 'lifetime-too-long', tooLong);
    expect(r.body.detail).toBe('the bearer token lives longer than the allowed 86400 seconds');
    expect((await members(api, hs256(secret, { iat, exp: iat + 86_400 }))).status).toBe(200);
  });

  it('without iat, the lifetime is exp − now: a far exp is refused', async () => {
    const token = hs256(secret, { exp: nowS() + 86_400 + 3600 });
    expectUnauthenticated(await members(api, token), 'lifetime-too-long', token);
    expect((await members(api, hs256(secret, { exp: nowS() + 3600 }))).status).toBe(200);
  });

  it('an expired token is refused beyond the clock tolerance, accepted within it', async () => {
    const expired = hs256(secret, { iat: nowS() - 3600, exp: nowS() - 60 });
    const r = await members(api, expired);
    expectUnauthenticated(r, 'expired', expired);
    expect(r.body.detail).toBe('the bearer token has expired');
    expect((await members(api, hs256(secret, { iat: nowS() - 3600, exp: nowS() - 10 }))).status).toBe(200);
  });

  it('an iat further in the future than the tolerance is refused; a few seconds ahead is accepted', async () => {
    const ahead = hs256(secret, { iat: nowS() + 120, exp: nowS() + 3600 });
    expectUnauthenticated(await members(api, ahead), 'issued-in-future', ahead);
    expect((await members(api, hs256(secret, { iat: nowS() + 10, exp: nowS() + 3600 }))).status).toBe(200);
  });

  it('an nbf beyond the tolerance is refused: 401 not-yet-valid', async () => {
    const early = hs256(secret, { iat: nowS(), nbf: nowS() + 300, exp: nowS() + 3600 });
    const r = await members(api, early);
    expectUnauthenticated(r, 'not-yet-valid', early);
    expect(r.body.detail).toBe('the bearer token is not valid yet');
    expect((await members(api, hs256(secret, { iat: nowS(), nbf: nowS() + 10, exp: nowS() + 3600 }))).status).toBe(200);
  });

  it('a bad signature, another algorithm, an unsigned token or garbage is 401 invalid in our own words', async () => {
    const exp = nowS() + 3600;
    const tokens = [
      hs256('another-secret', { exp }),
      jwt.sign({ ...readerClaims, exp }, secret, { algorithm: 'HS512' }),
      jwt.sign({ ...readerClaims, exp }, '', { algorithm: 'none' }),
      'not-a-jwt-at-all',
      rawHs256(secret, { exp: 'tomorrow' }),
    ];
    for (const token of tokens) {
      const r = await members(api, token);
      expectUnauthenticated(r, 'invalid', token);
      expect(r.body.detail).toBe('the bearer token is not valid (signature, algorithm or format)');
    }
    expect((await members(api, rawHs256(secret, { exp: nowS() + 3600 }))).status).toBe(200);
  });

  it('a valid token without a subject or a known role is 401 missing-claims; a known role not allowed here is 403', async () => {
    const token = hs256(secret, { sub: undefined, exp: nowS() + 3600 });
    expectUnauthenticated(await members(api, token), 'missing-claims', token);
    const r = await members(api, api.token('expert'));
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('iss and aud are not checked when JWT_ISSUER / JWT_AUDIENCE are unset', async () => {
    const token = hs256(secret, { iat: nowS(), exp: nowS() + 3600, iss: 'anyone', aud: 'anything' });
    expect((await members(api, token)).status).toBe(200);
  });
});

describe('bearer tokens with JWT_ISSUER, JWT_AUDIENCE, JWT_MAX_LIFETIME_S=600, JWT_CLOCK_TOLERANCE_S=5', () => {
  let api: ApiHarness;
  let secret: string;
  const claims = (over: Record<string, unknown> = {}) => ({
    iat: nowS(),
    exp: nowS() + 300,
    iss: 'https://idp.example',
    aud: 'opc-api',
    ...over,
  });

  beforeAll(async () => {
    api = await ApiHarness.start({
      JWT_ISSUER: 'https://idp.example',
      JWT_AUDIENCE: 'opc-api',
      JWT_MAX_LIFETIME_S: '600',
      JWT_CLOCK_TOLERANCE_S: '5',
    });
    secret = api.config.jwtSecret;
  });
  afterAll(async () => {
    await api.stop();
  });

  it('a token with the configured iss and aud (a string or a list containing it) is accepted', async () => {
    expect((await members(api, hs256(secret, claims()))).status).toBe(200);
    expect((await members(api, hs256(secret, claims({ aud: ['other', 'opc-api'] })))).status).toBe(200);
  });

  it('signToken given the config sets iss and aud', async () => {
    const token = signToken(api.config, { sub: 'cfg', roles: ['viewer'] }, 300);
    expect(jwt.decode(token)).toMatchObject({ iss: 'https://idp.example', aud: 'opc-api' });
    expect((await members(api, token)).status).toBe(200);
  });

  it('another issuer, or none, is 401 wrong-issuer', async () => {
    for (const token of [hs256(secret, claims({ iss: 'https://evil.example' })), hs256(secret, claims({ iss: undefined }))]) {
      const r = await members(api, token);
      expectUnauthenticated(r, 'wrong-issuer', token);
      expect(r.body.detail).toBe('the bearer token was issued by another issuer (iss)');
    }
  });

  it('another audience, or none, is 401 wrong-audience', async () => {
    for (const token of [hs256(secret, claims({ aud: 'billing-api' })), hs256(secret, claims({ aud: undefined }))]) {
      const r = await members(api, token);
      expectUnauthenticated(r, 'wrong-audience', token);
      expect(r.body.detail).toBe('the bearer token was issued for another audience (aud)');
    }
  });

  it('the configured maximum lifetime and tolerance apply', async () => {
    const iat = nowS();
    const long = hs256(secret, claims({ iat, exp: iat + 601 }));
    const r = await members(api, long);
    expectUnauthenticated(r, 'lifetime-too-long', long);
    expect(r.body.detail).toBe('the bearer token lives longer than the allowed 600 seconds');
    expect((await members(api, hs256(secret, claims({ iat, exp: iat + 600 })))).status).toBe(200);
    const expired = hs256(secret, claims({ iat: nowS() - 100, exp: nowS() - 10 }));
    expectUnauthenticated(await members(api, expired), 'expired', expired);
    const ahead = hs256(secret, claims({ iat: nowS() + 20 }));
    expectUnauthenticated(await members(api, ahead), 'issued-in-future', ahead);
  });
});

describe('token time is the real time, not the manual business clock', () => {
  it('with the manual clock set years ahead, a token valid now is accepted and an expired one refused', async () => {
    const api = await ApiHarness.start({ CLOCK_START: '2035-01-01T00:00:00Z' });
    try {
      expect((await members(api, api.token('viewer'))).status).toBe(200);
      const expired = hs256(api.config.jwtSecret, { iat: nowS() - 7200, exp: nowS() - 3600 });
      expectUnauthenticated(await members(api, expired), 'expired', expired);
    } finally {
      await api.stop();
    }
  });
});

describe('configuration of the token checks', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'opc-auth-config-'));
  const base = { DATA_DIR: dataDir, JWT_SECRET: 's', SUBJECT_KEY: 'k' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('defaults: 24 h lifetime, 30 s tolerance, HS256 (no JWKS), no iss/aud check', () => {
    expect(loadConfig(base)).toMatchObject({ jwtMaxLifetimeS: 86_400, jwtClockToleranceS: 30 });
    const config = loadConfig(base);
    expect([config.jwtJwksUrl, config.jwtIssuer, config.jwtAudience]).toEqual([undefined, undefined, undefined]);
  });

  it('a bad number or URL throws at start with a clear message', () => {
    expect(() => loadConfig({ ...base, JWT_MAX_LIFETIME_S: '1h' })).toThrow(/JWT_MAX_LIFETIME_S must be a non-negative integer/);
    expect(() => loadConfig({ ...base, JWT_MAX_LIFETIME_S: '0' })).toThrow(/JWT_MAX_LIFETIME_S must be a positive/);
    expect(() => loadConfig({ ...base, JWT_CLOCK_TOLERANCE_S: '-1' })).toThrow(/JWT_CLOCK_TOLERANCE_S/);
    expect(() => loadConfig({ ...base, JWT_CLOCK_TOLERANCE_S: '86400' })).toThrow(/JWT_CLOCK_TOLERANCE_S must be at most 300/);
    expect(() => loadConfig({ ...base, JWT_JWKS_URL: 'keys.json' })).toThrow(/JWT_JWKS_URL must be an absolute http\(s\) URL/);
    expect(() => loadConfig({ ...base, JWT_JWKS_URL: 'file:///etc/keys.json' })).toThrow(/JWT_JWKS_URL must be an http\(s\) URL/);
  });

  it('a JWKS over plain http to another host is accepted with a notice', () => {
    const config = loadConfig({ ...base, JWT_JWKS_URL: 'http://idp.internal/jwks.json' });
    expect(config.jwtJwksUrl).toBe('http://idp.internal/jwks.json');
    expect(config.notices.join('\n')).toContain('plain http');
  });
});

describe('bearer tokens verified against a JWKS (JWT_JWKS_URL)', () => {
  let api: ApiHarness;
  let jwksServer: Server;
  let rsaKey: KeyLike;
  let ecKey: KeyLike;
  let strangerKey: KeyLike;
  let jwksRequests = 0;
  const ISSUER = 'https://idp.example';

  const sign = (
    key: KeyLike,
    header: { alg: string; kid: string },
    over: { roles?: string[]; iat?: number; exp?: number | null; nbf?: number; iss?: string } = {},
  ): Promise<string> => {
    const builder = new SignJWT({ roles: over.roles ?? ['viewer'] })
      .setProtectedHeader(header)
      .setSubject('idp-user')
      .setIssuer(over.iss ?? ISSUER)
      .setIssuedAt(over.iat ?? nowS());
    if (over.exp !== null) builder.setExpirationTime(over.exp ?? nowS() + 600);
    if (over.nbf !== undefined) builder.setNotBefore(over.nbf);
    return builder.sign(key);
  };

  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    rsaKey = rsa.privateKey;
    ecKey = ec.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwks = JSON.stringify({
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      ],
    });
    jwksServer = createServer((req, res) => {
      jwksRequests++;
      if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;
    api = await ApiHarness.start({ JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`, JWT_ISSUER: ISSUER });
  });
  afterAll(async () => {
    await api.stop();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  it('a token signed by a key of the set (RS256 or ES256, chosen by kid) is accepted; the set is fetched once and cached', async () => {
    expect((await members(api, await sign(rsaKey, { alg: 'RS256', kid: 'rsa-1' }))).status).toBe(200);
    expect((await members(api, await sign(ecKey, { alg: 'ES256', kid: 'ec-1' }))).status).toBe(200);
    expect((await members(api, await sign(rsaKey, { alg: 'RS256', kid: 'rsa-1' }))).status).toBe(200);
    expect(jwksRequests).toBe(1);
  });

  it('an HS256 token (even one signed with JWT_SECRET) is refused: 401 invalid', async () => {
    const token = api.token('viewer');
    const r = await members(api, token);
    expectUnauthenticated(r, 'invalid', token);
    expect(r.body.detail).toBe('the bearer token is not valid (signature, algorithm or format)');
  });

  it('a token signed by another key, or naming an unknown kid, is refused: 401 invalid', async () => {
    for (const token of [
      await sign(strangerKey, { alg: 'RS256', kid: 'rsa-1' }),
      await sign(strangerKey, { alg: 'RS256', kid: 'unknown-kid' }),
      await sign(rsaKey, { alg: 'RS256', kid: 'ec-1' }),
    ])
      expectUnauthenticated(await members(api, token), 'invalid', token);
  });

  it('roles are still checked: a valid token with a role not allowed here is 403', async () => {
    const r = await members(api, await sign(rsaKey, { alg: 'RS256', kid: 'rsa-1' }, { roles: ['expert'] }));
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('the same claim checks apply: no exp, expired, not yet valid, too long, issued ahead, wrong issuer', async () => {
    const header = { alg: 'RS256', kid: 'rsa-1' };
    const cases: Array<[string, Promise<string>]> = [
      ['no-expiry', sign(rsaKey, header, { exp: null })],
      ['expired', sign(rsaKey, header, { iat: nowS() - 3600, exp: nowS() - 60 })],
      ['not-yet-valid', sign(rsaKey, header, { nbf: nowS() + 300 })],
      ['lifetime-too-long', sign(rsaKey, header, { exp: nowS() + 86_400 + 60 })],
      ['issued-in-future', sign(rsaKey, header, { iat: nowS() + 120 })],
      ['wrong-issuer', sign(rsaKey, header, { iss: 'https://evil.example' })],
    ];
    for (const [reason, pending] of cases) {
      const token = await pending;
      expectUnauthenticated(await members(api, token), reason, token);
    }
    expect((await members(api, await sign(rsaKey, header, { iat: nowS() - 3600, exp: nowS() - 10 }))).status).toBe(200);
  });
});

describe('JWKS that cannot be fetched', () => {
  it('is the server’s problem: 503, not a 401, and the token is not echoed', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const api = await ApiHarness.start({ JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
    try {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ roles: ['viewer'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k' })
        .setSubject('x')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      const r = await members(api, token);
      expect(r.status).toBe(503);
      expect(r.contentType).toContain('application/problem+json');
      expect(r.text).not.toContain(token);
    } finally {
      await api.stop();
    }
  });
});
