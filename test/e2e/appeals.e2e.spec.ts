import { admitMember, ApiHarness, application, newSubject, type Reply } from '../support/api-harness';

/**
 * Appeals through the real HTTP app (M-APL-1, M-APL-2): filed within the decision's publicity
 * window, answered in 3 working days, the case view as the decision was taken, and an upheld
 * appeal reversing the decision with new events on its streams.
 */
const ok = (r: Reply, what: string) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body;
};
const sublet = (occurredAt: string) => ({
  clause: 'M-PEN-1c',
  occurredAt,
  facts: 'workspace sublet to a third party',
  evidence: [],
});

describe('appeals over HTTP: an upheld appeal restores the member and lifts the ban', () => {
  let api: ApiHarness;
  let id: string;
  let other: string;
  const subject = newSubject();
  let penalty: { eventId: string; fine: { fineId: string } };
  let appealId: string;
  let member: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    id = (await admitMember(api, { subject })).id;
    other = (await admitMember(api)).id;
    member = api.token('member', { memberId: id, sub: 'lin' });
    await api.setClock('2026-10-12T10:00:00+08:00');
    const recorded = ok(await api.post(`/members/${id}/violations`, sublet('2026-10-12T09:00:00+08:00'), 'officer'), 'sublet');
    await api.setClock('2026-10-20T10:00:00+08:00');
    const inspected = ok(
      await api.post(
        `/members/${id}/rectifications/${recorded.notice.noticeId}`,
        { rectified: false, note: 'still sublet' },
        'officer',
      ),
      'inspection',
    );
    penalty = inspected.penalties[0];
    const forcedOut = (await api.get(`/members/${id}?minPosition=${inspected.position}`)).body;
    expect(forcedOut).toMatchObject({ status: 'exited', exitKind: 'forced', ban: { until: '2027-10-20' } });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-APL-1: the member asks for review of the penalty within its publicity window; the answer falls due in 3 working days', async () => {
    const filed = await api.request('POST', `/members/${id}/appeals`, {
      token: member,
      body: { decisionEventId: penalty.eventId, grounds: 'the third party is my co-founder, not a tenant' },
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ streamId: `appeal-${filed.body.id}`, answerDue: { date: '2026-10-23' } });
    appealId = filed.body.id;
    const listed = (await api.get(`/appeals?status=open&minPosition=${filed.body.position}`, 'appeal-handler')).body;
    expect(listed.items).toMatchObject([
      { id: appealId, memberId: id, decision: { eventId: penalty.eventId, clause: 'M-PEN-1c' } },
    ]);
    const deadline = (await api.get('/deadlines?kind=appeal-answer')).body.items;
    expect(deadline).toMatchObject([{ memberId: id, dueDate: '2026-10-23', rule: 'M-APL-1', overdue: false }]);
    // One appeal per decision.
    const twice = await api.request('POST', `/members/${id}/appeals`, {
      token: member,
      body: { decisionEventId: penalty.eventId, grounds: 'again' },
    });
    expect(twice.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('M-APL-2: the case view shows the decision, the member as recorded then, the rule then in force, and what was learned since', async () => {
    const view = (await api.get(`/appeals/${appealId}`, 'appeal-handler')).body;
    expect(view.appeal).toMatchObject({ id: appealId, status: 'open', memberId: id, overdue: false });
    expect(view.decision).toMatchObject({
      type: 'PenaltyImposed.v1',
      streamId: `discipline-${id}`,
      data: { clause: 'M-PEN-1c', basis: 'not-rectified', forcedExit: true, reason: 'not rectified: still sublet' },
      metadata: { eventId: penalty.eventId, ruleSet: { id: 'membership', version: 1 } },
    });
    // When the penalty was decided the member was still active, with one warning and the notice found not rectified.
    expect(view.stateAtDecision.membership).toMatchObject({ status: 'active', exit: null });
    expect(view.stateAtDecision.discipline.summary).toMatchObject({ warnings: 1 });
    expect(view.stateAtDecision.discipline.record.notices).toMatchObject([{ status: 'not-rectified' }]);
    expect(view.ruleSet).toMatchObject({
      id: 'membership',
      version: 1,
      effectiveFrom: '2026-04-01',
      clause: { clause: 'M-PEN-1c', titleZh: '转租转借', textZh: expect.stringContaining('1年内不得再入驻') },
    });
    // Learned since: the forced exit the penalty ordered (listed, not counted) and the appeal's own record is apart.
    expect(view.learnedSince.map((e: { type: string }) => e.type)).toContain('ForcedExitDecided.v2');
    expect(view.learnedSince.every((e: { position: number }) => e.position > view.decision.position)).toBe(true);
    expect(view.history.map((e: { type: string }) => e.type)).toEqual(['AppealFiled.v1']);
    // The member reads its own appeal; another member may not.
    expect((await api.request('GET', `/appeals/${appealId}`, { token: member })).status).toBe(200);
    const stranger = api.token('member', { memberId: other });
    expect((await api.request('GET', `/appeals/${appealId}`, { token: stranger })).body.code).toBe('FORBIDDEN');
  });

  it('M-APL-2: upheld, the forced exit is annulled — the member back active, the ban lifted, the fine cancelled; nothing is edited', async () => {
    expect((await api.post(`/appeals/${appealId}/decision`, { upheld: true, reason: 'x' }, 'officer')).status).toBe(403);
    const decided = ok(
      await api.post(`/appeals/${appealId}/decision`, { upheld: true, reason: 'co-founder, not a sublet' }, 'appeal-handler'),
      'decision',
    );
    const restored = (await api.get(`/members/${id}?minPosition=${decided.position}`)).body;
    // The appeal contested the penalty for not rectifying; the warning of the case stands.
    expect(restored).toMatchObject({ status: 'active', exitKind: null, ban: null, warnings: 1 });
    expect(restored.fines).toMatchObject({ count: 0, outstandingFen: 0 });
    expect((await api.post('/bans/lookup', { subject }, 'recruiter')).body).toMatchObject({ banned: false, previousBans: 1 });
    const types = (await api.get(`/members/${id}/history`)).body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['PenaltyImposed.v1', 'ForcedExitDecided.v2', 'PenaltyAnnulled.v1', 'ForcedExitAnnulled.v1']),
    );
    // The membership's deadlines are back.
    const deadlines = (await api.get(`/deadlines?minPosition=${decided.position}`)).body.items.filter(
      (d: { memberId: string }) => d.memberId === id,
    );
    expect(deadlines.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['renewal-reminder', 'term-end']));
    // Restored, the member holds its subject again: a new application of the same subject is refused.
    expect((await api.post('/members/applications', application({ subject }), 'recruiter')).body.code).toBe('NOT_ELIGIBLE');
    // A closed appeal takes no second answer.
    const again = await api.post(`/appeals/${appealId}/decision`, { upheld: false, reason: 'changed mind' }, 'appeal-handler');
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');
    const view = (await api.get(`/appeals/${appealId}`, 'admin')).body;
    expect(view.appeal).toMatchObject({ status: 'upheld', outcome: { upheld: true, late: false } });
  });

  it('M-ARC-1: the archive holds the violation, the notice, the penalty, its fine and the appeal with its outcome', async () => {
    const archive = (await api.get(`/members/${id}/archive`, 'appeal-handler')).body;
    expect(archive.discipline.violations).toMatchObject([{ clause: 'M-PEN-1c', annulled: false }]);
    expect(archive.discipline.notices).toMatchObject([{ status: 'not-rectified' }]);
    // The warning stands; the penalty for not rectifying was annulled.
    expect(archive.discipline.penalties.map((p: { annulled: boolean }) => p.annulled)).toEqual([false, true]);
    expect(archive.discipline.fines).toMatchObject([{ amountFen: 80_000, cancelled: true }]);
    expect(archive.appeals).toMatchObject([{ id: appealId, status: 'upheld', outcome: { upheld: true } }]);
    expect(archive.annulments).toMatchObject([{ kind: 'forced-exit', appealId }]);
  });

  it('M-APL-1: refusals record nothing: after the window, not a decision, another member’s decision, wrong role', async () => {
    const pollution = ok(
      await api.post(
        `/members/${other}/violations`,
        { clause: 'M-PEN-2b', occurredAt: '2026-10-20T09:00:00+08:00', facts: 'litter', evidence: [] },
        'officer',
      ),
      'pollution',
    );
    const decisionOfOther = pollution.penalties[0].eventId;
    const applied = (await api.get(`/members/${id}/history`)).body.events[0].metadata.eventId;
    const head = await api.head();
    const stranger = api.token('member', { memberId: other });
    const cases: [string, Reply, number, string][] = [
      [
        'not a decision',
        await api.request('POST', `/members/${id}/appeals`, { token: member, body: { decisionEventId: applied, grounds: 'x' } }),
        422,
        'NOT_ELIGIBLE',
      ],
      [
        "another member's decision on one's own record",
        await api.request('POST', `/members/${id}/appeals`, {
          token: member,
          body: { decisionEventId: decisionOfOther, grounds: 'x' },
        }),
        404,
        'NOT_FOUND',
      ],
      [
        'on another member’s record',
        await api.request('POST', `/members/${other}/appeals`, {
          token: member,
          body: { decisionEventId: decisionOfOther, grounds: 'x' },
        }),
        403,
        'FORBIDDEN',
      ],
      [
        'a viewer',
        await api.post(`/members/${other}/appeals`, { decisionEventId: decisionOfOther, grounds: 'x' }, 'viewer'),
        403,
        'FORBIDDEN',
      ],
      [
        'not an event id',
        await api.post(`/members/${other}/appeals`, { decisionEventId: 'penalty-1', grounds: 'x' }, 'officer'),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'no such appeal',
        await api.post('/appeals/nope/decision', { upheld: true, reason: 'x' }, 'appeal-handler'),
        404,
        'NOT_FOUND',
      ],
    ];
    for (const [what, r, status, code] of cases) {
      expect({ what, status: r.status, code: r.body?.code }).toEqual({ what, status, code });
      expect(r.contentType).toContain('application/problem+json');
    }
    expect(await api.head()).toBe(head);
    // Publicity ran 3 working days from 2026-10-20: on the 26th it is too late.
    await api.setClock('2026-10-26T09:00:00+08:00');
    const late = await api.request('POST', `/members/${other}/appeals`, {
      token: stranger,
      body: { decisionEventId: decisionOfOther, grounds: 'too late' },
    });
    expect(late.body).toMatchObject({ code: 'DEADLINE_PASSED', windowEndsDate: '2026-10-23' });
    expect(await api.head()).toBe(head);
  });

  it('M-APL-1: an appeal not answered in 3 working days shows overdue', async () => {
    const decision = ok(
      await api.post(
        `/members/${other}/violations`,
        { clause: 'M-PEN-2b', occurredAt: '2026-10-26T08:00:00+08:00', facts: 'litter again', evidence: [] },
        'officer',
      ),
      'second',
    ).penalties[0].eventId;
    const filed = ok(
      await api.post(`/members/${other}/appeals`, { decisionEventId: decision, grounds: 'not mine' }, 'officer'),
      'appeal',
    );
    expect(filed.answerDue.date).toBe('2026-10-29');
    await api.setClock('2026-10-30T09:00:00+08:00');
    const overdue = (await api.get('/appeals?overdue=true', 'appeal-handler')).body.items;
    expect(overdue).toMatchObject([{ id: filed.id, overdue: true }]);
    const answered = ok(await api.post(`/appeals/${filed.id}/decision`, { upheld: false, reason: 'it was' }, 'admin'), 'answer');
    expect((await api.get(`/appeals/${filed.id}?minPosition=${answered.position}`, 'viewer')).body.appeal).toMatchObject({
      status: 'rejected',
      outcome: { upheld: false, late: true },
    });
    // Rejected: the fine stands.
    expect((await api.get(`/members/${other}`)).body.fines.count).toBe(1);
  });
});

describe('rule-set versions decide by the conduct’s date (M-RULE-1, M-APL-2)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-RULE-1: a back-dated violation is decided under v1 after v2 took effect; the as-of read reports the version stamped on what it folded', async () => {
    const { id } = await admitMember(api);
    const twoB = (occurredAt: string) => ({ clause: 'M-PEN-2b', occurredAt, facts: 'litter', evidence: [] });
    ok(await api.post(`/members/${id}/violations`, twoB('2026-09-29T09:00:00+08:00'), 'officer'), 'first');
    await api.setClock('2026-10-12T09:00:00+08:00');
    // v2: the second pollution costs ¥80 (publicity: 3 working days, 12 → 15 October).
    const current = (await api.get('/admin/rulesets/membership')).body;
    const v1 = current.versions.find((v: { version: number }) => v.version === 1).document;
    const tiers = v1.discipline.clauses['M-PEN-2b'].tiers.map((t: { label: string; penalty: object }) =>
      t.label === 'second' ? { ...t, penalty: { fine: { fixedFen: 8_000 } } } : t,
    );
    const published = await api.post(
      '/admin/rulesets/membership',
      { document: { discipline: { clauses: { 'M-PEN-2b': { tiers } } } }, effectiveFrom: '2026-10-15' },
      'admin',
    );
    expect(published.status).toBe(201);
    await api.setClock('2026-10-16T09:00:00+08:00');
    // The conduct happened on the 14th, under v1: ¥50, stamped v1 — though v2 is in force today.
    const backDated = ok(await api.post(`/members/${id}/violations`, twoB('2026-10-14T09:00:00+08:00'), 'officer'), 'back-dated');
    expect(backDated.penalties[0].fine.amountFen).toBe(5_000);
    const { id: other } = await admitMember(api);
    ok(await api.post(`/members/${other}/violations`, twoB('2026-10-16T09:00:00+08:00'), 'officer'), 'first of other');
    const underV2 = ok(await api.post(`/members/${other}/violations`, twoB('2026-10-16T09:00:00+08:00'), 'officer'), 'v2');
    expect(underV2.penalties[0].fine.amountFen).toBe(8_000);
    const history = (await api.get(`/members/${id}/history`)).body.events.filter((e: any) => e.type === 'PenaltyImposed.v1');
    expect(history.map((e: any) => e.metadata.ruleSet.version)).toEqual([1, 1]);
    const asOf = (await api.get(`/members/${id}?asOf=2026-10-16T09:00:00%2B08:00`)).body;
    expect(asOf.ruleSet).toEqual({ id: 'membership', version: 2 });
    expect(asOf.decidedUnder).toEqual([{ id: 'membership', version: 1 }]);
    const otherAsOf = (await api.get(`/members/${other}?asOf=2026-10-16T09:00:00%2B08:00`)).body;
    // Admitted after v2 took effect: everything it folded was decided under v2.
    expect(otherAsOf.decidedUnder).toEqual([{ id: 'membership', version: 2 }]);
  });
});
