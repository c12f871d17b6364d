import { summarize, type MemberFacts, type SummaryInput } from './summary';

/** The dashboard's arithmetic over read-model documents (M-SCORE-10, M-PEN-9, M-REW-4, M-APL-1, M-SVC-1, C-VALID-1). */
const member = (status: string | null, extra: Partial<MemberFacts> = {}): MemberFacts => ({
  status,
  discipline: { fines: [] },
  ...extra,
});
const input = (over: Partial<SummaryInput>): SummaryInput => ({
  date: '2027-06-16', // a Wednesday
  now: '2027-06-16T01:00:00.000Z', // 09:00 in Shanghai
  scoreBands: [0, 60, 70, 80, 90],
  members: [],
  deadlines: [],
  rewards: [],
  appeals: [],
  requests: [],
  communities: [],
  ...over,
});

describe('dashboard summary', () => {
  it('counts members by status and exit kind; score bands and the warning list cover members in the community only (M-SCORE-10)', () => {
    const s = summarize(
      input({
        members: [
          member('active', { latestScore: 59 }),
          member('active', { latestScore: 60, onWarningList: true }),
          member('exiting', { latestScore: 90 }),
          member('active'),
          member('exited', { exitKind: 'eliminated', latestScore: 50, onWarningList: true }),
          member('applied'),
          member(null), // a document with no membership yet is not a member
        ],
      }),
    );
    expect(s.members.total).toBe(6);
    expect(s.members.byStatus).toMatchObject({ active: 3, exiting: 1, exited: 1, applied: 1, rejected: 0 });
    expect(s.members.exitedByKind).toEqual({ voluntary: 0, expired: 0, forced: 0, eliminated: 1 });
    expect(s.members.scoreBands).toEqual([
      { from: 0, to: 59, count: 1 },
      { from: 60, to: 69, count: 1 },
      { from: 70, to: 79, count: 0 },
      { from: 80, to: 89, count: 0 },
      { from: 90, to: null, count: 1 },
    ]);
    expect(s.members.unscored).toBe(1);
    expect(s.members.warningList).toBe(1);
  });

  it('deadlines: overdue once their moment passed; this week runs to Sunday; the next 30 days by date', () => {
    const d = (kind: string, dueDate: string, dueAt: string) => ({ kind, dueDate, dueAt });
    const s = summarize(
      input({
        deadlines: [
          d('rectification', '2027-06-15', '2027-06-15T15:59:59.999Z'),
          d('appeal-answer', '2027-06-16', '2027-06-16T00:59:59.999Z'), // an hour before now
          d('appeal-answer', '2027-06-16', '2027-06-16T01:00:00.000Z'), // exactly now: not yet overdue
          d('appeal-answer', '2027-06-16', '2027-06-16T15:59:59.999Z'),
          d('reward-delivery', '2027-06-20', '2027-06-20T15:59:59.999Z'), // Sunday
          d('reward-delivery', '2027-06-21', '2027-06-21T15:59:59.999Z'), // next Monday
          d('initial-review', '2027-07-16', '2027-07-16T15:59:59.999Z'), // day 31
        ],
      }),
    );
    expect(s.deadlines.overdue).toEqual({ total: 2, byKind: { rectification: 1, 'appeal-answer': 1 } });
    expect(s.deadlines.dueThisWeek).toEqual({ total: 3, byKind: { 'appeal-answer': 2, 'reward-delivery': 1 } });
    expect(s.deadlines.next30Days).toHaveLength(30);
    expect(s.deadlines.next30Days[0]).toEqual({ date: '2027-06-16', count: 2 });
    expect(s.deadlines.next30Days.find((x) => x.date === '2027-06-21')!.count).toBe(1);
    expect(s.deadlines.next30Days.at(-1)).toEqual({ date: '2027-07-15', count: 0 });
  });

  it('fines in fen: a fine cancelled on appeal is not counted; months by imposition and payment, 12 of them (M-PEN-9, M-APL-2)', () => {
    const fine = (amountFen: number, imposedDate: string, paid: [number, string][], cancelled = false) => ({
      amountFen,
      imposedDate,
      cancelled,
      payments: paid.map(([amountFen, paidDate]) => ({ amountFen, paidDate })),
    });
    const s = summarize(
      input({
        members: [
          member('active', {
            discipline: {
              fines: [
                fine(15_000, '2027-05-30', [[15_000, '2027-06-02']]),
                fine(40_000, '2027-06-01', [], true),
                fine(30_000, '2026-06-30', [[10_000, '2026-07-01']]), // 12 months back is out of the chart, not of the totals
              ],
            },
          }),
        ],
      }),
    );
    expect(s.fines).toMatchObject({ issuedFen: 45_000, paidFen: 25_000, outstandingFen: 20_000 });
    expect(s.fines.byMonth).toHaveLength(12);
    expect(s.fines.byMonth[0]).toEqual({ month: '2026-07', issuedFen: 0, paidFen: 10_000 });
    expect(s.fines.byMonth.at(-2)).toEqual({ month: '2027-05', issuedFen: 15_000, paidFen: 0 });
    expect(s.fines.byMonth.at(-1)).toEqual({ month: '2027-06', issuedFen: 0, paidFen: 15_000 });
  });

  it('rewards in publicity through its last day, then awaiting delivery, overdue after the due date (M-REW-4)', () => {
    const r = (status: 'publicity' | 'delivered' | 'withdrawn', publicityEndsDate: string, due: string) => ({
      status,
      publicityEndsDate,
      deliveryDue: { date: due },
    });
    const s = summarize(
      input({
        rewards: [
          r('publicity', '2027-06-16', '2027-06-30'),
          r('publicity', '2027-06-15', '2027-06-29'),
          r('publicity', '2027-06-01', '2027-06-15'),
          r('delivered', '2027-06-01', '2027-06-15'),
          r('withdrawn', '2027-06-20', '2027-07-05'),
        ],
      }),
    );
    expect(s.rewards).toEqual({ inPublicity: 1, awaitingDelivery: 2, deliveryOverdue: 1, delivered: 1 });
  });

  it('appeals open and overdue after the answer date (M-APL-1); requests open and breaches this month and quarter (M-SVC-1)', () => {
    const s = summarize(
      input({
        appeals: [
          { status: 'open', answerDueDate: '2027-06-16' },
          { status: 'open', answerDueDate: '2027-06-15' },
          { status: 'upheld', answerDueDate: '2027-06-01' },
        ],
        requests: [
          { status: 'open', breaches: [{ breachedDate: '2027-06-03' }, { breachedDate: '2027-06-17' }] },
          { status: 'responded', breaches: [{ breachedDate: '2027-05-10' }] },
          { status: 'resolved', breaches: [{ breachedDate: '2027-03-31' }] },
        ],
      }),
    );
    expect(s.appeals).toEqual({ open: 2, overdue: 1 });
    // 2027-06-17 is after the date: not yet a breach then.
    expect(s.requests).toEqual({ open: 2, breaches: { thisMonth: 1, thisQuarter: 2 } });
  });

  it('communities by category; grades of results valid on the date; expiring within 60 days (C-VALID-1)', () => {
    const c = (category: string | null, resultStatus: string | null, grade: string | null, validUntil: string | null) => ({
      category,
      resultStatus,
      grade,
      validUntil,
    });
    const s = summarize(
      input({
        communities: [
          c('I', 'valid', 'leading', '2027-08-15'), // 60 days on: expiring
          c('I', 'valid', 'growing', '2027-08-16'), // 61 days
          c('II', 'valid', 'growing', '2027-06-16'), // ended today (exclusive end), lapse not yet recorded
          c('II', 'revoked', null, '2027-12-01'),
          c(null, null, null, null),
        ],
      }),
    );
    expect(s.communities).toEqual({
      total: 5,
      byCategory: { I: 2, II: 2, none: 1 },
      byGrade: { leading: 1, growing: 1 },
      valid: 2,
      expiringWithin60Days: 1,
    });
  });
});
