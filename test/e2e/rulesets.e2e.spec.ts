import type { VersionedRules } from '@opc/kernel';
import { RuleSets } from '@opc/platform';
import { ApiHarness } from '../support/api-harness';

/** The part of the membership rules these tests read (the whole type is the membership context's). */
interface MembershipTerm extends VersionedRules {
  term: { months: number; renewalReminderDaysBefore: number; exitBufferDays: number };
  exit: { voluntaryNoticeDays: number };
}

/**
 * M-RULE-1 over HTTP: a rule revision is published, stays public for 3 working days, and takes
 * effect on its effectiveFrom unless an objection withdraws it first. Decisions then use the
 * version in force on their business date (RuleSets.history).
 */
describe('rule sets over HTTP: publication, publicity, objection (M-RULE-1)', () => {
  let api: ApiHarness;
  const membership = async () => (await api.get('/admin/rulesets/membership')).body;
  const statuses = async () =>
    (await membership()).versions.map((v: { version: number; status: string }) => [v.version, v.status]);

  beforeAll(async () => {
    api = await ApiHarness.start(); // the manual clock starts on Tuesday 2026-09-29, 09:00 Shanghai time
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-RULE-1: with no publication, version 1 (shipped, effective 2026-04-01) is in force', async () => {
    const r = await api.get('/admin/rulesets');
    expect(r.status).toBe(200);
    const item = r.body.items.find((i: { name: string }) => i.name === 'membership');
    expect(item).toMatchObject({
      name: 'membership',
      streamId: 'ruleset-membership',
      inForce: 1,
      versions: [
        {
          version: 1,
          effectiveFrom: '2026-04-01',
          publishedAt: null,
          publicityEndsDate: null,
          status: 'in-force',
          objection: null,
          document: { id: 'membership', version: 1, term: { renewalReminderDaysBefore: 30 } },
        },
      ],
    });
  });

  it('M-RULE-1: version 2 published effective 3 working days later is scheduled, then in force; history answers by business date', async () => {
    // 3 working days after Tuesday 2026-09-29: the 30th, then (National Day, 1–7 October) the 8th and the 9th.
    const before = await api.head();
    const r = await api.post('/admin/rulesets/membership', {
      document: { term: { renewalReminderDaysBefore: 45 } },
      effectiveFrom: '2026-10-09',
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: 'membership:2',
      streamId: 'ruleset-membership',
      revision: 0,
      position: before + 1,
      version: 2,
      effectiveFrom: '2026-10-09',
    });

    const listed = await membership();
    expect(listed.inForce).toBe(1);
    expect(listed.versions[1]).toMatchObject({
      version: 2,
      effectiveFrom: '2026-10-09',
      publishedAt: '2026-09-29T01:00:00.000Z',
      publicityEndsDate: '2026-10-08',
      status: 'scheduled',
      objection: null,
      // The partial document merged onto version 1: the nested object reached the decider whole.
      document: {
        id: 'membership',
        version: 2,
        effectiveFrom: '2026-10-09',
        term: { months: 12, renewalReminderDaysBefore: 45, exitBufferDays: 7 },
      },
    });
    expect(await statuses()).toEqual([
      [1, 'in-force'],
      [2, 'scheduled'],
    ]);

    const history = await api.service(RuleSets).history<MembershipTerm>('membership');
    expect(history.inForceOn('2026-10-01').version).toBe(1);
    expect(history.inForceOn('2026-10-08').version).toBe(1);
    expect(history.inForceOn('2026-10-09')).toMatchObject({ version: 2, term: { renewalReminderDaysBefore: 45 } });
    expect(history.inForceOn('2027-03-01').version).toBe(2);
    expect(history.version(2)?.term.months).toBe(12);

    await api.setClock('2026-10-09T09:00:00+08:00');
    expect((await membership()).inForce).toBe(2);
    expect(await statuses()).toEqual([
      [1, 'superseded'],
      [2, 'in-force'],
    ]);
  });

  it('M-RULE-1: refusals append nothing: too early, malformed document, wrong role, unknown rule set', async () => {
    const before = await api.head();
    // From Friday 2026-10-09: Saturday the 10th (an adjusted working day), Monday 12th, Tuesday 13th.
    const early = await api.post('/admin/rulesets/membership', {
      document: { exit: { voluntaryNoticeDays: 20 } },
      effectiveFrom: '2026-10-12',
    });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'OUT_OF_RANGE', field: 'effectiveFrom', min: '2026-10-13' });

    const malformed = await api.post('/admin/rulesets/membership', {
      document: {
        term: { renewalReminderDaysBefore: 'SECRET-SOON', nope: 1 },
        admission: { initialReviewWorkingDays: 7.5 },
        bogus: { a: 1 },
      },
      effectiveFrom: '2026-12-31',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.contentType).toContain('application/problem+json');
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    expect(malformed.body.errors).toEqual(
      expect.arrayContaining([
        'document.term.renewalReminderDaysBefore: must be an integer',
        'document.term.nope: unknown key',
        'document.admission.initialReviewWorkingDays: must be an integer',
        'document.bogus: unknown key',
      ]),
    );
    expect(malformed.text).not.toContain('SECRET');

    const system = await api.post('/admin/rulesets/membership', { document: { version: 7 }, effectiveFrom: '2026-12-31' });
    expect(system.status).toBe(400);
    expect(system.body.errors).toEqual(['document.version: set by the system, not the caller']);

    for (const document of [[1, 2], 'text', null, undefined]) {
      const r = await api.post('/admin/rulesets/membership', { document, effectiveFrom: '2026-12-31' });
      expect({ document, status: r.status, code: r.body.code }).toEqual({ document, status: 400, code: 'VALIDATION_FAILED' });
    }
    const badDate = await api.post('/admin/rulesets/membership', { document: {}, effectiveFrom: '2026-02-30' });
    expect(badDate.status).toBe(400);

    const valid = { document: { exit: { voluntaryNoticeDays: 20 } }, effectiveFrom: '2026-12-31' };
    for (const role of ['recruiter', 'officer', 'viewer'] as const) {
      expect((await api.post('/admin/rulesets/membership', valid, role)).status).toBe(403);
      expect((await api.post('/admin/rulesets/membership/2/objections', { reason: 'no' }, role)).status).toBe(403);
      expect((await api.get('/admin/rulesets', role)).status).toBe(403);
      expect((await api.get('/admin/rulesets/membership', role)).status).toBe(403);
    }
    const unknown = await api.post('/admin/rulesets/nonesuch', valid);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    expect((await api.get('/admin/rulesets/nonesuch')).status).toBe(404);
    expect(await api.head()).toBe(before);
  });

  it('the body validation keeps `document` whole: nested objects reach the decider (the pipe whitelists only declared DTO classes)', async () => {
    const before = await api.head();
    // Stripped to {}, this would publish a copy of the latest version; whole, its unknown key is refused.
    const r = await api.post('/admin/rulesets/membership', {
      document: { term: { nope: { deeper: 1 } } },
      effectiveFrom: '2026-12-31',
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(['document.term.nope: unknown key']);
    expect(await api.head()).toBe(before);
  });

  it('M-RULE-1: an objection during publicity withdraws version 3; the next version is merged onto version 2', async () => {
    const published = await api.post('/admin/rulesets/membership', {
      document: { exit: { voluntaryNoticeDays: 20 } },
      effectiveFrom: '2026-10-20',
    });
    expect(published.body).toMatchObject({ id: 'membership:3', version: 3 });
    const objected = await api.post('/admin/rulesets/membership/3/objections', { reason: 'members were not consulted' });
    expect(objected.status).toBe(200);
    expect(objected.body).toEqual({
      id: 'membership:3',
      streamId: 'ruleset-membership',
      revision: 2,
      position: published.body.position + 1,
    });
    expect((await membership()).versions[2]).toMatchObject({
      version: 3,
      status: 'withdrawn',
      objection: { reason: 'members were not consulted', withdrawnDate: '2026-10-09' },
    });
    const history = await api.service(RuleSets).history<MembershipTerm>('membership');
    expect(history.version(3)).toBeUndefined();
    expect(history.inForceOn('2026-10-20').version).toBe(2);

    const next = await api.post('/admin/rulesets/membership', {
      document: { term: { exitBufferDays: 10 } },
      effectiveFrom: '2026-10-20',
    });
    expect(next.body).toMatchObject({ id: 'membership:4', version: 4 });
    const v4 = (await api.service(RuleSets).history<MembershipTerm>('membership')).version(4)!;
    expect(v4.exit.voluntaryNoticeDays).toBe(15);
    expect(v4.term).toEqual({ months: 12, renewalReminderDaysBefore: 45, exitBufferDays: 10 });
  });

  it('M-RULE-1: objections refused append nothing: withdrawn twice, after taking effect, the shipped version, unknown', async () => {
    const before = await api.head();
    const again = await api.post('/admin/rulesets/membership/3/objections', { reason: 'again' });
    expect([again.status, again.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const inForce = await api.post('/admin/rulesets/membership/2/objections', { reason: 'too late' });
    expect([inForce.status, inForce.body.code]).toEqual([422, 'DEADLINE_PASSED']);
    const shipped = await api.post('/admin/rulesets/membership/1/objections', { reason: 'the original' });
    expect([shipped.status, shipped.body.code]).toEqual([422, 'DEADLINE_PASSED']);
    const unknown = await api.post('/admin/rulesets/membership/99/objections', { reason: 'which one?' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    const noName = await api.post('/admin/rulesets/nonesuch/2/objections', { reason: 'which one?' });
    expect([noName.status, noName.body.code]).toEqual([404, 'NOT_FOUND']);
    for (const version of ['0', 'abc', '1.5', '-2'])
      expect((await api.post(`/admin/rulesets/membership/${version}/objections`, { reason: 'x' })).status).toBe(400);
    expect((await api.post('/admin/rulesets/membership/4/objections', {})).status).toBe(400);
    expect(await api.head()).toBe(before);
  });

  it('M-RULE-1: a repeated publication with the same Idempotency-Key answers the first reply and records nothing', async () => {
    const body = { document: { term: { exitBufferDays: 9 } }, effectiveFrom: '2026-12-31' };
    const first = await api.post('/admin/rulesets/membership', body, 'admin', { 'idempotency-key': 'publish-dec' });
    expect(first.status).toBe(201);
    const head = await api.head();
    const again = await api.post('/admin/rulesets/membership', body, 'admin', { 'idempotency-key': 'publish-dec' });
    expect(again.body).toEqual(first.body);
    expect(await api.head()).toBe(head);
    const other = await api.post('/admin/rulesets/membership', { ...body, effectiveFrom: '2027-01-04' }, 'admin', {
      'idempotency-key': 'publish-dec',
    });
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('the OpenAPI document lists the rule sets as the values of {name}', async () => {
    const doc = (await api.request('GET', '/docs-json', { token: null })).body;
    const name = (path: string, method: string) =>
      doc.paths[path][method].parameters.find((p: { name: string }) => p.name === 'name').schema.enum;
    expect(name('/admin/rulesets/{name}', 'post')).toEqual(expect.arrayContaining(['membership', 'scoring']));
    expect(name('/admin/rulesets/{name}/{version}/objections', 'post')).toEqual(
      expect.arrayContaining(['membership', 'scoring']),
    );
    expect(name('/admin/projections/{name}/rebuild', 'post')).toEqual(expect.arrayContaining(['members']));
  });
});
