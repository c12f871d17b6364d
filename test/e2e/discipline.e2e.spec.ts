import { admitMember, ApiHarness, application, newSubject, type Reply } from '../support/api-harness';

/**
 * The disciplinary record through the real HTTP app on the manual clock (M-PEN-1..10, M-EXIT-2,
 * M-TERM-3/4): violations decided by tier, rectification notices, fines and their payment,
 * suspensions, the scheduler's fee and late-exit tiers, and what reaches the membership.
 */
const ok = (r: Reply, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
};

const violation = (clause: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
  clause,
  occurredAt,
  facts: `${clause} observed`,
  evidence: [{ kind: 'photo', fileRef: `files/${clause}.jpg`, sha256: 'c'.repeat(64) }],
  ...extra,
});

describe('discipline over HTTP: tiers, notices, fines, suspensions', () => {
  let api: ApiHarness;
  let id: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    id = (await admitMember(api)).id;
    await api.setClock('2026-10-12T10:00:00+08:00');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-PEN-2b: pollution through three tiers — a warning, then ¥50, then ¥100 each time (M-PEN-9 records clause, repeat and amount)', async () => {
    const first = ok(
      await api.post(`/members/${id}/violations`, violation('M-PEN-2b', '2026-10-12T09:00:00+08:00'), 'officer'),
      '1st',
    );
    expect(first).toMatchObject({ clause: 'M-PEN-2b', repeatCount: 1, notice: null });
    expect(first.penalties).toMatchObject([{ tier: 'first', warning: true, fine: null, publicityEndsDate: '2026-10-15' }]);
    const second = ok(
      await api.post(`/members/${id}/violations`, violation('M-PEN-2b', '2026-10-12T09:30:00+08:00'), 'officer'),
      '2nd',
    );
    expect(second.penalties).toMatchObject([{ tier: 'second', repeatCount: 2, warning: false, fine: { amountFen: 5_000 } }]);
    const third = ok(
      await api.post(`/members/${id}/violations`, violation('M-PEN-2b', '2026-10-12T09:45:00+08:00'), 'officer'),
      '3rd',
    );
    expect(third.penalties).toMatchObject([{ tier: 'third and more', repeatCount: 3, fine: { amountFen: 10_000 } }]);
    const member = (await api.get(`/members/${id}?minPosition=${third.position}`)).body;
    expect(member).toMatchObject({
      warnings: 1,
      fines: { count: 2, issuedFen: 15_000, paidFen: 0, outstandingFen: 15_000 },
      openCases: 2,
      violations: 3,
    });
    // Each decision is stamped with the rule-set version it was decided under.
    const history = (await api.get(`/members/${id}/history`)).body.events;
    const penalties = history.filter((e: { type: string }) => e.type === 'PenaltyImposed.v1');
    expect(penalties.map((e: any) => [e.data.tier, e.metadata.ruleSet])).toEqual([
      ['first', { id: 'membership', version: 1 }],
      ['second', { id: 'membership', version: 1 }],
      ['third and more', { id: 'membership', version: 1 }],
    ]);
  });

  it('M-PEN-9: a fine is paid in part or in full with POST /payments kind fine; more than owed is OUT_OF_RANGE', async () => {
    const fineId = (await api.get(`/members/${id}/archive`)).body.discipline.fines[0].fineId;
    const head = await api.head();
    const over = await api.post(
      `/members/${id}/payments`,
      { kind: 'fine', fineId, amountFen: 5_001, reference: 'F-0' },
      'recruiter',
    );
    expect(over.body).toMatchObject({ code: 'OUT_OF_RANGE', max: 5_000 });
    expect(await api.head()).toBe(head);
    const noFine = await api.post(`/members/${id}/payments`, { kind: 'fine', amountFen: 100, reference: 'F-0' }, 'recruiter');
    expect(noFine.body.code).toBe('VALIDATION_FAILED');
    const unknown = await api.post(
      `/members/${id}/payments`,
      { kind: 'fine', fineId: 'nope', amountFen: 100, reference: 'F-0' },
      'recruiter',
    );
    expect(unknown.body.code).toBe('NOT_FOUND');
    ok(
      await api.post(`/members/${id}/payments`, { kind: 'fine', fineId, amountFen: 2_000, reference: 'F-1' }, 'recruiter'),
      'part',
    );
    const paid = ok(
      await api.post(`/members/${id}/payments`, { kind: 'fine', fineId, amountFen: 3_000, reference: 'F-2' }, 'recruiter'),
      'rest',
    );
    const member = (await api.get(`/members/${id}?minPosition=${paid.position}`)).body;
    expect(member.fines).toEqual({ count: 2, issuedFen: 15_000, paidFen: 5_000, outstandingFen: 10_000 });
    expect(member.openCases).toBe(1);
  });

  it('M-PEN-10: a notice shows overdue in /deadlines until a person inspects it; the scheduler does not penalise on its own', async () => {
    // M-PEN-3c damage to public resources: compensation + warning + rectification; not rectified → suspension 1 week.
    const decided = ok(
      await api.post(
        `/members/${id}/violations`,
        violation('M-PEN-3c', '2026-10-12T09:50:00+08:00', { damageFen: 12_000 }),
        'officer',
      ),
      '3c',
    );
    expect(decided.penalties).toMatchObject([{ warning: true, compensationFen: 12_000 }]);
    expect(decided.notice).toMatchObject({ dueDate: '2026-10-19' });
    await api.setClock('2026-10-20T09:00:00+08:00');
    const overdue = (await api.get('/deadlines?overdue=true&kind=rectification')).body.items;
    expect(overdue).toMatchObject([
      { kind: 'rectification', rule: 'M-PEN-10', memberId: id, dueDate: '2026-10-19', overdue: true },
    ]);
    expect((await api.get(`/members/${id}`)).body.suspensions.active).toBe(false);
    const inspected = ok(
      await api.post(
        `/members/${id}/rectifications/${decided.notice.noticeId}`,
        { rectified: false, note: 'still broken' },
        'officer',
      ),
      'inspection',
    );
    expect(inspected.inspection).toEqual({ noticeId: decided.notice.noticeId, rectified: false, late: true });
    expect(inspected.penalties).toMatchObject([
      { suspension: { resource: 'public-resources', fromDate: '2026-10-20', untilDate: '2026-10-27', untilPaid: false } },
    ]);
    expect((await api.get(`/deadlines?kind=rectification&minPosition=${inspected.position}`)).body.items).toEqual([]);
    const member = (await api.get(`/members/${id}?minPosition=${inspected.position}`)).body;
    expect(member.suspensions).toMatchObject({ active: true, items: [{ resource: 'public-resources', until: '2026-10-27' }] });
    const again = await api.post(
      `/members/${id}/rectifications/${decided.notice.noticeId}`,
      { rectified: true, note: 'x' },
      'officer',
    );
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');
    // The scheduler ends the suspension on its last day's morrow.
    await api.setClock('2026-10-27T08:00:00+08:00');
    expect((await api.get(`/members/${id}`)).body.suspensions.active).toBe(false);
  });

  it('M-PEN-1..10: two concurrent violations of one kind are tiers 1 and 2, never 1 and 1', async () => {
    const other = (await admitMember(api, { startDate: '2026-11-02' })).id;
    const [a, b] = await Promise.all([
      api.post(`/members/${other}/violations`, violation('M-PEN-5b', '2026-10-27T08:00:00+08:00'), 'officer'),
      api.post(`/members/${other}/violations`, violation('M-PEN-5b', '2026-10-27T08:00:00+08:00'), 'officer'),
    ]);
    expect([a.body.repeatCount, b.body.repeatCount].sort()).toEqual([1, 2]);
    const tiers = [a.body, b.body].sort((x, y) => x.repeatCount - y.repeatCount).map((x) => x.penalties[0].tier);
    expect(tiers).toEqual(['first', 'second']);
  });

  it('a conduct found late is recorded with its true date, before later ones on record — but never before the member applied', async () => {
    const late = await api.post(`/members/${id}/violations`, violation('M-PEN-5c', '2026-10-01T10:00:00+08:00'), 'officer');
    expect(late.status).toBe(201);
    const history = (await api.get(`/members/${id}/history?minPosition=${late.body.position}`)).body.events;
    expect(history.at(-1).metadata.occurredAt).toBe('2026-10-01T02:00:00.000Z');
    const head = await api.head();
    const beforeApplying = await api.post(
      `/members/${id}/violations`,
      violation('M-PEN-5c', '2026-09-28T10:00:00+08:00'),
      'officer',
    );
    expect(beforeApplying.body).toMatchObject({ code: 'OUT_OF_RANGE', field: 'occurredAt' });
    expect(await api.head()).toBe(head);
  });

  it('bad input is refused as problem+json and records nothing: unknown clause, amount outside the range, scheduled clause, wrong role, no member', async () => {
    const head = await api.head();
    const cases: [string, Reply, number, string][] = [
      [
        'unknown clause',
        await api.post(`/members/${id}/violations`, violation('M-PEN-9z', '2026-10-27T07:00:00+08:00'), 'officer'),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'malformed clause',
        await api.post(`/members/${id}/violations`, violation('sublet', '2026-10-27T07:00:00+08:00'), 'officer'),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'range: one fen below ¥100–300 (M-PEN-4c)',
        await api.post(
          `/members/${id}/violations`,
          violation('M-PEN-4c', '2026-10-27T07:00:00+08:00', { amountFen: 9_999 }),
          'officer',
        ),
        422,
        'OUT_OF_RANGE',
      ],
      [
        'range: one fen above',
        await api.post(
          `/members/${id}/violations`,
          violation('M-PEN-4c', '2026-10-27T07:00:00+08:00', { amountFen: 20_001 }),
          'officer',
        ),
        422,
        'OUT_OF_RANGE',
      ],
      [
        'a range without an amount',
        await api.post(`/members/${id}/violations`, violation('M-PEN-4c', '2026-10-27T07:00:00+08:00'), 'officer'),
        422,
        'CONDITIONS_NOT_MET',
      ],
      [
        'scheduled clause',
        await api.post(`/members/${id}/violations`, violation('M-PEN-7', '2026-10-27T07:00:00+08:00'), 'officer'),
        422,
        'CONDITIONS_NOT_MET',
      ],
      [
        'no occurredAt',
        await api.post(`/members/${id}/violations`, { clause: 'M-PEN-2b', facts: 'x', evidence: [] }, 'officer'),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'a recruiter',
        await api.post(`/members/${id}/violations`, violation('M-PEN-2b', '2026-10-27T07:00:00+08:00'), 'recruiter'),
        403,
        'FORBIDDEN',
      ],
      [
        'a member',
        await api.request('POST', `/members/${id}/violations`, {
          token: api.token('member', { memberId: id }),
          body: violation('M-PEN-2b', '2026-10-27T07:00:00+08:00'),
        }),
        403,
        'FORBIDDEN',
      ],
      [
        'no such member',
        await api.post('/members/nobody/violations', violation('M-PEN-2b', '2026-10-27T07:00:00+08:00'), 'officer'),
        404,
        'NOT_FOUND',
      ],
      [
        'no such notice',
        await api.post(`/members/${id}/rectifications/nope`, { rectified: true, note: 'x' }, 'officer'),
        404,
        'NOT_FOUND',
      ],
    ];
    for (const [what, r, status, code] of cases) {
      expect({ what, status: r.status, code: r.body?.code }).toEqual({ what, status, code });
      expect(r.contentType).toContain('application/problem+json');
    }
    expect(await api.head()).toBe(head);
    // In range, the officer's amount is the fine (M-PEN-9).
    const inRange = ok(
      await api.post(
        `/members/${id}/violations`,
        violation('M-PEN-4c', '2026-10-27T07:00:00+08:00', { amountFen: 10_000 }),
        'officer',
      ),
      'in range',
    );
    expect(inRange.penalties[0].fine.amountFen).toBe(10_000);
  });
});

describe('discipline over HTTP: the scheduler counts the days (M-PEN-7 fees, M-PEN-1b late exit)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-PEN-7: a fee unpaid through all four tiers — warning, ¥100, suspension until paid, then forced exit with the deposit and a ban', async () => {
    const subject = newSubject();
    const { id } = await admitMember(api, { subject });
    await api.setClock('2027-09-08T09:00:00+08:00');
    ok(await api.post(`/members/${id}/renewals`, { decision: 'approve', reason: 'good standing' }, 'recruiter'), 'renewal');
    // The second term's fee was due 2027-10-08 and is never paid.
    const tiers = async () =>
      (await api.get(`/members/${id}/history`)).body.events
        .filter((e: any) => e.type === 'PenaltyImposed.v1')
        .map((e: any) => e.data.tier);
    await api.setClock('2027-10-09T09:00:00+08:00');
    expect(await tiers()).toEqual(['M-PEN-7a']);
    expect((await api.get(`/members/${id}`)).body).toMatchObject({ warnings: 1, violations: 1 });
    await api.setClock('2027-10-16T09:00:00+08:00');
    expect(await tiers()).toEqual(['M-PEN-7a', 'M-PEN-7b']);
    expect((await api.get(`/members/${id}`)).body.fines).toMatchObject({ issuedFen: 10_000 });
    await api.setClock('2027-10-24T09:00:00+08:00');
    expect(await tiers()).toEqual(['M-PEN-7a', 'M-PEN-7b', 'M-PEN-7c']);
    expect((await api.get(`/members/${id}`)).body.suspensions).toMatchObject({
      active: true,
      items: [{ resource: 'resource-permissions', until: null, untilPaid: true }],
    });
    await api.setClock('2027-11-08T09:00:00+08:00');
    expect(await tiers()).toEqual(['M-PEN-7a', 'M-PEN-7b', 'M-PEN-7c', 'M-PEN-7d']);
    const member = (await api.get(`/members/${id}`)).body;
    expect(member).toMatchObject({
      status: 'exited',
      exitKind: 'forced',
      exit: { clause: 'M-PEN-7', depositForfeitedFen: 300_000, banUntil: '2030-11-08' },
    });
    expect((await api.post('/bans/lookup', { subject }, 'recruiter')).body).toMatchObject({
      banned: true,
      ban: { until: '2030-11-08' },
    });
    // Nothing more falls due for the member.
    expect((await api.get('/deadlines')).body.items.filter((d: { memberId: string }) => d.memberId === id)).toEqual([]);
  });

  it('M-PEN-7c: paying the fee in full lifts the suspension it brought', async () => {
    await api.setClock('2027-11-09T09:00:00+08:00');
    const { id } = await admitMember(api, { startDate: '2027-12-01' });
    // The fee was paid at admission; the next term's fee is what goes unpaid. Renew a year on.
    await api.setClock('2028-11-01T09:00:00+08:00');
    ok(await api.post(`/members/${id}/renewals`, { decision: 'approve', reason: 'ok' }, 'recruiter'), 'renewal');
    await api.setClock('2028-12-20T09:00:00+08:00'); // 19 days after 2028-12-01: suspended
    expect((await api.get(`/members/${id}`)).body.suspensions.active).toBe(true);
    const paid = ok(
      await api.post(`/members/${id}/payments`, { kind: 'fee', amountFen: 1_200_000, reference: 'LATE-FEE' }, 'recruiter'),
      'fee',
    );
    const member = (await api.get(`/members/${id}?minPosition=${paid.position}`)).body;
    expect(member).toMatchObject({ status: 'active', suspensions: { active: false } });
    // The day-31 tier does not come.
    await api.setClock('2029-01-05T09:00:00+08:00');
    expect((await api.get(`/members/${id}`)).body.status).toBe('active');
  });

  it('M-PEN-1b / M-TERM-4: a late exit through its three tiers — warning, ¥300, then forced clear-out, deposit, ¥1,000 and a ban', async () => {
    await api.setClock('2029-01-06T09:00:00+08:00');
    const subject = newSubject();
    const { id } = await admitMember(api, { subject, startDate: '2029-01-08' });
    ok(await api.post(`/members/${id}/exit-notices`, { exitDate: '2029-02-01' }, 'recruiter'), 'notice');
    await api.setClock('2029-02-01T09:00:00+08:00');
    const exited = (await api.get(`/members/${id}`)).body;
    expect(exited).toMatchObject({ status: 'exited', exitKind: 'voluntary', clearedOut: false });
    const penalties = async () =>
      (await api.get(`/members/${id}/history`)).body.events
        .filter((e: any) => e.type === 'PenaltyImposed.v1')
        .map((e: any) => e.data);
    await api.setClock('2029-02-02T09:00:00+08:00'); // 1 day late
    expect((await penalties()).map((p: any) => [p.tier, p.warning])).toEqual([['1-3 days late', true]]);
    await api.setClock('2029-02-05T09:00:00+08:00'); // 4 days late
    expect((await penalties()).map((p: any) => [p.tier, p.fine?.amountFen ?? null])).toEqual([
      ['1-3 days late', null],
      ['4-7 days late', 30_000],
    ]);
    await api.setClock('2029-02-09T09:00:00+08:00'); // 8 days late
    const last = (await penalties())[2];
    expect(last).toMatchObject({
      tier: 'more than 7 days late',
      forcedExit: true,
      depositForfeited: true,
      fine: { amountFen: 100_000 },
    });
    const member = (await api.get(`/members/${id}`)).body;
    expect(member).toMatchObject({
      status: 'exited',
      exitKind: 'voluntary',
      clearedOut: true,
      exit: { clause: 'M-PEN-1b', depositForfeitedFen: 300_000, banUntil: '2032-02-09' },
      ban: { until: '2032-02-09', clause: 'M-PEN-1b' },
    });
    expect((await api.post('/bans/lookup', { subject }, 'recruiter')).body).toMatchObject({ banned: true });
    const refused = await api.post('/members/applications', application({ subject }), 'recruiter');
    expect(refused.body).toMatchObject({ code: 'REENTRY_BANNED', banUntil: '2032-02-09' });
  });

  it('M-TERM-4: confirming the clear-out stops the late-exit counting', async () => {
    await api.setClock('2029-02-10T09:00:00+08:00');
    const { id } = await admitMember(api, { startDate: '2029-02-11' });
    ok(await api.post(`/members/${id}/exit-notices`, { exitDate: '2029-03-01' }, 'recruiter'), 'notice');
    await api.setClock('2029-03-02T09:00:00+08:00'); // 1 day late: the warning
    const cleared = ok(await api.post(`/members/${id}/clear-out`, {}, 'officer'), 'clear-out');
    expect((await api.get(`/members/${id}?minPosition=${cleared.position}`)).body).toMatchObject({
      clearedOut: true,
      clearOut: { dueDate: '2029-03-01', confirmedDate: '2029-03-02', forced: false },
    });
    await api.setClock('2029-03-20T09:00:00+08:00');
    const penalties = (await api.get(`/members/${id}/history`)).body.events.filter((e: any) => e.type === 'PenaltyImposed.v1');
    expect(penalties.map((e: any) => e.data.tier)).toEqual(['1-3 days late']);
  });
});
