import { given, type DecisionContext } from '@opc/kernel';
import { at, calendar } from '../member.fixtures';
import { SCORING_SCHEME_V1, type ScoringScheme } from '../rules/scoring-scheme';
import type { CloseQuarter, QuarterCommand, RecordScore } from './quarter.commands';
import { quarterDecider } from './quarter.decider';
import type { QuarterClosed, QuarterEvent } from './quarter.events';
import type { ScoreInputs } from './scoring.rules';

/** The quarter stream's decider: entries, publicity, the cohort's close, objections after it (M-SCORE-7..11, M-APL-1/2). */
const ctx = (date: string, scheme: ScoringScheme = SCORING_SCHEME_V1): DecisionContext<ScoringScheme> => ({
  now: new Date(at(date)),
  occurredAt: new Date(at(date)),
  calendar,
  rules: scheme,
});
const decided = (history: QuarterEvent[], command: QuarterCommand, date: string, scheme?: ScoringScheme) =>
  given(quarterDecider, ...history).when(command, ctx(date, scheme));
const step = (history: QuarterEvent[], command: QuarterCommand, date: string, scheme?: ScoringScheme): QuarterEvent[] => {
  const out = decided(history, command, date, scheme);
  if (out.error) throw out.error;
  return [...history, ...out.events];
};

/** 10 (9 of 10 attended) + 25 (all tasks) + 30 (revenue on target) + 5 (municipal award) + 10 (one contribution) = 80. */
const inputs = (over: Partial<ScoreInputs> = {}): ScoreInputs => ({
  attendance: { attended: 9, held: 10 },
  completion: { done: 5, planned: 5 },
  revenue: { actualFen: 100, targetFen: 100 },
  highestAward: 'municipal',
  contributions: 1,
  ...over,
});
const score = (memberId: string, over: Partial<RecordScore> = {}): RecordScore => ({
  type: 'RecordScore',
  quarter: '2027Q1',
  memberId,
  entryId: `entry-${memberId}`,
  inputs: inputs(),
  evidence: [],
  notActive: null,
  ...over,
});
const close = (over: Partial<CloseQuarter> = {}): CloseQuarter => ({
  type: 'CloseQuarter',
  quarter: '2027Q1',
  previous: { quarter: '2026Q4', closed: true, scored: true, runs: {} },
  openObjections: [],
  departed: [],
  ...over,
});
const PUBLICITY: QuarterCommand = { type: 'OpenScorePublicity', quarter: '2027Q1' };

/** a: 80; b: 10 + 0 (2 of 5 tasks) + 24 (80 % of target) + 5 + 10 = 49, below 60. Publicity 2027-04-01 … 2027-04-07. */
const SCORED = step(
  step([], score('a'), '2027-04-01'),
  score('b', { inputs: inputs({ completion: { done: 2, planned: 5 }, revenue: { actualFen: 80, targetFen: 100 } }) }),
  '2027-04-01',
);
const PUBLICISED = step(SCORED, PUBLICITY, '2027-04-01');

describe('quarter decider', () => {
  it('M-SCORE-1..7: an entry stores the points, the total and the scheme version', () => {
    const out = decided([], score('a'), '2027-04-01');
    expect(out.events).toEqual([
      expect.objectContaining({
        type: 'ScoreRecorded.v1',
        data: expect.objectContaining({
          points: { attendance: 10, completion: 25, revenue: 30, awards: 5, contributions: 10 },
          total: 80,
          schemeVersion: 1,
          supersedes: null,
        }),
      }),
    ]);
  });

  it('M-APL-1: once the scores are publicised an entry is refused, so every score that stands was shown', () => {
    const out = decided(PUBLICISED, score('c'), '2027-04-02');
    expect(out.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', extensions: { currentStatus: 'publicity' } });
    const correction = decided(PUBLICISED, score('a', { entryId: 'entry-a-2' }), '2027-04-02');
    expect(correction.error?.code).toBe('ILLEGAL_TRANSITION');
  });

  it('M-APL-2: a score voided on an upheld objection is entered again during publicity, replacing nothing', () => {
    const voided = step(
      PUBLICISED,
      { type: 'VoidScore', quarter: '2027Q1', memberId: 'a', entryId: 'entry-a', appealId: 'ap-1', reason: 'upheld' },
      '2027-04-02',
    );
    const out = decided(voided, score('a', { entryId: 'entry-a-2' }), '2027-04-02');
    expect(out.error).toBeNull();
    expect(out.events[0]).toMatchObject({ type: 'ScoreRecorded.v1', data: { supersedes: null, afterAppeal: null } });
  });

  it('M-SCORE-7: the period is the scheme’s — a month is refused under the quarterly scheme, a quarter under a monthly one', () => {
    const month = decided([], score('a', { quarter: '2027-03' }), '2027-04-01');
    expect(month.error).toMatchObject({ code: 'CONDITIONS_NOT_MET' });
    expect(month.error?.extensions?.reasons).toEqual([
      'M-SCORE-7: scoring scheme version 1 scores by quarter; 2027-03 is a month',
    ]);
    const monthly: ScoringScheme = { ...SCORING_SCHEME_V1, version: 2, period: 'month' };
    expect(decided([], score('a', { quarter: '2027-03' }), '2027-04-01', monthly).events[0]).toMatchObject({
      data: { quarter: '2027-03', schemeVersion: 2 },
    });
    expect(decided([], score('a'), '2027-04-01', monthly).error?.code).toBe('CONDITIONS_NOT_MET');
  });

  it('M-APL-1: the close is refused while publicity runs or an objection is open, listing each', () => {
    // 3 working days from Thursday 2027-04-01 (2027's holidays are not published yet: Mon–Fri).
    expect(PUBLICISED.at(-1)).toMatchObject({ data: { endsDate: '2027-04-06', provisional: true } });
    const during = decided(PUBLICISED, close({ openObjections: [{ appealId: 'ap-9', memberId: 'b' }] }), '2027-04-06');
    expect(during.error?.extensions?.reasons).toEqual([
      "M-APL-1: the scores' publicity runs until the end of 2027-04-06",
      'M-APL-1: the objection ap-9 of member b is not answered yet',
    ]);
    expect(decided(SCORED, close(), '2027-04-08').error?.extensions?.reasons).toEqual([
      'M-APL-1: the scores have not been publicised (POST …/publicity)',
    ]);
  });

  it('M-SCORE-10: the close waits for the period before when that one was scored but not closed', () => {
    const out = decided(
      PUBLICISED,
      close({ previous: { quarter: '2026Q4', closed: false, scored: true, runs: {} } }),
      '2027-04-08',
    );
    expect(out.error?.extensions?.reasons).toEqual([
      'M-SCORE-10: 2026Q4 must be closed first (warning runs count quarter by quarter)',
    ]);
  });

  it('M-SCORE-8..10: members gone by the close are kept out of the ranking and the cohort, with why', () => {
    const out = decided(
      PUBLICISED,
      close({ departed: [{ memberId: 'b', reason: 'left on 2027-03-31 (voluntary)' }] }),
      '2027-04-08',
    );
    const data = (out.events[0] as QuarterClosed).data;
    expect(data.decision).toMatchObject({ cohort: 1, eliminated: [] });
    expect(data.decision.ranking.map((o) => o.memberId)).toEqual(['a']);
    expect(data.notRanked).toEqual([{ memberId: 'b', total: 49, reason: 'left on 2027-03-31 (voluntary)' }]);
    expect(Object.keys(data.previousRuns)).toEqual(['a']);
  });

  it('M-SCORE-8: closed once; asked again, nothing more is decided', () => {
    const closed = step(PUBLICISED, close(), '2027-04-08');
    expect((closed.at(-1) as QuarterClosed).data.decision.eliminated).toEqual(['b']);
    expect(decided(closed, close(), '2027-04-09').events).toEqual([]);
    expect(decided(closed, score('c'), '2027-04-09').error).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('M-APL-2: after the close an upheld objection voids one score; its corrected entry re-decides that member alone', () => {
    const closed = step(
      PUBLICISED,
      close({ previous: { quarter: '2026Q4', closed: true, scored: true, runs: { b: 1 } } }),
      '2027-04-08',
    );
    const voided = step(
      closed,
      {
        type: 'VoidScore',
        quarter: '2027Q1',
        memberId: 'b',
        entryId: 'entry-b',
        appealId: 'ap-2',
        reason: 'revenue statement missed',
      },
      '2027-04-09',
    );
    expect(voided.at(-1)).toMatchObject({ type: 'ScoreVoided.v1', data: { afterClose: true } });
    // Corrected to 10 + 20 (4 of 5 tasks) + 24 + 5 + 10 = 69: no longer below 60, and a cohort of 2 has no cut;
    // but a second quarter below 70 after the run of 1 the close used: the warning list.
    const corrected = inputs({ completion: { done: 4, planned: 5 }, revenue: { actualFen: 80, targetFen: 100 } });
    const out = decided(voided, score('b', { entryId: 'entry-b-2', inputs: corrected }), '2027-04-10');
    expect(out.events.map((e) => e.type)).toEqual(['ScoreRecorded.v1', 'MemberOutcomeRevised.v1']);
    expect(out.events[0]).toMatchObject({ data: { total: 69, afterAppeal: 'ap-2' } });
    const revised = out.events[1] as Extract<QuarterEvent, { type: 'MemberOutcomeRevised.v1' }>;
    expect(revised.data.previous).toMatchObject({ eliminated: true, reasons: ['M-SCORE-8: total 49 < 60'] });
    expect(revised.data.outcome).toMatchObject({
      memberId: 'b',
      total: 69,
      eliminated: false,
      warningRun: 2,
      onWarningList: true,
    });
    // Anyone else after the close is still refused.
    expect(decided(voided, score('a', { entryId: 'entry-a-2' }), '2027-04-10').error?.code).toBe('ILLEGAL_TRANSITION');
  });
});
