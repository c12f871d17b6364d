import { ApiHarness, application } from '../support/api-harness';

/**
 * The admission slice end to end: real HTTP app, embedded stores in a fresh DATA_DIR, manual clock
 * starting Tuesday 2026-09-29 09:00 Asia/Shanghai (National Day 10-01..10-07 ahead; 10-10 worked).
 */
describe('admission over HTTP (embedded store, manual clock)', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  const apply = async (over: Record<string, unknown> = {}, headers?: Record<string, string>) => {
    const r = await api.post('/members/applications', application(over), 'recruiter', headers);
    expect(r.status).toBe(201);
    return r.body as { id: string; streamId: string; revision: number; position: number };
  };

  it('M-ADM-4/M-ADM-5: an application is recorded with its materials and its initial-review deadline', async () => {
    const created = await apply();
    expect(created).toMatchObject({ streamId: `member-${created.id}`, revision: 0 });
    expect(created.position).toBeGreaterThan(0);

    const member = await api.get(`/members/${created.id}?minPosition=${created.position}`, 'viewer');
    expect(member.status).toBe(200);
    expect(member.body).toMatchObject({
      id: created.id,
      name: 'Lin Studio',
      applicantType: 'opc',
      status: 'applied',
      exitKind: null,
      term: null,
      renewals: 0,
      warnings: 0,
      latestScore: null,
      revision: 0,
      position: created.position,
      ruleSet: { id: 'membership', version: 1 },
      deadlines: { initialReview: { date: '2026-10-14', provisional: false }, projectEvaluation: null },
    });
    expect(member.body.materials.map((m: { sha256: string }) => m.sha256)).toEqual(['a'.repeat(64), 'b'.repeat(64)]);

    const deadlines = await api.get(`/deadlines?kind=initial-review&minPosition=${created.position}`, 'viewer');
    expect(deadlines.status).toBe(200);
    const mine = deadlines.body.items.find((d: { streamId: string }) => d.streamId === created.streamId);
    expect(mine).toMatchObject({
      kind: 'initial-review',
      rule: 'M-ADM-5',
      dueDate: '2026-10-14',
      overdue: false,
      provisional: false,
    });
  });

  it('M-ADM-7: the subject (ID number) is never returned or stored in clear', async () => {
    const created = await apply({ subject: '44010619900307123X' });
    const member = await api.get(`/members/${created.id}?minPosition=${created.position}`);
    const history = await api.get(`/members/${created.id}/history`);
    const list = await api.get(`/members?minPosition=${created.position}`);
    for (const text of [member.text, history.text, list.text]) {
      expect(text).not.toContain('44010619900307123X');
      expect(text.toLowerCase()).not.toContain('44010619900307123x');
    }
    expect(member.body).not.toHaveProperty('subject');
    expect(member.body).not.toHaveProperty('subjectHash');
    const applied = history.body.events[0];
    expect(applied.data.subjectHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('M-ADM-5: review, then evaluation, closes each deadline; history carries the envelope', async () => {
    const created = await apply();
    const review = await api.post(
      `/members/${created.id}/initial-review`,
      { decision: 'pass', reason: 'materials complete' },
      'recruiter',
    );
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ id: created.id, revision: 1 });

    const afterReview = await api.get(`/members/${created.id}?minPosition=${review.body.position}`);
    expect(afterReview.body.status).toBe('reviewed');
    // Reviewed Tuesday 09-29: 09-30 is the first working day, then National Day, then 10-08.
    expect(afterReview.body.deadlines.projectEvaluation).toEqual({ date: '2026-10-08', provisional: false });

    const open = await api.get(`/deadlines?minPosition=${review.body.position}`);
    const kinds = open.body.items
      .filter((d: { streamId: string }) => d.streamId === created.streamId)
      .map((d: { kind: string }) => d.kind);
    expect(kinds).toEqual(['project-evaluation']);

    const evaluation = await api.post(
      `/members/${created.id}/project-evaluation`,
      { decision: 'approve', reason: 'feasible, fits' },
      'admin',
    );
    expect(evaluation.status).toBe(200);
    const approved = await api.get(`/members/${created.id}?minPosition=${evaluation.body.position}`);
    expect(approved.body.status).toBe('approved');
    const closed = await api.get(`/deadlines?minPosition=${evaluation.body.position}`);
    expect(closed.body.items.filter((d: { streamId: string }) => d.streamId === created.streamId)).toEqual([]);

    const history = await api.get(`/members/${created.id}/history`, 'appeal-handler');
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'MembershipApplied.v1',
      'InitialReviewPassed.v1',
      'ProjectEvaluationApproved.v1',
    ]);
    const meta = history.body.events[1].metadata;
    expect(meta).toMatchObject({ actor: { id: 'user-recruiter', role: 'recruiter' }, ruleSet: { id: 'membership', version: 1 } });
    for (const key of ['eventId', 'commandId', 'correlationId', 'causationId', 'occurredAt', 'recordedAt'])
      expect(typeof meta[key]).toBe('string');
    expect(history.body.events.map((e: { revision: number }) => e.revision)).toEqual([0, 1, 2]);
  });

  it('M-ADM-5: a failed initial review rejects the applicant', async () => {
    const created = await apply();
    const review = await api.post(
      `/members/${created.id}/initial-review`,
      { decision: 'fail', reason: 'licence missing' },
      'recruiter',
    );
    expect(review.status).toBe(200);
    const member = await api.get(`/members/${created.id}?minPosition=${review.body.position}`);
    expect(member.body).toMatchObject({ status: 'rejected', rejection: { stage: 'initial-review', reason: 'licence missing' } });
    const rejected = await api.get(`/members?status=rejected&minPosition=${review.body.position}`);
    expect(rejected.body.items.map((m: { id: string }) => m.id)).toContain(created.id);
    expect(rejected.body.items.every((m: { status: string }) => m.status === 'rejected')).toBe(true);
  });

  it('M-ADM-4: evidence is added by the recruiter or the member itself, kept once, never lost', async () => {
    const created = await apply();
    const item = { kind: 'qualification', fileRef: 'files/lin/cert.pdf', sha256: 'C'.repeat(64), note: 'ISO 27001' };
    const byRecruiter = await api.post(`/members/${created.id}/evidence`, item, 'recruiter');
    expect(byRecruiter.status).toBe(201);
    const own = api.token('member', { sub: 'lin', memberId: created.id });
    const byMember = await api.request('POST', `/members/${created.id}/evidence`, {
      token: own,
      body: { kind: 'project-report', fileRef: 'files/lin/report.pdf', sha256: 'd'.repeat(64) },
    });
    expect(byMember.status).toBe(201);
    // The same file again records nothing new.
    const head = await api.head();
    const again = await api.post(`/members/${created.id}/evidence`, item, 'recruiter');
    expect(again.status).toBe(201);
    expect(await api.head()).toBe(head);
    const stranger = api.token('member', { sub: 'x', memberId: 'someone-else' });
    const refused = await api.request('POST', `/members/${created.id}/evidence`, { token: stranger, body: item });
    expect(refused.body.code).toBe('FORBIDDEN');
    const member = await api.get(`/members/${created.id}?minPosition=${byMember.body.position}`);
    expect(member.body.materials.map((m: { kind: string; sha256: string }) => [m.kind, m.sha256])).toEqual([
      ['identity-document', 'a'.repeat(64)],
      ['business-plan', 'b'.repeat(64)],
      ['qualification', 'c'.repeat(64)],
      ['project-report', 'd'.repeat(64)],
    ]);
    const history = await api.get(`/members/${created.id}/history`);
    expect(
      history.body.events
        .filter((e: { type: string }) => e.type === 'EvidenceSubmitted.v1')
        .map((e: any) => e.metadata.actor.role),
    ).toEqual(['recruiter', 'member']);
  });

  it('M-APL-2: as-of reads show the member as known then, as true then, and by revision', async () => {
    const created = await apply();
    const t0 = (await api.get('/admin/clock')).body.now as string;
    await api.setClock('2026-09-30T10:00:00+08:00');
    // Found late: the review actually happened on 09-29 at 17:00, recorded on 09-30.
    const review = await api.post(
      `/members/${created.id}/initial-review`,
      { decision: 'pass', reason: 'ok', occurredAt: '2026-09-29T17:00:00+08:00' },
      'recruiter',
    );
    expect(review.status).toBe(200);

    const knewThen = await api.get(`/members/${created.id}?asOf=${encodeURIComponent(t0)}`);
    expect(knewThen.status).toBe(200);
    expect(knewThen.body).toMatchObject({ status: 'applied', revision: 0, ruleSet: { id: 'membership', version: 1 } });
    expect(knewThen.body.asOf).toMatchObject({ mode: 'asOf', eventsFolded: 1, eventsSince: 1 });

    // "What was true then": at 09-29 18:00 the review had happened, though nobody had recorded it yet.
    const trueThen = await api.get(`/members/${created.id}?asOfOccurred=${encodeURIComponent('2026-09-29T18:00:00+08:00')}`);
    expect(trueThen.body).toMatchObject({ status: 'reviewed', revision: 1 });
    const knownAtSameMoment = await api.get(`/members/${created.id}?asOf=${encodeURIComponent('2026-09-29T18:00:00+08:00')}`);
    expect(knownAtSameMoment.body).toMatchObject({ status: 'applied', revision: 0 });

    // A bare date is the end of that day in Asia/Shanghai.
    const endOfDay = await api.get(`/members/${created.id}?asOfOccurred=2026-09-29`);
    expect(endOfDay.body.status).toBe('reviewed');

    const rev0 = await api.get(`/members/${created.id}?atRevision=0`);
    expect(rev0.body).toMatchObject({ status: 'applied', revision: 0 });
    const rev1 = await api.get(`/members/${created.id}?atRevision=1`);
    expect(rev1.body).toMatchObject({ status: 'reviewed', revision: 1 });

    const before = await api.get(`/members/${created.id}?asOf=2026-01-01`);
    expect(before.status).toBe(404);
    expect(before.body.code).toBe('NOT_FOUND');
  });

  it('M-ADM-5: a step past its deadline shows as overdue once the clock passes the due date', async () => {
    const created = await apply();
    const before = await api.get(`/deadlines?overdue=true&minPosition=${created.position}`);
    const dueDate = (await api.get(`/members/${created.id}`)).body.deadlines.initialReview.date as string;
    expect(before.body.items.some((d: { streamId: string }) => d.streamId === created.streamId)).toBe(false);
    // On the due date itself it is not overdue yet…
    await api.setClock(`${dueDate}T23:00:00+08:00`);
    const onDueDate = await api.get('/deadlines?kind=initial-review');
    expect(onDueDate.body.items.find((d: { streamId: string }) => d.streamId === created.streamId).overdue).toBe(false);
    // …the next day it is.
    await api.setClock(`${dueDate}T23:59:59.999+08:00`);
    await api.setClock(new Date(new Date(`${dueDate}T23:59:59.999+08:00`).getTime() + 1).toISOString());
    const after = await api.get('/deadlines?overdue=true');
    expect(after.body.items.find((d: { streamId: string }) => d.streamId === created.streamId)).toMatchObject({
      overdue: true,
      kind: 'initial-review',
    });
    // A late review is still recorded, marked late.
    const review = await api.post(`/members/${created.id}/initial-review`, { decision: 'pass', reason: 'late' }, 'recruiter');
    expect(review.status).toBe(200);
    const history = await api.get(`/members/${created.id}/history`);
    expect(history.body.events[1].data.late).toBe(true);
  });
});
