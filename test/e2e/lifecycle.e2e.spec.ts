import { CLOCK, type ManualClock } from '@opc/kernel';
import { Deadlines } from '@opc/platform';
import { admitMember, ApiHarness, application } from '../support/api-harness';

/** The membership's own events (the history also lists the disciplinary record's). */
const history = async (api: ApiHarness, id: string) =>
  (
    (await api.get(`/members/${id}/history`)).body.events as { streamId: string; type: string; data: any; metadata: any }[]
  ).filter((e) => e.streamId === `member-${id}`);
const types = async (api: ApiHarness, id: string) => (await history(api, id)).map((e) => e.type);

/** Manual clock from Tuesday 2026-09-29 09:00 Asia/Shanghai; agreements start 2026-10-08. */
describe('member lifecycle over HTTP: application → active → renewal → expiry exit', () => {
  let api: ApiHarness;
  let id: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-ADM-6: signed is not active until fee and deposit are paid in full, then onboarding makes it active', async () => {
    const applied = await api.post('/members/applications', application(), 'recruiter');
    id = applied.body.id;
    await api.post(`/members/${id}/initial-review`, { decision: 'pass', reason: 'ok' }, 'recruiter');
    await api.post(`/members/${id}/project-evaluation`, { decision: 'approve', reason: 'ok' });
    const signed = await api.post(
      `/members/${id}/agreement`,
      { startDate: '2026-10-08', feeFen: 1_200_000, depositFen: 300_000 },
      'recruiter',
    );
    expect(signed.status).toBe(200);
    const member = await api.get(`/members/${id}?minPosition=${signed.body.position}`);
    // M-TERM-1: 12 months from 2026-10-08, exclusive: last day 2027-10-07.
    expect(member.body).toMatchObject({
      status: 'signed',
      term: { start: '2026-10-08', end: '2027-10-07' },
      agreement: { startDate: '2026-10-08', feeFen: 1_200_000, depositFen: 300_000 },
      payments: { feeDueFen: 1_200_000, depositDueFen: 300_000 },
    });

    const head = await api.head();
    const early = await api.post(`/members/${id}/onboarding`, { workspace: 'A-301', briefingAcknowledged: true }, 'recruiter');
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('CONDITIONS_NOT_MET');
    expect(early.body.reasons).toHaveLength(2);
    expect(await api.head()).toBe(head);

    await api.post(`/members/${id}/payments`, { kind: 'fee', amountFen: 1_200_000, reference: 'FEE-2026' }, 'recruiter');
    await api.post(`/members/${id}/payments`, { kind: 'deposit', amountFen: 100_000, reference: 'DEP-1' }, 'recruiter');
    const partial = await api.post(`/members/${id}/onboarding`, { workspace: 'A-301', briefingAcknowledged: true }, 'recruiter');
    expect(partial.body).toMatchObject({
      code: 'CONDITIONS_NOT_MET',
      reasons: ['M-ADM-6: deposit not paid in full (200000 fen outstanding)'],
    });
    const over = await api.post(
      `/members/${id}/payments`,
      { kind: 'deposit', amountFen: 300_000, reference: 'DEP-2' },
      'recruiter',
    );
    expect(over.body).toMatchObject({ code: 'OUT_OF_RANGE', max: 200_000 });
    await api.post(`/members/${id}/payments`, { kind: 'deposit', amountFen: 200_000, reference: 'DEP-2' }, 'recruiter');

    const onboarded = await api.post(
      `/members/${id}/onboarding`,
      { workspace: 'A-301', briefingAcknowledged: true },
      'recruiter',
    );
    expect(onboarded.status).toBe(200);
    const active = await api.get(`/members/${id}?minPosition=${onboarded.body.position}`);
    expect(active.body).toMatchObject({
      status: 'active',
      workspace: 'A-301',
      payments: { feeDueFen: 0, depositDueFen: 0, feeLate: false },
    });

    const deadlines = await api.get(`/deadlines?minPosition=${onboarded.body.position}`);
    const mine = deadlines.body.items.filter((d: { streamId: string }) => d.streamId === `member-${id}`);
    expect(mine.map((d: { kind: string; dueDate: string }) => [d.kind, d.dueDate])).toEqual([
      // M-TERM-2: 30 days before the term ends (the term is over on 2027-10-08).
      ['renewal-reminder', '2027-09-08'],
      ['term-end', '2027-10-08'],
    ]);
  });

  it('M-TERM-2: nothing is reminded before the reminder date', async () => {
    const moved = await api.setClock('2027-09-07T23:59:00+08:00');
    expect(moved.body.actions).toBe(0);
    expect(await types(api, id)).not.toContain('RenewalReminderIssued.v1');
  });

  it('M-TERM-2: a due deadline acted on twice at once (two schedulers racing) records once: its command id comes from the deadline', async () => {
    const deadlines = api.service(Deadlines);
    const [reminder] = await deadlines.list({ kind: 'renewal-reminder', memberId: id });
    // Move the clock without running the scheduler, then race two runs of the same deadline.
    api.service<ManualClock>(CLOCK as never).set('2027-09-08T00:00:00+08:00');
    const head = await api.head();
    const runs = await Promise.all([deadlines.actOn(reminder), deadlines.actOn(reminder)]);
    expect(runs.sort()).toEqual([false, true]);
    expect(await deadlines.actOn(reminder)).toBe(false);
    expect(await api.head()).toBe(head + 1);
    const issued = (await history(api, id)).filter((e) => e.type === 'RenewalReminderIssued.v1');
    expect(issued).toHaveLength(1);
    expect(issued[0].data).toEqual({ termEndDate: '2027-10-07', reminderDate: '2027-09-08' });
    expect(issued[0].metadata).toMatchObject({
      actor: { id: 'scheduler', role: 'system' },
      occurredAt: '2027-09-07T16:00:00.000Z',
    });
  });

  it('M-TERM-2: the scheduler then finds nothing left to do', async () => {
    const again = await api.setClock('2027-09-09T09:00:00+08:00');
    expect(again.body.actions).toBe(0);
    expect((await history(api, id)).filter((e) => e.type === 'RenewalReminderIssued.v1')).toHaveLength(1);
    const open = await api.get('/deadlines?kind=renewal-reminder');
    expect(open.body.items.filter((d: { streamId: string }) => d.streamId === `member-${id}`)).toEqual([]);
  });

  it('M-TERM-3: a renewal adds 12 months from the old end and moves the deadlines', async () => {
    const renewed = await api.post(`/members/${id}/renewals`, { decision: 'approve', reason: 'good standing' }, 'recruiter');
    expect(renewed.status).toBe(200);
    const member = await api.get(`/members/${id}?minPosition=${renewed.body.position}`);
    expect(member.body).toMatchObject({ status: 'active', renewals: 1, term: { start: '2027-10-08', end: '2028-10-07' } });
    const deadlines = await api.get(`/deadlines?minPosition=${renewed.body.position}`);
    const mine = deadlines.body.items.filter((d: { streamId: string }) => d.streamId === `member-${id}`);
    expect(mine.map((d: { kind: string; dueDate: string }) => [d.kind, d.dueDate])).toEqual([
      ['fee-payment', '2027-10-08'],
      ['renewal-reminder', '2028-09-08'],
      ['term-end', '2028-10-08'],
    ]);
    // The old term's end passes without an exit.
    await api.setClock('2027-10-08T09:00:00+08:00');
    expect((await api.get(`/members/${id}`)).body.status).toBe('active');
  });

  it('M-TERM-3: a renewal with the fee paid late is refused with the reasons, and a refused renewal stands', async () => {
    // The second term's fee was due 2027-10-08; it is paid on 10-20, late.
    await api.setClock('2027-10-20T10:00:00+08:00');
    const paid = await api.post(
      `/members/${id}/payments`,
      { kind: 'fee', amountFen: 1_200_000, reference: 'FEE-2027' },
      'recruiter',
    );
    expect(paid.status).toBe(200);
    const head = await api.head();
    const refused = await api.post(`/members/${id}/renewals`, { decision: 'approve', reason: 'again' }, 'recruiter');
    expect(refused.status).toBe(422);
    // Paid 12 days late: the scheduler's fee tiers put a warning (day 1) and a ¥100 fine (day 8) on the record (M-PEN-7).
    expect(refused.body.code).toBe('CONDITIONS_NOT_MET');
    expect(refused.body.reasons).toEqual([
      "M-TERM-3: the term's fee was paid late",
      expect.stringMatching(/^M-TERM-3: violation on record in this term: M-PEN-7 on 2027-10-09 \(case .+\)$/),
    ]);
    expect(await api.head()).toBe(head);
    const rejected = await api.post(`/members/${id}/renewals`, { decision: 'reject', reason: 'fees paid late' }, 'recruiter');
    expect(rejected.status).toBe(200);
    const twice = await api.post(`/members/${id}/renewals`, { decision: 'approve', reason: 'changed our mind' }, 'admin');
    expect(twice.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('M-TERM-4: not renewed by the end date → exiting for the 7-day buffer → exited/expired, archive kept 3 years', async () => {
    const beforeEnd = (await api.get(`/members/${id}?minPosition=${await api.head()}`)).body;
    expect(beforeEnd.renewalRejected).toBe(true);
    await api.setClock('2028-10-08T00:00:00+08:00');
    const buffer = await api.get(`/members/${id}`);
    expect(buffer.body.status).toBe('exiting');
    expect(buffer.body.exitKind).toBeNull();
    const bufferDeadline = (await api.get('/deadlines?kind=exit-buffer-end')).body.items.find(
      (d: { streamId: string }) => d.streamId === `member-${id}`,
    );
    expect(bufferDeadline).toMatchObject({ dueDate: '2028-10-15', rule: 'M-TERM-4' });

    await api.setClock('2028-10-14T23:00:00+08:00');
    expect((await api.get(`/members/${id}`)).body.status).toBe('exiting');
    // Vacated on the buffer's last day: no late-exit counting starts (M-TERM-4, M-PEN-1b).
    const cleared = await api.post(`/members/${id}/clear-out`, {}, 'officer');
    expect(cleared.status).toBe(200);
    await api.setClock('2028-10-15T00:00:00+08:00');
    const exited = await api.get(`/members/${id}`);
    expect(exited.body).toMatchObject({
      status: 'exited',
      exitKind: 'expired',
      exit: { exitDate: '2028-10-15', retentionUntil: '2031-10-15' },
    });
    expect(await types(api, id)).toEqual([
      'MembershipApplied.v1',
      'InitialReviewPassed.v1',
      'ProjectEvaluationApproved.v1',
      'AgreementSigned.v1',
      'PaymentRecorded.v1',
      'PaymentRecorded.v1',
      'PaymentRecorded.v1',
      'MemberOnboarded.v1',
      'RenewalReminderIssued.v1',
      'RenewalApproved.v1',
      'PaymentRecorded.v1',
      'RenewalRejected.v1',
      'TermEnded.v1',
      'ClearOutConfirmed.v1',
      'ExitBufferEnded.v2',
    ]);
    const archive = await api.get(`/members/${id}/archive`, 'appeal-handler');
    expect(archive.status).toBe(200);
    expect(archive.body).toMatchObject({
      memberId: id,
      retentionUntil: '2031-10-15',
      agreement: { startDate: '2026-10-08' },
      exit: { kind: 'expired' },
    });
    expect(archive.body.payments).toHaveLength(4);
    expect(archive.body.terms.map((t: { start: string; end: string }) => [t.start, t.end])).toEqual([
      ['2026-10-08', '2027-10-07'],
      ['2027-10-08', '2028-10-07'],
    ]);
    expect(archive.body.renewals.map((r: { decision: string }) => r.decision)).toEqual(['approve', 'reject']);
    expect(archive.body.materials).toHaveLength(2);
  });

  it('M-APL-2: as-of reads show the member before and after each decision', async () => {
    const events = await history(api, id);
    const at = (type: string) => events.find((e) => e.type === type)!;
    const statusAt = async (q: string) => (await api.get(`/members/${id}?${q}`)).body;
    const onboardedRev = events.findIndex((e) => e.type === 'MemberOnboarded.v1');
    expect((await statusAt(`atRevision=${onboardedRev - 1}`)).status).toBe('signed');
    expect((await statusAt(`atRevision=${onboardedRev}`)).status).toBe('active');
    const renewal = at('RenewalApproved.v1');
    const justBefore = new Date(new Date(renewal.metadata.recordedAt).getTime() - 1).toISOString();
    expect(await statusAt(`asOf=${justBefore}`)).toMatchObject({ renewals: 0, term: { end: '2027-10-07' } });
    expect(await statusAt(`asOf=${renewal.metadata.recordedAt}`)).toMatchObject({ renewals: 1, term: { end: '2028-10-07' } });
    expect(await statusAt('asOfOccurred=2028-10-07')).toMatchObject({ status: 'active' });
    expect(await statusAt('asOfOccurred=2028-10-08')).toMatchObject({ status: 'exiting' });
    expect(await statusAt('asOfOccurred=2028-10-15')).toMatchObject({ status: 'exited', exitKind: 'expired' });
  });
});

describe('member lifecycle over HTTP: voluntary exit', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-EXIT-1: notice of 14 days is too short; 15 days → exiting, exited/voluntary on the exit date', async () => {
    const { id } = await admitMember(api);
    await api.setClock('2026-11-01T10:00:00+08:00');
    const member = api.token('member', { sub: 'lin', memberId: id });
    const head = await api.head();
    const short = await api.request('POST', `/members/${id}/exit-notices`, { token: member, body: { exitDate: '2026-11-15' } });
    expect(short.status).toBe(422);
    expect(short.body).toMatchObject({
      code: 'NOTICE_TOO_SHORT',
      noticeDays: 14,
      requiredDays: 15,
      earliestExitDate: '2026-11-16',
    });
    expect(await api.head()).toBe(head);

    const notice = await api.request('POST', `/members/${id}/exit-notices`, {
      token: member,
      body: { exitDate: '2026-11-16', reason: 'moving to Shenzhen' },
    });
    expect(notice.status).toBe(200);
    const exiting = await api.get(`/members/${id}?minPosition=${notice.body.position}`);
    expect(exiting.body).toMatchObject({
      status: 'exiting',
      exitKind: null,
      exit: { kind: 'voluntary', exitDate: '2026-11-16', noticeDate: '2026-11-01' },
    });
    const deadlines = (await api.get(`/deadlines?minPosition=${notice.body.position}`)).body.items.filter(
      (d: { streamId: string }) => d.streamId === `member-${id}`,
    );
    expect(deadlines.map((d: { kind: string }) => d.kind)).toEqual(['voluntary-exit']);

    await api.setClock('2026-11-15T23:59:00+08:00');
    expect((await api.get(`/members/${id}`)).body.status).toBe('exiting');
    await api.setClock('2026-11-16T00:00:00+08:00');
    const exited = await api.get(`/members/${id}`);
    expect(exited.body).toMatchObject({
      status: 'exited',
      exitKind: 'voluntary',
      exit: { exitDate: '2026-11-16', retentionUntil: '2029-11-16' },
    });
    // The notice was the member's own act.
    const events = await history(api, id);
    expect(events.find((e) => e.type === 'ExitNoticeGiven.v1')!.metadata.actor).toEqual({ id: 'lin', role: 'member' });
  });

  it('FORBIDDEN: a member cannot give notice for another member, nor read an archive', async () => {
    const { id } = await admitMember(api, { name: 'Other' });
    const stranger = api.token('member', { sub: 'x', memberId: 'someone-else' });
    const head = await api.head();
    const r = await api.request('POST', `/members/${id}/exit-notices`, { token: stranger, body: { exitDate: '2027-06-30' } });
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const own = api.token('member', { sub: 'o', memberId: id });
    const archive = await api.request('GET', `/members/${id}/archive`, { token: own });
    expect(archive.status).toBe(403);
    for (const role of ['viewer', 'officer', 'scorer'] as const)
      expect((await api.get(`/members/${id}/archive`, role)).status).toBe(403);
    expect(await api.head()).toBe(head);
  });
});

describe('member lifecycle over HTTP: forced exit → ban → refused re-application → accepted once the ban ends', () => {
  let api: ApiHarness;
  const subject = '440106199003071234';
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.stop();
  });

  it('M-EXIT-2 / M-BAN-2: sublet (M-PEN-1c) not rectified → forced exit at once, deposit forfeited, ¥800, banned for 1 year', async () => {
    const { id } = await admitMember(api, { subject });
    await api.setClock('2026-10-13T10:00:00+08:00');
    expect((await api.post(`/members/${id}/forced-exit`, { clause: 'M-PEN-1c', reason: 'x' }, 'recruiter')).status).toBe(403);
    const wrongClause = await api.post(`/members/${id}/forced-exit`, { clause: 'M-PEN-2b', reason: 'pollution' }, 'officer');
    expect(wrongClause.body.code).toBe('CONDITIONS_NOT_MET');
    // M-EXIT-2: an officer cannot force it out before a warning and a notice not rectified.
    const premature = await api.post(`/members/${id}/forced-exit`, { clause: 'M-PEN-1c', reason: 'sublet' }, 'officer');
    expect(premature.body).toMatchObject({ code: 'CONDITIONS_NOT_MET' });
    expect(premature.body.reasons).toHaveLength(2);
    const violation = await api.post(
      `/members/${id}/violations`,
      { clause: 'M-PEN-1c', occurredAt: '2026-10-12T15:00:00+08:00', facts: 'workspace sublet to a third party', evidence: [] },
      'officer',
    );
    expect(violation.status).toBe(201);
    expect(violation.body).toMatchObject({ repeatCount: 1, penalties: [{ warning: true }], notice: { dueDate: '2026-10-20' } });
    await api.setClock('2026-10-20T10:00:00+08:00');
    const forced = await api.post(
      `/members/${id}/rectifications/${violation.body.notice.noticeId}`,
      { rectified: false, note: 'still sublet at inspection' },
      'officer',
    );
    expect(forced.status).toBe(200);
    expect(forced.body.penalties).toMatchObject([
      { forcedExit: true, depositForfeited: true, fine: { amountFen: 80_000 }, banYears: 1 },
    ]);
    const again = await api.post(`/members/${id}/forced-exit`, { clause: 'M-EXIT-2', reason: 'again' }, 'officer');
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');
    const lookup = await api.post('/bans/lookup', { subject }, 'recruiter');
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ banned: true, ban: { until: '2027-10-20', clause: 'M-PEN-1c', memberId: id } });
    expect(lookup.text).not.toContain(subject);
    const clean = await api.post('/bans/lookup', { subject: '11010519491231002X' }, 'admin');
    expect(clean.body).toEqual({ banned: false, ban: null, previousBans: 0 });
    expect((await api.post('/bans/lookup', { subject }, 'viewer')).status).toBe(403);
  });

  it('M-ADM-7 / M-BAN: refused with REENTRY_BANNED (end date and reason) the day before the ban ends', async () => {
    await api.setClock('2027-10-19T23:59:00+08:00');
    const head = await api.head();
    // Spacing and a lower-case x do not make another person.
    const refused = await api.post('/members/applications', application({ subject: '4401 0619 9003 0712 34' }), 'recruiter');
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'REENTRY_BANNED', banUntil: '2027-10-20' });
    expect(refused.body.reason).toContain('M-PEN-1c');
    expect(refused.text).not.toContain(subject);
    expect(await api.head()).toBe(head);
  });

  it('M-BAN: accepted from the day the ban ends', async () => {
    await api.setClock('2027-10-20T00:00:00+08:00');
    const lookup = await api.post('/bans/lookup', { subject }, 'recruiter');
    expect(lookup.body).toMatchObject({ banned: false, previousBans: 1 });
    const accepted = await api.post('/members/applications', application({ subject }), 'recruiter');
    expect(accepted.status).toBe(201);
  });

  it('M-BAN-1: M-EXIT-2 after a warning and a notice not rectified bans for 3 years; a restart in the middle keeps everything', async () => {
    const other = '110105198001011234';
    const { id } = await admitMember(api, { subject: other });
    // M-PEN-2c misuse of space (fire exit blocked): warning + rectification; not rectified brings no penalty of its own.
    const violation = await api.post(
      `/members/${id}/violations`,
      { clause: 'M-PEN-2c', occurredAt: '2027-10-20T00:00:00+08:00', facts: 'fire exit blocked', evidence: [] },
      'officer',
    );
    expect(violation.body.notice).not.toBeNull();
    const inspected = await api.post(
      `/members/${id}/rectifications/${violation.body.notice.noticeId}`,
      { rectified: false, note: 'still blocked' },
      'officer',
    );
    expect(inspected.body.penalties).toEqual([]);
    api = await api.restart();
    const forced = await api.post(
      `/members/${id}/forced-exit`,
      { clause: 'M-EXIT-2', reason: 'warned, rectification failed' },
      'officer',
    );
    expect(forced.status).toBe(200);
    api = await api.restart();
    const member = await api.get(`/members/${id}?minPosition=${forced.body.position}`);
    expect(member.body.exit).toMatchObject({ banUntil: '2030-10-20', clause: 'M-EXIT-2' });
    const refused = await api.post('/members/applications', application({ subject: other }), 'recruiter');
    expect(refused.body).toMatchObject({ code: 'REENTRY_BANNED', banUntil: '2030-10-20' });
  });
});

describe('lifecycle commands: bad input and wrong roles append nothing', () => {
  let api: ApiHarness;
  let id: string;
  beforeAll(async () => {
    api = await ApiHarness.start();
    id = (await admitMember(api)).id;
  });
  afterAll(async () => {
    await api.stop();
  });

  const cases: [string, string, unknown, string, number, string][] = [
    [
      'agreement on an active member',
      'agreement',
      { startDate: '2027-01-04', feeFen: 100, depositFen: 0 },
      'recruiter',
      409,
      'ILLEGAL_TRANSITION',
    ],
    [
      'agreement with fractional fen',
      'agreement',
      { startDate: '2027-01-04', feeFen: 100.5, depositFen: 0 },
      'recruiter',
      400,
      'VALIDATION_FAILED',
    ],
    [
      'agreement with an impossible date',
      'agreement',
      { startDate: '2027-02-30', feeFen: 100, depositFen: 0 },
      'recruiter',
      400,
      'VALIDATION_FAILED',
    ],
    [
      'agreement with a negative deposit',
      'agreement',
      { startDate: '2027-01-04', feeFen: 100, depositFen: -1 },
      'recruiter',
      400,
      'VALIDATION_FAILED',
    ],
    [
      'payment of an unknown kind',
      'payments',
      { kind: 'tip', amountFen: 1, reference: 'x' },
      'recruiter',
      400,
      'VALIDATION_FAILED',
    ],
    ['payment as a string', 'payments', { kind: 'fee', amountFen: '100', reference: 'x' }, 'recruiter', 400, 'VALIDATION_FAILED'],
    ['payment with nothing owed', 'payments', { kind: 'fee', amountFen: 1, reference: 'x' }, 'recruiter', 422, 'OUT_OF_RANGE'],
    ['payment by a viewer', 'payments', { kind: 'fee', amountFen: 1, reference: 'x' }, 'viewer', 403, 'FORBIDDEN'],
    [
      'onboarding without the briefing',
      'onboarding',
      { workspace: 'A', briefingAcknowledged: false },
      'recruiter',
      400,
      'VALIDATION_FAILED',
    ],
    ['onboarding twice', 'onboarding', { workspace: 'A', briefingAcknowledged: true }, 'recruiter', 409, 'ILLEGAL_TRANSITION'],
    [
      'renewal with an unknown field',
      'renewals',
      { decision: 'approve', reason: 'x', months: 24 },
      'recruiter',
      400,
      'VALIDATION_FAILED',
    ],
    ['renewal by an officer', 'renewals', { decision: 'approve', reason: 'x' }, 'officer', 403, 'FORBIDDEN'],
    ['exit notice with a bad date', 'exit-notices', { exitDate: 'next month' }, 'recruiter', 400, 'VALIDATION_FAILED'],
    ['exit notice after the term', 'exit-notices', { exitDate: '2028-01-01' }, 'recruiter', 422, 'OUT_OF_RANGE'],
    ['forced exit with a made-up clause', 'forced-exit', { clause: 'RULE-9', reason: 'x' }, 'officer', 400, 'VALIDATION_FAILED'],
    ['forced exit by a viewer', 'forced-exit', { clause: 'M-EXIT-2', reason: 'x' }, 'viewer', 403, 'FORBIDDEN'],
  ];

  it.each(cases)('M-ADM-6 / M-TERM / M-EXIT: %s → %s answered with its code', async (_title, path, body, role, status, code) => {
    const head = await api.head();
    const r = await api.post(`/members/${id}/${path}`, body, role as any);
    expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
    expect(r.contentType).toContain('application/problem+json');
    expect(await api.head()).toBe(head);
  });

  it('no token → 401 on every lifecycle command', async () => {
    for (const path of ['agreement', 'payments', 'onboarding', 'renewals', 'exit-notices', 'forced-exit']) {
      const r = await api.request('POST', `/members/${id}/${path}`, { token: null, body: {} });
      expect({ path, status: r.status, code: r.body.code }).toEqual({ path, status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it('lists: status and warning filters with totals', async () => {
    await admitMember(api, { name: 'Second' });
    const applied = await api.post('/members/applications', application({ name: 'Third' }), 'recruiter');
    const active = await api.get(`/members?status=active&minPosition=${applied.body.position}`);
    expect(active.body).toMatchObject({ total: 2, page: 1, pageSize: 50, pages: 1 });
    expect(active.body.items.every((m: { status: string }) => m.status === 'active')).toBe(true);
    const noWarnings = await api.get('/members?warning=false');
    expect(noWarnings.body.total).toBe(3);
    const warned = await api.get('/members?warning=true');
    expect(warned.body.total).toBe(0);
    const badPage = await api.get('/members?page=0');
    expect(badPage.body.code).toBe('VALIDATION_FAILED');
    const emptyPage = await api.get('/members?page=2');
    expect(emptyPage.body).toMatchObject({ items: [], total: 3, page: 2 });
  });
});
