import type { ApplyForMembership } from '../admission/admission.commands';
import { toArchive } from '../archive/archive';
import { memberDecider, type MemberCommand } from '../member.decider';
import {
  ACTIVE,
  APPROVED,
  apply,
  at,
  calendar,
  decided,
  EXPIRED,
  IN_BUFFER,
  onboard,
  pay,
  run,
  sign,
  SIGNED,
} from '../member.fixtures';
import type { MemberEvent } from '../member.state';
import { MEMBERSHIP_RULES_V1, type MembershipRules } from '../rules/membership-rules';
import type { CompleteVoluntaryExit, DecideForcedExit, GiveExitNotice, EliminateMember } from './exit.commands';
import type { ForcedExitDecided } from './exit.events';
import { initialDiscipline } from '../discipline/discipline.state';

const notice = (exitDate: string, reason = 'moving to Shenzhen'): GiveExitNotice => ({
  type: 'GiveExitNotice',
  memberId: 'm-1',
  exitDate,
  reason,
});
const complete = (exitDate: string): CompleteVoluntaryExit => ({ type: 'CompleteVoluntaryExit', memberId: 'm-1', exitDate });
/** An officer's forced exit; the record read just before shows a warning and a notice not rectified (M-EXIT-2). */
const forceExit = (
  clause: string,
  reason = 'serious violation not corrected after warning and rectification',
  record: DecideForcedExit['record'] = { warnings: 1, notRectified: 1 },
): DecideForcedExit => ({
  type: 'DecideForcedExit',
  memberId: 'm-1',
  clause,
  reason,
  record,
});

/** Notice given 2027-06-01 for 2027-06-16 (15 days). */
const NOTICE_GIVEN = run(ACTIVE, notice('2027-06-16'), at('2027-06-01'));
const LEFT_VOLUNTARILY = run(NOTICE_GIVEN, complete('2027-06-16'), at('2027-06-16'));
const FORCED_OUT = run(ACTIVE, forceExit('M-EXIT-2'), at('2027-03-01'));

const forcedExitData = (out: { events: MemberEvent[] }): ForcedExitDecided['data'] | undefined =>
  out.events[0]?.type === 'ForcedExitDecided.v2' ? out.events[0].data : undefined;

describe('exit decider', () => {
  describe('voluntary exit (M-EXIT-1)', () => {
    it('M-EXIT-1: a notice exactly 15 days ahead is accepted; the member is exiting', () => {
      const out = decided(ACTIVE, notice('2027-06-16'), at('2027-06-01'));
      expect(out.error).toBeNull();
      expect(out.events).toEqual([
        {
          type: 'ExitNoticeGiven.v1',
          data: { noticeDate: '2027-06-01', exitDate: '2027-06-16', noticeDays: 15, reason: 'moving to Shenzhen' },
        },
      ]);
      expect(out.state.status).toBe('exiting');
      expect(out.state.exit).toEqual({
        kind: 'voluntary',
        exitDate: '2027-06-16',
        noticeDate: '2027-06-01',
        reason: 'moving to Shenzhen',
        clause: null,
        depositForfeitedFen: 0,
        banUntil: null,
        retentionUntil: null,
      });
    });

    it('M-EXIT-1: a notice 14 days ahead is NOTICE_TOO_SHORT, naming the earliest exit date', () => {
      const out = decided(ACTIVE, notice('2027-06-15'), at('2027-06-01'));
      expect(out.error?.code).toBe('NOTICE_TOO_SHORT');
      expect(out.error?.extensions).toEqual({ noticeDays: 14, requiredDays: 15, earliestExitDate: '2027-06-16' });
      expect(out.events).toEqual([]);
      expect(out.state.status).toBe('active');
    });

    it('M-EXIT-1: notice days count from the Shanghai business date (16:30 UTC on 05-31 is already 06-01)', () => {
      const out = decided(ACTIVE, notice('2027-06-15'), '2027-05-31T16:30:00Z');
      expect(out.error?.code).toBe('NOTICE_TOO_SHORT');
      expect(out.error?.extensions).toMatchObject({ noticeDays: 14 });
    });

    it('M-EXIT-1: the notice period comes from the rule set', () => {
      const rules: MembershipRules = { ...MEMBERSHIP_RULES_V1, exit: { ...MEMBERSHIP_RULES_V1.exit, voluntaryNoticeDays: 30 } };
      const out = decided(ACTIVE, notice('2027-06-16'), at('2027-06-01'), rules);
      expect(out.error?.code).toBe('NOTICE_TOO_SHORT');
      expect(out.error?.extensions).toEqual({ noticeDays: 15, requiredDays: 30, earliestExitDate: '2027-07-01' });
    });

    it("M-EXIT-1: an exit date after the term's end is OUT_OF_RANGE; the day after the last day is the latest", () => {
      // Last day 2028-01-03: membership can end (exit date) on 2028-01-04 at the latest.
      const late = decided(ACTIVE, notice('2028-01-05'), at('2027-12-01'));
      expect(late.error?.code).toBe('OUT_OF_RANGE');
      expect(late.error?.extensions).toEqual({ field: 'exitDate', value: '2028-01-05', max: '2028-01-04', rule: 'M-EXIT-1' });
      expect(late.events).toEqual([]);
      const latest = decided(ACTIVE, notice('2028-01-04'), at('2027-12-01'));
      expect(latest.error).toBeNull();
      expect(latest.events[0].type === 'ExitNoticeGiven.v1' && latest.events[0].data.noticeDays).toBe(34);
    });

    it.each([
      ['signed', 'not yet onboarded', SIGNED],
      ['exiting', 'notice already given', NOTICE_GIVEN],
      ['exiting', 'in the exit buffer', IN_BUFFER],
      ['exited', 'left voluntarily', LEFT_VOLUNTARILY],
    ])('M-EXIT-1: a notice from a member in status %s (%s) is an ILLEGAL_TRANSITION', (status, _why, history) => {
      const out = decided(history, notice('2027-12-31'), at('2027-12-01'));
      expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
      expect(out.error?.extensions).toEqual({ currentStatus: status, command: 'GiveExitNotice' });
    });

    it('M-EXIT-1: completing before the exit date decides nothing', () => {
      const out = decided(NOTICE_GIVEN, complete('2027-06-16'), at('2027-06-15', '23:59:59'));
      expect(out.error).toBeNull();
      expect(out.events).toEqual([]);
      expect(out.state.status).toBe('exiting');
    });

    it('M-EXIT-1: completing for another date than the notice named decides nothing', () => {
      expect(decided(NOTICE_GIVEN, complete('2027-06-20'), at('2027-06-20')).events).toEqual([]);
      expect(decided(NOTICE_GIVEN, complete('2027-06-15'), at('2027-06-16')).events).toEqual([]);
    });

    it('M-EXIT-1: on the exit date the voluntary exit completes; M-ARC-2: the archive is kept 3 years from it', () => {
      const out = decided(NOTICE_GIVEN, complete('2027-06-16'), at('2027-06-16', '00:00:00'));
      expect(out.events).toEqual([
        { type: 'VoluntaryExitCompleted.v2', data: { exitDate: '2027-06-16', retentionUntil: '2030-06-16', clearedOut: false } },
      ]);
      expect(out.state.status).toBe('exited');
      expect(out.state.exit).toMatchObject({ kind: 'voluntary', exitDate: '2027-06-16', retentionUntil: '2030-06-16' });
    });

    it('M-EXIT-1: completed after the exit date, the exit still dates from the notice (retention too)', () => {
      const out = decided(NOTICE_GIVEN, complete('2027-06-16'), at('2027-06-18'));
      expect(out.events).toEqual([
        { type: 'VoluntaryExitCompleted.v2', data: { exitDate: '2027-06-16', retentionUntil: '2030-06-16', clearedOut: false } },
      ]);
    });

    it('M-EXIT-1: a completion without a voluntary notice, or a second one, decides nothing', () => {
      expect(decided(ACTIVE, complete('2027-06-16'), at('2027-06-16')).events).toEqual([]);
      expect(decided(IN_BUFFER, complete('2028-01-11'), at('2028-01-11')).events).toEqual([]);
      expect(decided(LEFT_VOLUNTARILY, complete('2027-06-16'), at('2027-06-17')).events).toEqual([]);
    });
  });

  describe('forced exit (M-EXIT-2) and re-entry bans (M-BAN)', () => {
    it('M-EXIT-2: a forced exit of an active member takes effect at once, the deposit paid forfeited', () => {
      const out = decided(ACTIVE, forceExit('M-EXIT-2', 'hazard not corrected'), at('2027-03-01'));
      expect(out.error).toBeNull();
      expect(out.events).toEqual([
        {
          type: 'ForcedExitDecided.v2',
          data: {
            clause: 'M-EXIT-2',
            reason: 'hazard not corrected',
            decidedDate: '2027-03-01',
            depositForfeitedFen: 300_000,
            banYears: 3,
            banUntil: '2030-03-01',
            subjectHash: 'hash-of-subject',
            retentionUntil: '2030-03-01',
            orderedBy: null,
          },
        },
      ]);
      expect(out.state.status).toBe('exited');
      expect(out.state.exit).toEqual({
        kind: 'forced',
        exitDate: '2027-03-01',
        noticeDate: null,
        reason: 'hazard not corrected',
        clause: 'M-EXIT-2',
        depositForfeitedFen: 300_000,
        banUntil: '2030-03-01',
        retentionUntil: '2030-03-01',
      });
    });

    it('M-EXIT-2: the deposit forfeited is what was paid, not what the agreement named', () => {
      // Under a rule set that onboards before full payment, only ¥1,000 of the ¥3,000 deposit came in.
      const rules: MembershipRules = { ...MEMBERSHIP_RULES_V1, agreement: { onboardingRequiresFullPayment: false } };
      const partDeposit = run(run(SIGNED, pay('deposit', 100_000), at('2026-12-20'), rules), onboard(), at('2027-01-04'), rules);
      expect(forcedExitData(decided(partDeposit, forceExit('M-EXIT-2'), at('2027-03-01')))?.depositForfeitedFen).toBe(100_000);
      const noDeposit = run(
        run(run(APPROVED, sign('2027-01-04', 1_200_000, 0), at('2026-12-10')), pay('fee', 1_200_000), at('2026-12-20')),
        onboard(),
        at('2027-01-04'),
      );
      expect(forcedExitData(decided(noDeposit, forceExit('M-EXIT-2'), at('2027-03-01')))?.depositForfeitedFen).toBe(0);
    });

    it('M-EXIT-2: a member exiting on notice who is forced out is exited (forced) at once, on the decision date', () => {
      const out = decided(NOTICE_GIVEN, forceExit('M-PEN-6c', 'network fraud'), at('2027-06-05'));
      expect(forcedExitData(out)).toMatchObject({ clause: 'M-PEN-6c', decidedDate: '2027-06-05', depositForfeitedFen: 300_000 });
      expect(out.state.status).toBe('exited');
      expect(out.state.exit).toMatchObject({ kind: 'forced', exitDate: '2027-06-05', noticeDate: null, clause: 'M-PEN-6c' });
      // The notice's exit date no longer completes anything.
      expect(decided([...NOTICE_GIVEN, ...out.events], complete('2027-06-16'), at('2027-06-16')).events).toEqual([]);
    });

    it('M-EXIT-2: a member in the exit buffer after the term can be forced out', () => {
      const out = decided(IN_BUFFER, forceExit('M-PEN-4b', 'piracy'), at('2028-01-08'));
      expect(forcedExitData(out)).toMatchObject({ clause: 'M-PEN-4b', decidedDate: '2028-01-08', banUntil: '2031-01-08' });
      expect(out.state.status).toBe('exited');
      expect(out.state.exit?.kind).toBe('forced');
    });

    it('M-EXIT-2: a clause that does not order a forced exit is CONDITIONS_NOT_MET', () => {
      const out = decided(ACTIVE, forceExit('M-PEN-2a'), at('2027-03-01'));
      expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
      expect(out.error?.extensions).toEqual({ reasons: ['M-PEN-2a does not order a forced exit (M-EXIT-2)'] });
      expect(out.events).toEqual([]);
      expect(out.state.status).toBe('active');
    });

    it.each([
      ['exited', 'forced', FORCED_OUT],
      ['exited', 'voluntary exit', LEFT_VOLUNTARILY],
      ['exited', 'expired term', EXPIRED],
      ['signed', 'not yet onboarded', SIGNED],
    ])('M-EXIT-2: a forced exit of a member in status %s (%s) is an ILLEGAL_TRANSITION', (status, _why, history) => {
      const out = decided(history, forceExit('M-EXIT-2'), at('2028-02-01'));
      expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
      expect(out.error?.extensions).toEqual({ currentStatus: status, command: 'DecideForcedExit' });
    });

    it('M-BAN-1: a forced exit under M-EXIT-2 decided on 2027-03-01 bans re-entry until 2030-03-01', () => {
      expect(forcedExitData(decided(ACTIVE, forceExit('M-EXIT-2'), at('2027-03-01')))).toMatchObject({
        banYears: 3,
        banUntil: '2030-03-01',
      });
    });

    it('M-BAN-1: the ban runs from the Shanghai date of the decision (16:30 UTC on 02-28 is 03-01 there)', () => {
      expect(forcedExitData(decided(ACTIVE, forceExit('M-EXIT-2'), '2027-02-28T16:30:00Z'))).toMatchObject({
        decidedDate: '2027-03-01',
        banUntil: '2030-03-01',
      });
    });

    it.each([
      ['M-PEN-1c', 'sublet, not rectified', 1, '2028-03-01'],
      ['M-PEN-3b', 'subsidy fraud', 3, '2030-03-01'],
    ])('M-BAN-2: a forced exit under %s (%s) bans for %i year(s) → until %s', (clause, reason, years, banUntil) => {
      const out = decided(ACTIVE, forceExit(clause, reason), at('2027-03-01'));
      expect(out.events).toEqual([
        {
          type: 'ForcedExitDecided.v2',
          data: {
            clause,
            reason,
            decidedDate: '2027-03-01',
            depositForfeitedFen: 300_000,
            banYears: years,
            banUntil,
            subjectHash: 'hash-of-subject',
            retentionUntil: '2030-03-01',
            orderedBy: null,
          },
        },
      ]);
    });

    it('M-BAN-1: a forced-exit clause without a length of its own takes the default 3 years', () => {
      expect(forcedExitData(decided(ACTIVE, forceExit('M-PEN-6c'), at('2027-03-01')))).toMatchObject({
        banYears: 3,
        banUntil: '2030-03-01',
      });
    });

    it('M-BAN-2 [choice]: the rule set holds each length — the specific clause wins over the default', () => {
      const rules: MembershipRules = {
        ...MEMBERSHIP_RULES_V1,
        bans: { default: { years: 5 }, byClause: { 'M-PEN-1c': { years: 2 } }, onElimination: null },
      };
      expect(forcedExitData(decided(ACTIVE, forceExit('M-PEN-1c'), at('2027-03-01'), rules))).toMatchObject({
        banYears: 2,
        banUntil: '2029-03-01',
      });
      expect(forcedExitData(decided(ACTIVE, forceExit('M-EXIT-2'), at('2027-03-01'), rules))).toMatchObject({
        banYears: 5,
        banUntil: '2032-03-01',
      });
    });
  });

  describe('re-entry after a ban (M-ADM-7)', () => {
    /** What the shell looks up from the bans read model: the ban a forced exit decided. */
    const banFrom = (history: MemberEvent[]) => {
      const last = history[history.length - 1];
      if (last.type !== 'ForcedExitDecided.v2') throw new Error('the fixture must end with a forced exit');
      return { banUntil: last.data.banUntil, reason: last.data.reason, clause: last.data.clause };
    };
    const reapply = (ban: ApplyForMembership['ban']) => apply({ memberId: 'm-2', ban });

    it('M-ADM-7: an applicant under a 3-year ban is refused with REENTRY_BANNED the day before it ends, accepted on the day it ends', () => {
      const ban = banFrom(run(ACTIVE, forceExit('M-EXIT-2', 'hazard not corrected'), at('2027-03-01')));
      const before = decided([], reapply(ban), at('2030-02-28', '23:59:59'));
      expect(before.error?.code).toBe('REENTRY_BANNED');
      expect(before.error?.extensions).toEqual({ banUntil: '2030-03-01', reason: 'M-EXIT-2: hazard not corrected' });
      expect(before.events).toEqual([]);

      const onTheDay = decided([], reapply(ban), at('2030-03-01', '00:00:00'));
      expect(onTheDay.error).toBeNull();
      expect(onTheDay.events).toEqual([
        {
          type: 'MembershipApplied.v1',
          data: {
            memberId: 'm-2',
            applicantType: 'opc',
            name: 'Lin Studio',
            subjectHash: 'hash-of-subject',
            direction: 'ai-native-innovation',
            description: 'AI bookkeeping agents',
            materials: [{ evidenceId: 'ev-1', kind: 'identity-document', fileRef: 'files/id.pdf', sha256: 'a'.repeat(64) }],
            attestations: { noDishonestyRecord: true, acceptsRules: true },
            initialReviewDue: calendar.addWorkingDays('2030-03-01', 7),
          },
        },
      ]);
    });

    it('M-ADM-7: a 1-year M-PEN-1c ban decided 2027-03-01 refuses on 2028-02-29 and admits from 2028-03-01', () => {
      const ban = banFrom(run(ACTIVE, forceExit('M-PEN-1c', 'sublet, not rectified'), at('2027-03-01')));
      const before = decided([], reapply(ban), at('2028-02-29'));
      expect(before.error?.code).toBe('REENTRY_BANNED');
      expect(before.error?.extensions).toEqual({ banUntil: '2028-03-01', reason: 'M-PEN-1c: sublet, not rectified' });
      expect(decided([], reapply(ban), at('2028-03-01')).events.map((e) => e.type)).toEqual(['MembershipApplied.v1']);
    });

    it('M-ADM-7: the ban is checked on the Shanghai date (16:00 UTC on 02-28 is already 03-01 there)', () => {
      const ban = banFrom(run(ACTIVE, forceExit('M-EXIT-2'), at('2027-03-01')));
      expect(decided([], reapply(ban), '2030-02-28T15:59:59Z').error?.code).toBe('REENTRY_BANNED');
      expect(decided([], reapply(ban), '2030-02-28T16:00:00Z').error).toBeNull();
    });
  });

  describe('archive (M-ARC-1, M-ARC-2)', () => {
    it('M-ARC-2: the archive is kept 3 years from the exit, whatever its kind', () => {
      expect(
        toArchive(decided(NOTICE_GIVEN, complete('2027-06-16'), at('2027-06-20')).state, initialDiscipline()).retentionUntil,
      ).toBe('2030-06-16');
      expect(toArchive(decided(ACTIVE, forceExit('M-EXIT-2'), at('2027-03-01')).state, initialDiscipline()).retentionUntil).toBe(
        '2030-03-01',
      );
      expect(
        toArchive(
          decided(IN_BUFFER, { type: 'EndExitBuffer', memberId: 'm-1', bufferEndDate: '2028-01-10' }, at('2028-01-11')).state,
          initialDiscipline(),
        ).retentionUntil,
      ).toBe('2031-01-11');
      // Before the exit nothing starts the clock.
      expect(
        toArchive(decided(ACTIVE, notice('2027-06-16'), at('2027-06-01')).state, initialDiscipline()).retentionUntil,
      ).toBeNull();
    });

    it('M-ARC-1: the archive of a member who went from application to exit holds materials, agreement, payments, terms, renewals and exit', () => {
      const steps: [MemberCommand, string][] = [
        [apply(), '2026-12-01'],
        [
          {
            type: 'SubmitEvidence',
            memberId: 'm-1',
            evidence: { evidenceId: 'ev-2', kind: 'business-plan', fileRef: 'files/plan.pdf', sha256: 'b'.repeat(64) },
          },
          '2026-12-02',
        ],
        [{ type: 'RecordInitialReview', memberId: 'm-1', decision: 'pass', reason: 'complete' }, '2026-12-03'],
        [{ type: 'RecordProjectEvaluation', memberId: 'm-1', decision: 'approve', reason: 'fits' }, '2026-12-04'],
        [sign('2027-01-04'), '2026-12-10'],
        [pay('fee', 600_000, 'FEE-1'), '2026-12-20'],
        [pay('deposit', 300_000, 'DEP-1'), '2026-12-20'],
        [pay('fee', 600_000, 'FEE-2'), '2027-01-03'],
        [onboard(), '2027-01-04'],
        [{ type: 'IssueRenewalReminder', memberId: 'm-1', termEndDate: '2028-01-03' }, '2027-12-05'],
        [{ type: 'DecideRenewal', memberId: 'm-1', decision: 'approve', reason: 'fees on time', violations: [] }, '2027-12-10'],
        [pay('fee', 1_200_000, 'FEE-3'), '2027-12-28'],
        [notice('2028-03-20'), '2028-03-01'],
        [complete('2028-03-20'), '2028-03-20'],
      ];
      const history = steps.reduce<MemberEvent[]>((h, [command, date]) => run(h, command, at(date)), []);
      // Every step decided exactly one event.
      expect(history).toHaveLength(steps.length);
      const state = history.reduce(memberDecider.evolve, memberDecider.initialState());

      expect(toArchive(state, initialDiscipline())).toEqual({
        memberId: 'm-1',
        name: 'Lin Studio',
        applicantType: 'opc',
        direction: 'ai-native-innovation',
        description: 'AI bookkeeping agents',
        status: 'exited',
        createdDate: '2027-01-04',
        materials: [
          { evidenceId: 'ev-1', kind: 'identity-document', fileRef: 'files/id.pdf', sha256: 'a'.repeat(64) },
          { evidenceId: 'ev-2', kind: 'business-plan', fileRef: 'files/plan.pdf', sha256: 'b'.repeat(64) },
        ],
        admission: {
          initialReviewDue: { date: '2026-12-10', provisional: false },
          projectEvaluationDue: { date: '2026-12-07', provisional: false },
          rejection: null,
        },
        agreement: { startDate: '2027-01-04', feeFen: 1_200_000, depositFen: 300_000 },
        workspace: 'A-301',
        payments: [
          expect.objectContaining({
            kind: 'fee',
            amountFen: 600_000,
            reference: 'FEE-1',
            paidDate: '2026-12-20',
            termStartDate: '2027-01-04',
            late: false,
          }),
          expect.objectContaining({
            kind: 'deposit',
            amountFen: 300_000,
            reference: 'DEP-1',
            paidDate: '2026-12-20',
            termStartDate: null,
            late: false,
          }),
          expect.objectContaining({
            kind: 'fee',
            amountFen: 600_000,
            reference: 'FEE-2',
            paidDate: '2027-01-03',
            termStartDate: '2027-01-04',
            late: false,
          }),
          expect.objectContaining({
            kind: 'fee',
            amountFen: 1_200_000,
            reference: 'FEE-3',
            paidDate: '2027-12-28',
            termStartDate: '2028-01-04',
            late: false,
          }),
        ],
        terms: [
          {
            start: '2027-01-04',
            end: '2028-01-03',
            feeFen: 1_200_000,
            feeDueDate: '2027-01-04',
            feePaidFen: 1_200_000,
            feeLate: false,
          },
          {
            start: '2028-01-04',
            end: '2029-01-03',
            feeFen: 1_200_000,
            feeDueDate: '2028-01-04',
            feePaidFen: 1_200_000,
            feeLate: false,
          },
        ],
        renewals: [{ decision: 'approve', reason: 'fees on time', termEndDate: '2028-01-03', newTermEndDate: '2029-01-03' }],
        exit: {
          kind: 'voluntary',
          exitDate: '2028-03-20',
          noticeDate: '2028-03-01',
          reason: 'moving to Shenzhen',
          clause: null,
          depositForfeitedFen: 0,
          banUntil: null,
          retentionUntil: '2031-03-20',
        },
        discipline: { violations: [], notices: [], penalties: [], fines: [], suspensions: [] },
        clearOut: { dueDate: '2028-03-20', confirmedDate: null, forced: false },
        annulments: [],
        retentionUntil: '2031-03-20',
      });
    });

    it('M-ARC-1: a forced exit is archived with its clause, forfeited deposit and ban', () => {
      expect(
        toArchive(decided(ACTIVE, forceExit('M-PEN-3b', 'subsidy fraud'), at('2027-03-01')).state, initialDiscipline()).exit,
      ).toEqual({
        kind: 'forced',
        exitDate: '2027-03-01',
        noticeDate: null,
        reason: 'subsidy fraud',
        clause: 'M-PEN-3b',
        depositForfeitedFen: 300_000,
        banUntil: '2030-03-01',
        retentionUntil: '2030-03-01',
      });
    });
  });
});

describe('M-EXIT-3: elimination by score', () => {
  const eliminate = (over: Partial<EliminateMember> = {}): EliminateMember => ({
    type: 'EliminateMember',
    memberId: 'm-1',
    quarter: '2027Q2',
    totalScore: 55,
    reason: 'M-SCORE-8: total below 60',
    ...over,
  });

  it('M-EXIT-3: elimination ends membership as an exit of its own kind, with no ban by default', () => {
    const out = decided(ACTIVE, eliminate(), at('2027-07-01'));
    expect(out.events).toEqual([
      {
        type: 'MemberEliminated.v1',
        data: {
          quarter: '2027Q2',
          totalScore: 55,
          reason: 'M-SCORE-8: total below 60',
          decidedDate: '2027-07-01',
          banYears: null,
          banUntil: null,
          subjectHash: 'hash-of-subject',
          retentionUntil: '2030-07-01',
        },
      },
    ]);
    expect(out.state.status).toBe('exited');
    expect(out.state.exit).toMatchObject({ kind: 'eliminated', exitDate: '2027-07-01', banUntil: null, depositForfeitedFen: 0 });
  });

  it('M-EXIT-3: a rule set that bans on elimination gives the ban its length', () => {
    const rules = { ...MEMBERSHIP_RULES_V1, bans: { ...MEMBERSHIP_RULES_V1.bans, onElimination: { years: 1 } } };
    const out = decided(ACTIVE, eliminate(), at('2027-07-01'), rules);
    expect(out.events[0].data).toMatchObject({ banYears: 1, banUntil: '2028-07-01' });
  });

  it('M-EXIT-3: only an active or exiting member can be eliminated', () => {
    expect(decided(SIGNED, eliminate(), at('2027-01-02')).error?.code).toBe('ILLEGAL_TRANSITION');
    expect(decided(EXPIRED, eliminate(), at('2028-02-01')).error?.code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('forced exit and the disciplinary record (M-EXIT-2, M-PEN-10)', () => {
  it('M-EXIT-2: refused by an officer unless the record shows a warning and a notice not rectified, listing what is missing', () => {
    const none = decided(ACTIVE, forceExit('M-EXIT-2', 'serious', { warnings: 0, notRectified: 0 }), at('2027-03-01'));
    expect(none.error?.code).toBe('CONDITIONS_NOT_MET');
    expect(none.error?.extensions).toEqual({
      reasons: [
        "M-EXIT-2: no warning on the member's record",
        "M-EXIT-2: no rectification notice found not rectified on the member's record",
      ],
    });
    const warnedOnly = decided(ACTIVE, forceExit('M-PEN-1c', 'sublet', { warnings: 1, notRectified: 0 }), at('2027-03-01'));
    expect(warnedOnly.error?.extensions).toEqual({
      reasons: ["M-EXIT-2: no rectification notice found not rectified on the member's record"],
    });
    expect(
      decided(ACTIVE, forceExit('M-EXIT-2', 'serious', { warnings: 2, notRectified: 1 }), at('2027-03-01')).error,
    ).toBeNull();
  });

  it('M-PEN-10: an immediate clause (M-PEN-4b piracy) needs no warning or notice first', () => {
    const out = decided(
      ACTIVE,
      forceExit('M-PEN-4b', 'pirated software sold', { warnings: 0, notRectified: 0 }),
      at('2027-03-01'),
    );
    expect(out.error).toBeNull();
    expect(forcedExitData(out)).toMatchObject({ clause: 'M-PEN-4b', banYears: 3, orderedBy: null });
  });

  it('M-EXIT-2: ordered by a penalty, the penalty has decided: no record check, its ban length kept', () => {
    const orderedBy = { streamId: 'discipline-m-1', eventId: 'ev-penalty' };
    const out = decided(
      ACTIVE,
      { type: 'DecideForcedExit', memberId: 'm-1', clause: 'M-PEN-1c', reason: 'not rectified', orderedBy, banYears: 1 },
      at('2027-03-01'),
    );
    expect(forcedExitData(out)).toMatchObject({ clause: 'M-PEN-1c', banYears: 1, banUntil: '2028-03-01', orderedBy });
  });

  it('M-PEN-1b: a penalty ordering forced exit for a member already gone is a forced clear-out with a ban', () => {
    const orderedBy = { streamId: 'discipline-m-1', eventId: 'ev-late' };
    const out = decided(
      LEFT_VOLUNTARILY,
      { type: 'DecideForcedExit', memberId: 'm-1', clause: 'M-PEN-1b', reason: 'over 7 days late', orderedBy, banYears: null },
      at('2027-06-25'),
    );
    expect(out.events).toEqual([
      {
        type: 'ForcedClearOutDecided.v1',
        data: {
          clause: 'M-PEN-1b',
          reason: 'over 7 days late',
          decidedDate: '2027-06-25',
          depositForfeitedFen: 300_000,
          banYears: 3,
          banUntil: '2030-06-25',
          subjectHash: 'hash-of-subject',
          orderedBy,
        },
      },
    ]);
    expect(out.state.exit).toMatchObject({ kind: 'voluntary', banUntil: '2030-06-25', depositForfeitedFen: 300_000 });
    expect(out.state.clearOut).toMatchObject({ forced: true });
    // Without an order it is no exit anyone can decide any more.
    expect(decided(LEFT_VOLUNTARILY, forceExit('M-EXIT-2'), at('2027-06-25')).error?.code).toBe('ILLEGAL_TRANSITION');
  });

  it('M-APL-2: an upheld appeal annuls a forced exit: the member is back where it was, the ban and forfeiture undone, nothing edited', () => {
    const out = decided(
      FORCED_OUT,
      { type: 'AnnulForcedExit', memberId: 'm-1', appealId: 'ap-1', reason: 'upheld' },
      at('2027-03-05'),
    );
    expect(out.events).toEqual([
      {
        type: 'ForcedExitAnnulled.v1',
        data: {
          appealId: 'ap-1',
          reason: 'upheld',
          annulledDate: '2027-03-05',
          restoredStatus: 'active',
          subjectHash: 'hash-of-subject',
          depositRestoredFen: 300_000,
          termEndDate: '2028-01-03',
          renewalReminderDate: '2027-12-05',
          voluntaryExitDate: null,
          bufferEndDate: null,
        },
      },
    ]);
    expect(out.state).toMatchObject({ status: 'active', exit: null, clearOut: null });
    expect(out.state.annulments).toEqual([{ kind: 'forced-exit', appealId: 'ap-1', date: '2027-03-05', reason: 'upheld' }]);
    // A repeated effect of the same appeal records nothing; another annulment of an active member is refused.
    const after = [...FORCED_OUT, ...out.events];
    expect(
      decided(after, { type: 'AnnulForcedExit', memberId: 'm-1', appealId: 'ap-1', reason: 'upheld' }, at('2027-03-06')).events,
    ).toEqual([]);
    expect(
      decided(after, { type: 'AnnulForcedExit', memberId: 'm-1', appealId: 'ap-2', reason: 'x' }, at('2027-03-06')).error?.code,
    ).toBe('ILLEGAL_TRANSITION');
  });

  it('M-APL-2: a member forced out while giving notice goes back to exiting, its exit date kept', () => {
    const forced = run(NOTICE_GIVEN, forceExit('M-PEN-6c', 'network fraud', { warnings: 0, notRectified: 0 }), at('2027-06-05'));
    const out = decided(
      forced,
      { type: 'AnnulForcedExit', memberId: 'm-1', appealId: 'ap-3', reason: 'wrong member' },
      at('2027-06-08'),
    );
    expect(out.state).toMatchObject({ status: 'exiting', exit: { kind: 'voluntary', exitDate: '2027-06-16' } });
    expect(out.events[0]).toMatchObject({
      data: { restoredStatus: 'exiting', voluntaryExitDate: '2027-06-16', renewalReminderDate: null },
    });
  });

  it('M-TERM-4: the clear-out is confirmed once, after an exit, with the days late counted from its due date', () => {
    const out = decided(LEFT_VOLUNTARILY, { type: 'ConfirmClearOut', memberId: 'm-1' }, at('2027-06-19'));
    expect(out.events).toEqual([
      { type: 'ClearOutConfirmed.v1', data: { confirmedDate: '2027-06-19', dueDate: '2027-06-16', daysLate: 3, note: null } },
    ]);
    expect(
      decided([...LEFT_VOLUNTARILY, ...out.events], { type: 'ConfirmClearOut', memberId: 'm-1' }, at('2027-06-20')).error?.code,
    ).toBe('ILLEGAL_TRANSITION');
    expect(decided(ACTIVE, { type: 'ConfirmClearOut', memberId: 'm-1' }, at('2027-06-20')).error?.code).toBe(
      'ILLEGAL_TRANSITION',
    );
    // An expired member had to be out by the buffer's last day.
    const expired = decided(EXPIRED, { type: 'ConfirmClearOut', memberId: 'm-1' }, at('2028-01-12'));
    expect(expired.events[0]).toMatchObject({ data: { dueDate: '2028-01-10', daysLate: 2 } });
  });
});

describe('clear-out before the exit (M-TERM-4)', () => {
  it('M-TERM-4: vacated during the notice period, the exit starts no late-exit counting', () => {
    const confirmed = decided(NOTICE_GIVEN, { type: 'ConfirmClearOut', memberId: 'm-1' }, at('2027-06-10'));
    expect(confirmed.events).toEqual([
      { type: 'ClearOutConfirmed.v1', data: { confirmedDate: '2027-06-10', dueDate: '2027-06-16', daysLate: 0, note: null } },
    ]);
    const left = decided([...NOTICE_GIVEN, ...confirmed.events], complete('2027-06-16'), at('2027-06-16'));
    expect(left.events[0]).toMatchObject({ type: 'VoluntaryExitCompleted.v2', data: { clearedOut: true } });
    expect(left.state.clearOut).toEqual({ dueDate: '2027-06-16', confirmedDate: '2027-06-10', forced: false });
    expect(
      decided([...NOTICE_GIVEN, ...confirmed.events], { type: 'ConfirmClearOut', memberId: 'm-1' }, at('2027-06-11')).error?.code,
    ).toBe('ILLEGAL_TRANSITION');
  });
});
