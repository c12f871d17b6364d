import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { ERROR_CODES, HTTP_STATUS_OF_CODE, type ErrorCode } from '@opc/kernel';
import type { Role } from '@opc/platform';
import { admitMember, ApiHarness, application } from '../support/api-harness';

/**
 * Zero 5xx on bad input. A seeded, bounded fuzz of every command endpoint: valid bodies mutated
 * (fields dropped, wrong types, huge strings, deep nesting, odd dates, odd encodings, prototype
 * keys, unknown fields, raw bytes). Every answer is below 500; every refusal is problem+json with
 * a code of the error table and its status, appends nothing, and never echoes a secret planted in
 * the request. FUZZ_RUNS and FUZZ_SEED change the run (the seed is printed on a failure).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
/** Planted in mutated requests; no answer may contain it (an identity number must never come back). */
const SECRET = '4401061990SECRET77';

interface Endpoint {
  name: string;
  path: (ids: Ids) => string;
  role: Role;
  body: () => Record<string, unknown> | null;
}
interface Ids {
  member: string;
  /** A rectification notice, a decision and an appeal on that member's record (or made-up ones). */
  notice: string;
  decision: string;
  appeal: string;
  /** A registered community and an evaluation of it with the expert `user-expert` on its panel (or made-up ones). */
  community: string;
  evaluation: string;
}

const ENDPOINTS: Endpoint[] = [
  { name: 'POST /members/applications', path: () => '/members/applications', role: 'recruiter', body: () => application() },
  {
    name: 'POST /members/{id}/initial-review',
    path: (i) => `/members/${i.member}/initial-review`,
    role: 'recruiter',
    body: () => ({ decision: 'pass', reason: 'materials complete' }),
  },
  {
    name: 'POST /members/{id}/project-evaluation',
    path: (i) => `/members/${i.member}/project-evaluation`,
    role: 'admin',
    body: () => ({ decision: 'approve', reason: 'fits' }),
  },
  {
    name: 'POST /members/{id}/agreement',
    path: (i) => `/members/${i.member}/agreement`,
    role: 'recruiter',
    body: () => ({ startDate: '2026-10-08', feeFen: 1_200_000, depositFen: 300_000 }),
  },
  {
    name: 'POST /members/{id}/payments',
    path: (i) => `/members/${i.member}/payments`,
    role: 'recruiter',
    body: () => ({ kind: 'fee', amountFen: 1_000, reference: 'BANK-1' }),
  },
  {
    name: 'POST /members/{id}/onboarding',
    path: (i) => `/members/${i.member}/onboarding`,
    role: 'recruiter',
    body: () => ({ workspace: 'A-301', briefingAcknowledged: true }),
  },
  {
    name: 'POST /members/{id}/evidence',
    path: (i) => `/members/${i.member}/evidence`,
    role: 'recruiter',
    body: () => ({ kind: 'business-plan', fileRef: 'files/plan.pdf', sha256: 'c'.repeat(64), note: 'v2' }),
  },
  {
    name: 'POST /members/{id}/renewals',
    path: (i) => `/members/${i.member}/renewals`,
    role: 'recruiter',
    body: () => ({ decision: 'approve', reason: 'good standing' }),
  },
  {
    name: 'POST /members/{id}/exit-notices',
    path: (i) => `/members/${i.member}/exit-notices`,
    role: 'recruiter',
    body: () => ({ exitDate: '2026-12-31', reason: 'moving' }),
  },
  {
    name: 'POST /members/{id}/forced-exit',
    path: (i) => `/members/${i.member}/forced-exit`,
    role: 'officer',
    body: () => ({ clause: 'M-EXIT-2', reason: 'warned, not rectified' }),
  },
  { name: 'POST /bans/lookup', path: () => '/bans/lookup', role: 'recruiter', body: () => ({ subject: '11010519491231002X' }) },
  { name: 'POST /admin/clock', path: () => '/admin/clock', role: 'admin', body: () => ({ now: '2026-09-29T09:00:00+08:00' }) },
  {
    name: 'POST /admin/rulesets/{name}',
    path: () => '/admin/rulesets/membership',
    role: 'admin',
    body: () => ({ document: { term: { renewalReminderDaysBefore: 30 } }, effectiveFrom: '2026-12-31' }),
  },
  {
    name: 'POST /admin/rulesets/{name}/{version}/objections',
    path: () => '/admin/rulesets/membership/2/objections',
    role: 'admin',
    body: () => ({ reason: 'members were not consulted' }),
  },
  {
    name: 'POST /members/{id}/violations',
    path: (i) => `/members/${i.member}/violations`,
    role: 'officer',
    body: () => ({ clause: 'M-PEN-2b', occurredAt: '2026-09-29T09:00:00+08:00', facts: 'rubbish in the corridor', evidence: [] }),
  },
  {
    name: 'POST /members/{id}/rectifications/{noticeId}',
    path: (i) => `/members/${i.member}/rectifications/${i.notice}`,
    role: 'officer',
    body: () => ({ rectified: true, note: 'sublet ended' }),
  },
  { name: 'POST /members/{id}/clear-out', path: (i) => `/members/${i.member}/clear-out`, role: 'officer', body: () => ({}) },
  {
    name: 'POST /members/{id}/appeals',
    path: (i) => `/members/${i.member}/appeals`,
    role: 'officer',
    body: () => ({ decisionEventId: '00000000-0000-7000-8000-000000000000', grounds: 'the warning was for another member' }),
  },
  {
    name: 'POST /appeals/{id}/decision',
    path: (i) => `/appeals/${i.appeal}/decision`,
    role: 'appeal-handler',
    body: () => ({ upheld: false, reason: 'the decision stands' }),
  },
  {
    name: 'POST /scoring/quarters/{quarter}/scores',
    path: () => '/scoring/quarters/2026Q3/scores',
    role: 'scorer',
    body: () => ({
      memberId: '00000000-0000-7000-8000-000000000000',
      attendance: { attended: 8, held: 10 },
      completion: { done: 4, planned: 5 },
      revenue: { actualFen: 800_000, targetFen: 1_000_000 },
      highestAward: 'municipal',
      contributions: 1,
      evidence: [{ dimension: 'attendance', fileRef: 'files/att.xlsx', sha256: 'd'.repeat(64) }],
    }),
  },
  {
    name: 'POST /scoring/quarters/{quarter}/publicity',
    path: () => '/scoring/quarters/2026Q3/publicity',
    role: 'scorer',
    body: () => null,
  },
  {
    name: 'POST /scoring/quarters/{quarter}/close',
    path: () => '/scoring/quarters/2026Q3/close',
    role: 'scorer',
    body: () => null,
  },
  {
    name: 'POST /members/{id}/volunteer-services',
    path: (i) => `/members/${i.member}/volunteer-services`,
    role: 'officer',
    body: () => ({ date: '2026-09-29', activity: 'mentoring' }),
  },
  {
    name: 'POST /members/{id}/rewards',
    path: (i) => `/members/${i.member}/rewards`,
    role: 'officer',
    body: () => ({ clause: 'M-REW-3', option: 'cash', amountFen: 20_000, evidence: [] }),
  },
  {
    name: 'POST /rewards/{id}/delivery',
    path: (i) => `/rewards/${i.appeal}/delivery`,
    role: 'officer',
    body: () => ({ reference: 'R-1' }),
  },
  {
    name: 'POST /members/{id}/requests',
    path: (i) => `/members/${i.member}/requests`,
    role: 'officer',
    body: () => ({ kind: 'complaint', subject: 'Noise', text: 'Loud calls in zone A.' }),
  },
  {
    name: 'POST /requests/{id}/response',
    path: (i) => `/requests/${i.appeal}/response`,
    role: 'officer',
    body: () => ({ text: 'We are on it.' }),
  },
  {
    name: 'POST /requests/{id}/resolution',
    path: (i) => `/requests/${i.appeal}/resolution`,
    role: 'officer',
    body: () => ({ text: 'Solved.' }),
  },
  {
    name: 'POST /admin/projections/{name}/rebuild',
    path: () => '/admin/projections/members/rebuild',
    role: 'admin',
    body: () => null,
  },
  {
    name: 'POST /communities',
    path: () => '/communities',
    role: 'admin',
    body: () => ({
      name: 'Liangjiang OPC Hub',
      operator: 'Liangjiang Park Co.',
      areaM2: 3200,
      basicConditions: { legalPerson: true, safetyManagementSystem: true, networkFacilities: true },
    }),
  },
  {
    name: 'POST /communities/{id}/area',
    path: (i) => `/communities/${i.community}/area`,
    role: 'admin',
    body: () => ({ areaM2: 3400, reason: 'second floor opened' }),
  },
  {
    name: 'POST /communities/{id}/basic-conditions',
    path: (i) => `/communities/${i.community}/basic-conditions`,
    role: 'admin',
    body: () => ({ basicConditions: { networkFacilities: true }, reason: 'fibre installed' }),
  },
  {
    name: 'POST /communities/{id}/evaluations',
    path: (i) => `/communities/${i.community}/evaluations`,
    role: 'admin',
    body: () => ({}),
  },
  {
    name: 'POST /evaluations/{id}/evidence',
    path: (i) => `/evaluations/${i.evaluation}/evidence`,
    role: 'admin',
    body: () => ({ indicator: 'order-conversion-amount', fileRef: 'files/orders.pdf', sha256: 'd'.repeat(64), note: '2026' }),
  },
  {
    name: 'POST /evaluations/{id}/experts',
    path: (i) => `/evaluations/${i.evaluation}/experts`,
    role: 'admin',
    body: () => ({ expertId: 'user-expert' }),
  },
  {
    name: 'POST /evaluations/{id}/experts/{expertId}/declaration',
    path: (i) => `/evaluations/${i.evaluation}/experts/user-expert/declaration`,
    role: 'expert',
    body: () => ({ noConflictOfInterest: true, note: 'no ties to the operator' }),
  },
  {
    name: 'POST /evaluations/{id}/expert-scores',
    path: (i) => `/evaluations/${i.evaluation}/expert-scores`,
    role: 'expert',
    body: () => ({
      expertId: 'user-expert',
      scores: { 'compute-subsidies': 4.5, 'order-conversion-amount': 3 },
      bonus: { 'bonus-1': 2 },
      vetoes: [],
    }),
  },
  {
    name: 'POST /evaluations/{id}/publicity',
    path: (i) => `/evaluations/${i.evaluation}/publicity`,
    role: 'admin',
    body: () => ({}),
  },
  {
    name: 'POST /evaluations/{id}/publication',
    path: (i) => `/evaluations/${i.evaluation}/publication`,
    role: 'admin',
    body: () => ({}),
  },
  {
    name: 'POST /evaluations/{id}/revocation',
    path: (i) => `/evaluations/${i.evaluation}/revocation`,
    role: 'admin',
    body: () => ({ reason: 'forged contracts' }),
  },
];

const ODD_DATES = [
  '20270105',
  '2027-W01-1',
  '2027-001',
  '9999-12-31',
  '0001-01-01',
  '2027-02-30',
  '2027-01-05T25:00:00Z',
  '2027-01-05T10:00:00',
  '2027-01-05T10:00:00+25:00',
  '-002027-01-05',
  '+275760-09-13T00:00:00Z',
  '1970-01-01T00:00:00Z',
  ' 2027-01-05 ',
  '',
];
const ODD_VALUES = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  'x'.repeat(100_000),
  '\u0000',
  '😀'.repeat(1000),
  [],
  {},
  [1, 2, 3],
  { $gt: '' },
  SECRET,
  ...ODD_DATES,
];

/** One change to a valid request; several may be applied in a row. */
type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'nest'; at: number; depth: number }
  | { kind: 'proto'; key: '__proto__' | 'constructor' | 'prototype'; at: number }
  | { kind: 'replace-body'; value: unknown };

/** Changes to how the bytes travel. */
type Transport =
  | { kind: 'json' }
  | { kind: 'truncate'; at: number }
  | { kind: 'content-type'; value: string }
  | { kind: 'encoding'; value: string; garble: boolean }
  | { kind: 'garbage'; bytes: Uint8Array }
  | { kind: 'deep-raw'; depth: number };

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...ODD_VALUES),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 50 }),
  fc.integer(),
  fc.double(),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value }),
  fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom('nickname', SECRET, 'x-y', 'occurredAt'), value }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    kind: fc.constant('proto' as const),
    key: fc.constantFrom('__proto__' as const, 'constructor' as const, 'prototype' as const),
    at: fc.nat(),
  }),
  fc.record({ kind: fc.constant('replace-body' as const), value: fc.constantFrom([], 'text', 42, null, [SECRET], SECRET) }),
);
const transport: fc.Arbitrary<Transport> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'json' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('content-type' as const),
      value: fc.constantFrom(
        'text/plain',
        'application/json; charset=klingon',
        'application/json; charset=utf-16le',
        'application/json; charset=latin1',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/merge-patch+json',
        '',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('encoding' as const),
      value: fc.constantFrom('gzip', 'br', 'deflate', 'x-bogus', 'gzip, br', 'identity'),
      garble: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), bytes: fc.uint8Array({ maxLength: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deep-raw' as const), depth: fc.integer({ min: 30, max: 30_000 }) }) },
);

const keysOf = (body: Record<string, unknown>) => Object.keys(body);
const pick = <T>(list: T[], at: number): T | undefined => (list.length === 0 ? undefined : list[at % list.length]);

function mutate(body: unknown, m: Mutation): unknown {
  if (m.kind === 'replace-body') return m.value;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const key = pick(keysOf(copy), 'at' in m ? m.at : 0);
  switch (m.kind) {
    case 'drop':
      if (key) delete copy[key];
      return copy;
    case 'set':
      if (key) copy[key] = m.value;
      return copy;
    case 'add':
      copy[m.key] = m.value;
      return copy;
    case 'nest': {
      if (!key) return copy;
      let v: unknown = copy[key];
      for (let i = 0; i < m.depth; i++) v = i % 2 ? [v] : { v };
      copy[key] = v;
      return copy;
    }
    case 'proto': {
      // JSON.parse makes "__proto__" an own key, which is what a client sends.
      const text = JSON.stringify(copy);
      return { raw: text.replace(/^\{/, `{"${m.key}":{"polluted":"${SECRET}"},`) };
    }
  }
}

function encode(body: unknown, t: Transport): { raw: string | Uint8Array; headers: Record<string, string> } | null {
  const text =
    body && typeof body === 'object' && 'raw' in (body as object) ? String((body as { raw: string }).raw) : JSON.stringify(body);
  const json = { 'content-type': 'application/json' };
  switch (t.kind) {
    case 'json':
      return body === null ? null : { raw: text, headers: json };
    case 'truncate':
      return { raw: text.slice(0, t.at % Math.max(1, text.length)), headers: json };
    case 'content-type':
      return { raw: text, headers: t.value ? { 'content-type': t.value } : {} };
    case 'encoding': {
      const bytes = t.garble ? Buffer.from(`garbled ${SECRET}`) : t.value === 'gzip' ? gzipSync(text) : Buffer.from(text);
      return { raw: bytes, headers: { ...json, 'content-encoding': t.value } };
    }
    case 'garbage':
      return { raw: t.bytes, headers: json };
    case 'deep-raw':
      return { raw: `{"a":${'['.repeat(t.depth)}"${SECRET}"${']'.repeat(t.depth)}}`, headers: json };
  }
}

describe('fuzz: no 5xx on bad input, at any command endpoint', () => {
  let api: ApiHarness;
  const ids: Ids[] = [];

  beforeAll(async () => {
    // No rate limit: this is thousands of requests from one client in a few seconds.
    api = await ApiHarness.start({ RATE_LIMIT_PER_SECOND: '0', AUTH_FAILURES_PER_MINUTE: '0', BAN_LOOKUPS_PER_MINUTE: '0' });
    // Members in several states, so mutated commands meet every kind of status.
    const none = {
      notice: 'no-such-notice',
      decision: '00000000-0000-7000-8000-000000000000',
      appeal: 'no-such-appeal',
      community: 'no-such-community',
      evaluation: 'no-such-evaluation',
    };
    const applied = await api.post('/members/applications', application(), 'recruiter');
    ids.push({ member: applied.body.id, ...none });
    // A member with a sublet case: an open notice, a penalty and an appeal against it.
    const withCase = (await admitMember(api)).id;
    const sublet = await api.post(
      `/members/${withCase}/violations`,
      { clause: 'M-PEN-1c', occurredAt: '2026-09-29T09:00:00+08:00', facts: 'sublet', evidence: [] },
      'officer',
    );
    const decision = sublet.body.penalties[0].eventId;
    const appeal = await api.post(
      `/members/${withCase}/appeals`,
      { decisionEventId: decision, grounds: 'not sublet' },
      'officer',
    );
    // A community with an evaluation whose panel seats the fuzzing expert (token sub `user-expert`).
    const community = await api.post('/communities', ENDPOINTS.find((e) => e.name === 'POST /communities')!.body(), 'admin');
    const evaluation = await api.post(`/communities/${community.body.id}/evaluations`, {}, 'admin');
    await api.post(`/evaluations/${evaluation.body.id}/experts`, { expertId: 'user-expert' }, 'admin');
    ids.push({
      member: withCase,
      notice: sublet.body.notice.noticeId,
      decision,
      appeal: appeal.body.id,
      community: community.body.id,
      evaluation: evaluation.body.id,
    });
    ids.push({ member: (await admitMember(api)).id, ...none });
    ids.push(
      { member: 'not-a-member', ...none },
      { member: '00000000-0000-7000-8000-000000000000', ...none },
      { member: 'x'.repeat(300), ...none },
    );
  });
  afterAll(async () => {
    await api.stop();
  });

  it('covers every POST of the API (a new command endpoint must be added here)', async () => {
    const doc = (await api.request('GET', '/docs-json', { token: null })).body;
    const posts = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([, ops]) => 'post' in ops)
      .map(([path]) => `POST ${path}`);
    expect(ENDPOINTS.map((e) => e.name).sort()).toEqual(posts.sort());
  });

  it('mutated requests: never a 5xx; refusals are problem+json with a known code, append nothing, echo no secret', async () => {
    const codes = new Set<string>(ERROR_CODES);
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        fc.nat(),
        fc.array(mutation, { minLength: 0, maxLength: 3 }),
        transport,
        fc.boolean(),
        async (endpoint, who, mutations, how, withKey) => {
          const body = mutations.reduce(mutate, endpoint.body() as unknown);
          const sent = encode(body, how);
          const headers = { ...(sent?.headers ?? {}), ...(withKey ? { 'idempotency-key': `fuzz-${who % 5}` } : {}) };
          const before = await api.head();
          const r = await api.request('POST', endpoint.path(ids[who % ids.length]), {
            role: endpoint.role,
            ...(sent ? { rawBody: sent.raw } : {}),
            headers,
          });
          const key = `${r.status} ${r.body?.code ?? ''}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
          expect(r.status).toBeLessThan(500);
          expect(r.text).not.toContain(SECRET);
          if (r.status >= 400) {
            expect(r.contentType).toContain('application/problem+json');
            expect(codes.has(r.body.code)).toBe(true);
            expect(HTTP_STATUS_OF_CODE[r.body.code as ErrorCode]).toBe(r.status);
            expect(typeof r.body.detail).toBe('string');
            expect(await api.head()).toBe(before);
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // The fuzz reached past validation too: some mutated requests were decided by the domain.
    const statuses = [...seen.keys()].join(' | ');
    expect(statuses).toMatch(/400 VALIDATION_FAILED/);
    expect(statuses).toMatch(/415 UNSUPPORTED_MEDIA_TYPE/);
    expect(statuses).toMatch(/(409|422) [A-Z_]+/);
    expect(statuses).toMatch(/20[01] /);
  }, 120_000);
});
