import { addDays, DomainError } from '@opc/kernel';
import { memberDecider } from '../member.decider';
import {
  ACTIVE,
  at,
  ctxAt,
  decided,
  endBuffer,
  endTerm,
  EXPIRED,
  IN_BUFFER,
  onboard,
  pay,
  run,
  SIGNED,
} from '../member.fixtures';
import { evolveMember, initialMember, type Member, type MemberEvent } from '../member.state';
import { MEMBERSHIP_RULES_V1, type MembershipRules } from '../rules/membership-rules';
import type { DecideRenewal, IssueRenewalReminder } from './term.commands';

const stateOf = (history: MemberEvent[]): Member => history.reduce(evolveMember, initialMember());
/** The refusal of a decision taken on a hand-made state (for facts no event records yet). */
const refusalOf = (decide: () => unknown): DomainError => {
  try {
    decide();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the decision to be refused');
};

const remind = (termEndDate: string): IssueRenewalReminder => ({ type: 'IssueRenewalReminder', memberId: 'm-1', termEndDate });
const renewal = (decision: 'approve' | 'reject', reason = `${decision}d by operations`): DecideRenewal => ({
  type: 'DecideRenewal',
  memberId: 'm-1',
  decision,
  reason,
  violations: [],
});

/** The fee came two days after it was due (2027-01-04). */
const ACTIVE_FEE_LATE = run(
  run(run(SIGNED, pay('fee', 1_200_000), at('2027-01-06')), pay('deposit', 300_000), at('2027-01-06')),
  onboard(),
  at('2027-01-06'),
);
/** Renewed on 2027-12-10: the next term runs 2028-01-04 .. 2029-01-03, its fee not paid yet. */
const RENEWED = run(ACTIVE, renewal('approve'), at('2027-12-10'));
const RENEWAL_REFUSED = run(ACTIVE, renewal('reject', 'project no longer fits'), at('2027-12-10'));

describe('term decider', () => {
  describe('renewal reminder (M-TERM-2)', () => {
    it('M-TERM-2: the reminder for the current term is issued, recording the term it was about', () => {
      const out = decided(ACTIVE, remind('2028-01-03'), at('2027-12-05'));
      expect(out.error).toBeNull();
      expect(out.events).toEqual([
        { type: 'RenewalReminderIssued.v1', data: { termEndDate: '2028-01-03', reminderDate: '2027-12-05' } },
      ]);
      expect(out.state.reminderIssuedFor).toBe('2028-01-03');
    });

    it('M-TERM-2: the reminder is issued once — a repeat decides nothing', () => {
      const reminded = run(ACTIVE, remind('2028-01-03'), at('2027-12-05'));
      const out = decided(reminded, remind('2028-01-03'), at('2027-12-06'));
      expect(out.error).toBeNull();
      expect(out.events).toEqual([]);
    });

    it('M-TERM-2: a reminder for a term end that is not the current one (stale) decides nothing', () => {
      expect(decided(ACTIVE, remind('2027-12-31'), at('2027-12-05')).events).toEqual([]);
      // After the renewal the old term's reminder is stale; the new term gets its own.
      const reminded = run(ACTIVE, remind('2028-01-03'), at('2027-12-05'));
      const renewed = run(reminded, renewal('approve'), at('2027-12-10'));
      expect(decided(renewed, remind('2028-01-03'), at('2027-12-11')).events).toEqual([]);
      expect(decided(renewed, remind('2029-01-03'), at('2028-12-05')).events).toEqual([
        { type: 'RenewalReminderIssued.v1', data: { termEndDate: '2029-01-03', reminderDate: '2028-12-05' } },
      ]);
    });

    it('M-TERM-2: a member who is not active gets no reminder', () => {
      expect(decided(SIGNED, remind('2028-01-03'), at('2027-12-05')).events).toEqual([]);
      expect(decided(IN_BUFFER, remind('2028-01-03'), at('2028-01-05')).events).toEqual([]);
    });
  });

  describe('renewal (M-TERM-3)', () => {
    it('M-TERM-3: an approved renewal adds 12 months from the old end — last day 2028-01-03 → new term 2028-01-04 .. 2029-01-03', () => {
      const out = decided(ACTIVE, renewal('approve', 'fees on time, no violations'), at('2027-12-10'));
      expect(out.error).toBeNull();
      expect(out.events).toEqual([
        {
          type: 'RenewalApproved.v1',
          data: {
            reason: 'fees on time, no violations',
            previousTermEndDate: '2028-01-03',
            newTermStartDate: '2028-01-04',
            newTermEndDate: '2029-01-03',
            feeFen: 1_200_000,
            feeDueDate: '2028-01-04',
            // M-TERM-2: (2029-01-03 + 1) − 30 days.
            renewalReminderDate: '2028-12-05',
          },
        },
      ]);
      expect(out.state.status).toBe('active');
      expect(out.state.renewals).toBe(1);
      expect(out.state.term).toEqual({
        start: '2028-01-04',
        end: '2029-01-03',
        feeFen: 1_200_000,
        feeDueDate: '2028-01-04',
        feePaidFen: 0,
        feeLate: false,
      });
      expect(out.state.terms.map((t) => [t.start, t.end])).toEqual([
        ['2027-01-04', '2028-01-03'],
        ['2028-01-04', '2029-01-03'],
      ]);
      expect(out.state.renewalHistory).toEqual([
        { decision: 'approve', reason: 'fees on time, no violations', termEndDate: '2028-01-03', newTermEndDate: '2029-01-03' },
      ]);
    });

    it("M-TERM-3: renewal is refused (CONDITIONS_NOT_MET) while the current term's fee is unpaid", () => {
      // The renewed term's fee is still owed; renewing again must wait for it.
      const out = decided(RENEWED, renewal('approve'), at('2027-12-20'));
      expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
      expect(out.error?.extensions).toEqual({ reasons: ["M-TERM-3: the term's fee is unpaid (1200000 fen outstanding)"] });
      expect(out.events).toEqual([]);
      // Paid on time (before 2028-01-04), the next renewal goes through: 2029-01-04 .. 2030-01-03.
      const paid = run(RENEWED, pay('fee', 1_200_000), at('2027-12-28'));
      const again = decided(paid, renewal('approve'), at('2028-12-10'));
      expect(again.events[0].type === 'RenewalApproved.v1' && again.events[0].data).toMatchObject({
        previousTermEndDate: '2029-01-03',
        newTermStartDate: '2029-01-04',
        newTermEndDate: '2030-01-03',
      });
    });

    it("M-TERM-3: renewal is refused when the term's fee was paid late", () => {
      const out = decided(ACTIVE_FEE_LATE, renewal('approve'), at('2027-12-10'));
      expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
      expect(out.error?.extensions).toEqual({ reasons: ["M-TERM-3: the term's fee was paid late"] });
    });

    it('M-TERM-3: a fee paid late and still partly unpaid gives both reasons', () => {
      const partLate = run(RENEWED, pay('fee', 600_000), at('2028-01-05'));
      const out = decided(partLate, renewal('approve'), at('2028-12-10'));
      expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
      expect(out.error?.extensions).toEqual({
        reasons: ["M-TERM-3: the term's fee is unpaid (600000 fen outstanding)", "M-TERM-3: the term's fee was paid late"],
      });
    });

    it('M-TERM-3: renewal is refused listing the violations of the current term; one from an earlier term does not count', () => {
      const violations = [
        { caseId: 'c-old', clause: 'M-PEN-2b', occurredDate: '2026-12-20' }, // before this term began (2027-01-04)
        { caseId: 'c-1', clause: 'M-PEN-2b', occurredDate: '2027-05-10' },
      ];
      const error = refusalOf(() =>
        memberDecider.decide({ ...renewal('approve'), violations }, stateOf(ACTIVE), ctxAt(at('2027-12-10'))),
      );
      expect(error.code).toBe('CONDITIONS_NOT_MET');
      expect(error.extensions).toEqual({
        reasons: ['M-TERM-3: violation on record in this term: M-PEN-2b on 2027-05-10 (case c-1)'],
      });
      // Only the earlier term's: renewed.
      expect(
        memberDecider
          .decide({ ...renewal('approve'), violations: [violations[0]] }, stateOf(ACTIVE), ctxAt(at('2027-12-10')))
          .map((e) => e.type),
      ).toEqual(['RenewalApproved.v1']);
    });

    it('M-TERM-4: a renewal approved on the last day of the term is in time', () => {
      const out = decided(ACTIVE, renewal('approve'), at('2028-01-03', '23:59:59'));
      expect(out.events.map((e) => e.type)).toEqual(['RenewalApproved.v1']);
    });

    it('M-TERM-4: a renewal approved after the last day is DEADLINE_PASSED, even before the scheduler has ended the term', () => {
      // Still active: EndTerm has not run yet. The outcome must not depend on that.
      const out = decided(ACTIVE, renewal('approve'), '2028-01-03T16:00:00Z');
      expect(out.error?.code).toBe('DEADLINE_PASSED');
      expect(out.error?.extensions).toEqual({ termEndDate: '2028-01-03', decidedDate: '2028-01-04' });
      expect(out.events).toEqual([]);
      expect(decided(ACTIVE, endTerm('2028-01-03'), at('2028-01-04')).events.map((e) => e.type)).toEqual(['TermEnded.v1']);
    });

    it('M-TERM-3: a refused renewal is recorded; the member stays active until the term ends', () => {
      const out = decided(ACTIVE, renewal('reject', 'project no longer fits'), at('2027-12-10'));
      expect(out.events).toEqual([
        { type: 'RenewalRejected.v1', data: { reason: 'project no longer fits', termEndDate: '2028-01-03' } },
      ]);
      expect(out.state.status).toBe('active');
      expect(out.state.renewalRejected).toBe(true);
      expect(out.state.term?.end).toBe('2028-01-03');
      expect(out.state.renewalHistory).toEqual([
        { decision: 'reject', reason: 'project no longer fits', termEndDate: '2028-01-03', newTermEndDate: null },
      ]);
    });

    it.each([['approve' as const], ['reject' as const]])(
      'M-TERM-3: after a refused renewal a second decision (%s) is an ILLEGAL_TRANSITION',
      (decision) => {
        const out = decided(RENEWAL_REFUSED, renewal(decision), at('2027-12-11'));
        expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
        expect(out.error?.extensions).toEqual({ currentStatus: 'active (renewal refused)', command: 'DecideRenewal' });
        expect(out.events).toEqual([]);
      },
    );

    it('M-TERM-3: a refused renewal means exit at the term end (M-TERM-4 applies)', () => {
      const out = decided(RENEWAL_REFUSED, endTerm('2028-01-03'), at('2028-01-04'));
      expect(out.events).toEqual([{ type: 'TermEnded.v1', data: { termEndDate: '2028-01-03', bufferEndDate: '2028-01-10' } }]);
    });

    it.each([
      ['signed', SIGNED],
      ['exiting', IN_BUFFER],
      ['exited', EXPIRED],
    ])('M-TERM-3: renewal of a member in status %s is an ILLEGAL_TRANSITION', (status, history) => {
      const out = decided(history, renewal('approve'), at('2028-01-20'));
      expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
      expect(out.error?.extensions).toEqual({ currentStatus: status, command: 'DecideRenewal' });
    });
  });

  describe('term end and exit buffer (M-TERM-4, M-ARC-2)', () => {
    it('M-TERM-4: EndTerm before or on the last day decides nothing (Shanghai time: 15:59 UTC is still 2028-01-03)', () => {
      for (const instant of [at('2027-12-20'), at('2028-01-03', '23:59:59'), '2028-01-03T15:59:59Z']) {
        const out = decided(ACTIVE, endTerm('2028-01-03'), instant);
        expect(out.error).toBeNull();
        expect(out.events).toEqual([]);
        expect(out.state.status).toBe('active');
      }
    });

    it('M-TERM-4: the day after the last day the term ends with a 7-day buffer (buffer last day = term last day + 7)', () => {
      for (const instant of [at('2028-01-04', '00:00:00'), '2028-01-03T16:00:00Z', at('2028-01-06')]) {
        const out = decided(ACTIVE, endTerm('2028-01-03'), instant);
        expect(out.events).toEqual([{ type: 'TermEnded.v1', data: { termEndDate: '2028-01-03', bufferEndDate: '2028-01-10' } }]);
        expect(out.state.status).toBe('exiting');
        expect(out.state.bufferEndDate).toBe(addDays('2028-01-03', 7));
      }
    });

    it('M-TERM-4: the buffer length comes from the rule set', () => {
      const rules: MembershipRules = { ...MEMBERSHIP_RULES_V1, term: { ...MEMBERSHIP_RULES_V1.term, exitBufferDays: 14 } };
      const out = decided(ACTIVE, endTerm('2028-01-03'), at('2028-01-04'), rules);
      expect(out.state.bufferEndDate).toBe('2028-01-17');
    });

    it('M-TERM-4: an EndTerm for another date, or a second one, decides nothing', () => {
      expect(decided(ACTIVE, endTerm('2028-01-02'), at('2028-01-04')).events).toEqual([]);
      expect(decided(IN_BUFFER, endTerm('2028-01-03'), at('2028-01-05')).events).toEqual([]);
    });

    it('M-TERM-4: after a renewal, an EndTerm for the old term end decides nothing; the new term ends on its own date', () => {
      const stale = decided(RENEWED, endTerm('2028-01-03'), at('2028-01-04'));
      expect(stale.events).toEqual([]);
      expect(stale.state.status).toBe('active');
      const paid = run(RENEWED, pay('fee', 1_200_000), at('2027-12-28'));
      expect(decided(paid, endTerm('2029-01-03'), at('2029-01-04')).events).toEqual([
        { type: 'TermEnded.v1', data: { termEndDate: '2029-01-03', bufferEndDate: '2029-01-10' } },
      ]);
    });

    it("M-TERM-4: EndExitBuffer on or before the buffer's last day, for another date, or without a buffer decides nothing", () => {
      expect(decided(IN_BUFFER, endBuffer('2028-01-10'), at('2028-01-10', '23:59:59')).events).toEqual([]);
      expect(decided(IN_BUFFER, endBuffer('2028-01-10'), at('2028-01-07')).events).toEqual([]);
      expect(decided(IN_BUFFER, endBuffer('2028-01-09'), at('2028-01-11')).events).toEqual([]);
      expect(decided(ACTIVE, endBuffer('2028-01-10'), at('2028-01-11')).events).toEqual([]);
      expect(decided(EXPIRED, endBuffer('2028-01-10'), at('2028-01-12')).events).toEqual([]);
    });

    it('M-TERM-4: after the buffer the member has exited — exit date = buffer last day + 1; M-ARC-2: kept 3 years from it', () => {
      const out = decided(IN_BUFFER, endBuffer('2028-01-10'), at('2028-01-11', '00:00:00'));
      expect(out.events).toEqual([
        { type: 'ExitBufferEnded.v2', data: { exitDate: '2028-01-11', retentionUntil: '2031-01-11', clearedOut: false } },
      ]);
      expect(out.state.status).toBe('exited');
      expect(out.state.exit).toEqual({
        kind: 'expired',
        exitDate: '2028-01-11',
        noticeDate: null,
        reason: 'term ended without renewal (M-TERM-4)',
        clause: null,
        depositForfeitedFen: 0,
        banUntil: null,
        retentionUntil: '2031-01-11',
      });
    });

    it('M-ARC-2: the retention period comes from the rule set and counts from the exit date', () => {
      const rules: MembershipRules = { ...MEMBERSHIP_RULES_V1, archive: { retentionYears: 5 } };
      const out = decided(IN_BUFFER, endBuffer('2028-01-10'), at('2028-01-20'), rules);
      expect(out.events).toEqual([
        { type: 'ExitBufferEnded.v2', data: { exitDate: '2028-01-11', retentionUntil: '2033-01-11', clearedOut: false } },
      ]);
    });
  });
});
