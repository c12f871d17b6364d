import { addDays, calendarDaysBetween, lastDayOf, periodEnd } from '@opc/kernel';
import { ACTIVE, APPLIED, APPROVED, at, decided, onboard, PAID, pay, REVIEWED, run, sign, SIGNED } from '../member.fixtures';
import { MEMBERSHIP_RULES_V1, type MembershipRules } from '../rules/membership-rules';

const REJECTED = run(
  REVIEWED,
  { type: 'RecordProjectEvaluation', memberId: 'm-1', decision: 'reject', reason: 'not feasible' },
  at('2026-12-04'),
);

describe('agreement decider', () => {
  describe('signing (M-ADM-6, M-TERM-1)', () => {
    it('M-ADM-6: an approved applicant signs an agreement with term, fee and deposit', () => {
      const out = decided(APPROVED, sign('2027-01-04'), at('2026-12-10'));
      expect(out.error).toBeNull();
      expect(out.events).toEqual([
        {
          type: 'AgreementSigned.v1',
          data: {
            startDate: '2027-01-04',
            termEndDate: '2028-01-03',
            feeFen: 1_200_000,
            feeDueDate: '2027-01-04',
            depositFen: 300_000,
            termMonths: 12,
          },
        },
      ]);
      expect(out.state.status).toBe('signed');
      expect(out.state.agreement).toEqual({ startDate: '2027-01-04', feeFen: 1_200_000, depositFen: 300_000 });
      expect(out.state.term).toEqual({
        start: '2027-01-04',
        end: '2028-01-03',
        feeFen: 1_200_000,
        feeDueDate: '2027-01-04',
        feePaidFen: 0,
        feeLate: false,
      });
    });

    it.each([
      ['applied', APPLIED],
      ['reviewed', REVIEWED],
      ['rejected', REJECTED],
      ['signed', SIGNED],
      ['active', ACTIVE],
    ])('M-ADM-6: an agreement is signed only once approved — refused in status %s (ILLEGAL_TRANSITION)', (status, history) => {
      const out = decided(history, sign('2027-01-04'), at('2026-12-10'));
      expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
      expect(out.error?.extensions).toEqual({ currentStatus: status, command: 'SignAgreement' });
      expect(out.events).toEqual([]);
    });

    it('M-ADM-6: an agreement for a member that was never recorded is NOT_FOUND', () => {
      const out = decided([], sign('2027-01-04'), at('2026-12-10'));
      expect(out.error?.code).toBe('NOT_FOUND');
      expect(out.error?.extensions).toEqual({ resource: 'member', id: 'm-1' });
    });

    it('M-TERM-1: a 12-month term from 2027-01-04 is exclusive of 2028-01-04, so its last day is 2028-01-03', () => {
      const out = decided(APPROVED, sign('2027-01-04'), at('2026-12-10'));
      expect(out.events[0].type === 'AgreementSigned.v1' && out.events[0].data).toMatchObject({
        startDate: '2027-01-04',
        termEndDate: '2028-01-03',
        termMonths: 12,
      });
      expect(out.state.term?.end).toBe('2028-01-03');
    });

    it('M-TERM-1: a term from 31 January 2027 runs to 2028-01-31 exclusive, last day 2028-01-30', () => {
      const out = decided(APPROVED, sign('2027-01-31'), at('2026-12-10'));
      expect(out.events[0].type === 'AgreementSigned.v1' && out.events[0].data).toMatchObject({
        startDate: '2027-01-31',
        termEndDate: '2028-01-30',
        feeDueDate: '2027-01-31',
      });
    });

    it('M-TERM-1: a term from 29 February 2028 ends with 2029-02-28 exclusive (the date clamps), last day 2029-02-27', () => {
      const out = decided(APPROVED, sign('2028-02-29'), at('2026-12-10'));
      expect(out.state.term?.end).toBe('2029-02-27');
    });

    it('M-TERM-1: the term length comes from the rule set — a 1-month term from 31 January ends at the last day of February, exclusive', () => {
      // "From 31 January, one month later is the last day of February": the period covers 01-31 up to 02-28
      // exclusive, so its last day is 02-27; in 2028 the period ends with 02-29 exclusive, last day 02-28.
      expect(periodEnd('2027-01-31', { months: 1 })).toBe('2027-02-28');
      const oneMonth: MembershipRules = { ...MEMBERSHIP_RULES_V1, term: { ...MEMBERSHIP_RULES_V1.term, months: 1 } };
      const common = decided(APPROVED, sign('2027-01-31'), at('2026-12-10'), oneMonth);
      expect(common.events[0].type === 'AgreementSigned.v1' && common.events[0].data).toMatchObject({
        termEndDate: '2027-02-27',
        termMonths: 1,
      });
      const leap = decided(APPROVED, sign('2028-01-31'), at('2026-12-10'), oneMonth);
      expect(leap.state.term?.end).toBe('2028-02-28');
      expect(lastDayOf('2028-01-31', { months: 1 })).toBe('2028-02-28');
    });

    it('M-ADM-6: the fee is due on the term start when the term starts later than the signing', () => {
      const out = decided(APPROVED, sign('2027-01-04'), at('2026-12-10'));
      expect(out.state.term?.feeDueDate).toBe('2027-01-04');
    });

    it('M-ADM-6: the fee is due on the signing date when the term starts that day', () => {
      const out = decided(APPROVED, sign('2027-01-04'), at('2027-01-04', '18:00:00'));
      expect(out.state.term?.feeDueDate).toBe('2027-01-04');
    });

    it('M-ADM-6: the fee is due on the signing date when the term started before it; the term still runs from its start', () => {
      const out = decided(APPROVED, sign('2027-01-04'), at('2027-01-10'));
      expect(out.events).toEqual([
        {
          type: 'AgreementSigned.v1',
          data: {
            startDate: '2027-01-04',
            termEndDate: '2028-01-03',
            feeFen: 1_200_000,
            feeDueDate: '2027-01-10',
            depositFen: 300_000,
            termMonths: 12,
          },
        },
      ]);
    });

    it('M-ADM-6: the signing date is the Shanghai business date — 16:30 UTC on 2027-01-04 is already 2027-01-05 there', () => {
      const out = decided(APPROVED, sign('2027-01-04'), '2027-01-04T16:30:00Z');
      expect(out.state.term?.feeDueDate).toBe('2027-01-05');
    });
  });

  describe('payments (M-ADM-6, M-TERM-3)', () => {
    it('M-ADM-6: a fee paid in full on its due date is recorded on time, nothing outstanding', () => {
      const out = decided(SIGNED, pay('fee', 1_200_000, 'BANK-1'), at('2027-01-04', '23:59:00'));
      expect(out.events).toEqual([
        {
          type: 'PaymentRecorded.v1',
          data: {
            kind: 'fee',
            amountFen: 1_200_000,
            reference: 'BANK-1',
            paidDate: '2027-01-04',
            termStartDate: '2027-01-04',
            late: false,
            outstandingFen: 0,
          },
        },
      ]);
      expect(out.state.term).toMatchObject({ feePaidFen: 1_200_000, feeLate: false });
    });

    it('M-TERM-3: a fee paid after its due date is marked late, and so is the term (Shanghai date: 16:00 UTC is the next day)', () => {
      const out = decided(SIGNED, pay('fee', 1_200_000, 'BANK-2'), '2027-01-04T16:00:00Z');
      expect(out.events).toEqual([
        {
          type: 'PaymentRecorded.v1',
          data: {
            kind: 'fee',
            amountFen: 1_200_000,
            reference: 'BANK-2',
            paidDate: '2027-01-05',
            termStartDate: '2027-01-04',
            late: true,
            outstandingFen: 0,
          },
        },
      ]);
      expect(out.state.term?.feeLate).toBe(true);
      expect(out.state.payments).toEqual([expect.objectContaining({ kind: 'fee', paidDate: '2027-01-05', late: true })]);
    });

    it('M-TERM-3: one late instalment makes the term fee late even though the first one was on time', () => {
      const partOnTime = run(SIGNED, pay('fee', 600_000), at('2027-01-04'));
      expect(decided(SIGNED, pay('fee', 600_000), at('2027-01-04')).state.term?.feeLate).toBe(false);
      const out = decided(partOnTime, pay('fee', 600_000), at('2027-01-06'));
      expect(out.events[0].type === 'PaymentRecorded.v1' && out.events[0].data).toMatchObject({ late: true, outstandingFen: 0 });
      expect(out.state.term).toMatchObject({ feePaidFen: 1_200_000, feeLate: true });
    });

    it('M-TERM-3: a late instalment stays on record when an on-time one (back-dated by its occurredAt) is recorded after it', () => {
      const partLate = run(SIGNED, pay('fee', 600_000), at('2027-01-06'));
      const out = decided(partLate, pay('fee', 600_000), at('2027-01-03'));
      expect(out.events[0].type === 'PaymentRecorded.v1' && out.events[0].data).toMatchObject({ late: false, outstandingFen: 0 });
      expect(out.state.term).toMatchObject({ feePaidFen: 1_200_000, feeLate: true });
    });

    it('M-ADM-6: a deposit is not tied to a term and is never marked late', () => {
      const out = decided(SIGNED, pay('deposit', 300_000, 'DEP-1'), at('2027-02-01'));
      expect(out.events).toEqual([
        {
          type: 'PaymentRecorded.v1',
          data: {
            kind: 'deposit',
            amountFen: 300_000,
            reference: 'DEP-1',
            paidDate: '2027-02-01',
            termStartDate: null,
            late: false,
            outstandingFen: 0,
          },
        },
      ]);
      expect(out.state.depositPaidFen).toBe(300_000);
      expect(out.state.term?.feeLate).toBe(false);
    });

    it('M-ADM-6: each payment lowers what is outstanding of its kind', () => {
      const outstandingAfter = (out: ReturnType<typeof decided>) =>
        out.events[0].type === 'PaymentRecorded.v1' ? out.events[0].data.outstandingFen : undefined;
      const first = decided(SIGNED, pay('fee', 400_000), at('2026-12-20'));
      expect(outstandingAfter(first)).toBe(800_000);
      const h1 = [...SIGNED, ...first.events];
      const second = decided(h1, pay('fee', 500_000), at('2026-12-21'));
      expect(outstandingAfter(second)).toBe(300_000);
      const h2 = [...h1, ...second.events];
      const deposit = decided(h2, pay('deposit', 100_000), at('2026-12-22'));
      expect(outstandingAfter(deposit)).toBe(200_000);
      const h3 = [...h2, ...deposit.events];
      const last = decided(h3, pay('fee', 300_000), at('2026-12-23'));
      expect(outstandingAfter(last)).toBe(0);
      expect(last.state.term?.feePaidFen).toBe(1_200_000);
      expect(last.state.depositPaidFen).toBe(100_000);
      expect(last.state.payments.map((p) => [p.kind, p.amountFen])).toEqual([
        ['fee', 400_000],
        ['fee', 500_000],
        ['deposit', 100_000],
        ['fee', 300_000],
      ]);
    });

    it('M-ADM-6: a payment over the outstanding amount is OUT_OF_RANGE', () => {
      const fee = decided(SIGNED, pay('fee', 1_200_001), at('2026-12-20'));
      expect(fee.error?.code).toBe('OUT_OF_RANGE');
      expect(fee.error?.extensions).toEqual({ field: 'amountFen', value: 1_200_001, min: 1, max: 1_200_000, rule: 'M-ADM-6' });
      expect(fee.events).toEqual([]);

      const afterPart = run(SIGNED, pay('fee', 1_000_000), at('2026-12-20'));
      const rest = decided(afterPart, pay('fee', 200_001), at('2026-12-21'));
      expect(rest.error?.code).toBe('OUT_OF_RANGE');
      expect(rest.error?.extensions).toMatchObject({ value: 200_001, max: 200_000 });

      const deposit = decided(SIGNED, pay('deposit', 300_001), at('2026-12-20'));
      expect(deposit.error?.code).toBe('OUT_OF_RANGE');
      expect(deposit.error?.extensions).toMatchObject({ value: 300_001, max: 300_000 });

      const paidInFull = decided(PAID, pay('fee', 1), at('2026-12-21'));
      expect(paidInFull.error?.code).toBe('OUT_OF_RANGE');
      expect(paidInFull.error?.extensions).toMatchObject({ value: 1, min: 1, max: 0 });
    });

    it.each([['fee' as const], ['deposit' as const]])('M-ADM-6: a %s payment of zero is OUT_OF_RANGE', (kind) => {
      const out = decided(SIGNED, pay(kind, 0), at('2026-12-20'));
      expect(out.error?.code).toBe('OUT_OF_RANGE');
      expect(out.error?.extensions).toMatchObject({ field: 'amountFen', value: 0, min: 1 });
      expect(out.events).toEqual([]);
    });

    it('M-ADM-6: a deposit payment on an agreement without a deposit is OUT_OF_RANGE (nothing is owed)', () => {
      const noDeposit = run(APPROVED, sign('2027-01-04', 1_200_000, 0), at('2026-12-10'));
      const out = decided(noDeposit, pay('deposit', 100), at('2026-12-20'));
      expect(out.error?.code).toBe('OUT_OF_RANGE');
      expect(out.error?.extensions).toMatchObject({ value: 100, max: 0 });
    });

    it('M-ADM-6: a payment before the agreement is signed is an ILLEGAL_TRANSITION', () => {
      const out = decided(APPROVED, pay('fee', 1_200_000), at('2026-12-20'));
      expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
      expect(out.error?.extensions).toEqual({ currentStatus: 'approved', command: 'RecordPayment' });
    });
  });

  describe('onboarding (M-ADM-6, M-TERM-2)', () => {
    const FEE_UNPAID = 'M-ADM-6: fee not paid in full (1200000 fen outstanding)';
    const DEPOSIT_UNPAID = 'M-ADM-6: deposit not paid in full (300000 fen outstanding)';
    const NO_BRIEFING = 'M-ADM-6: the briefing on the rules and the reward/penalty scheme must be acknowledged';

    it('M-ADM-6: onboarding waits for payment — nothing paid lists both the fee and the deposit', () => {
      const out = decided(SIGNED, onboard(), at('2027-01-04'));
      expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
      expect(out.error?.extensions).toEqual({ reasons: [FEE_UNPAID, DEPOSIT_UNPAID] });
      expect(out.events).toEqual([]);
      expect(out.state.status).toBe('signed');
    });

    it('M-ADM-6: a fee paid in part keeps onboarding refused, naming what is still owed', () => {
      const history = run(run(SIGNED, pay('fee', 1_000_000), at('2026-12-20')), pay('deposit', 300_000), at('2026-12-20'));
      const out = decided(history, onboard(), at('2027-01-04'));
      expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
      expect(out.error?.extensions).toEqual({ reasons: ['M-ADM-6: fee not paid in full (200000 fen outstanding)'] });
    });

    it('M-ADM-6: a deposit paid in part keeps onboarding refused, naming what is still owed', () => {
      const history = run(run(SIGNED, pay('fee', 1_200_000), at('2026-12-20')), pay('deposit', 100_000), at('2026-12-20'));
      const out = decided(history, onboard(), at('2027-01-04'));
      expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
      expect(out.error?.extensions).toEqual({ reasons: ['M-ADM-6: deposit not paid in full (200000 fen outstanding)'] });
    });

    it('M-ADM-6: without the briefing acknowledgement onboarding is refused even when everything is paid', () => {
      const out = decided(PAID, onboard(false), at('2027-01-04'));
      expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
      expect(out.error?.extensions).toEqual({ reasons: [NO_BRIEFING] });
      expect(out.state.status).toBe('signed');
    });

    it('M-ADM-6: every unmet condition is listed at once', () => {
      const out = decided(SIGNED, onboard(false), at('2027-01-04'));
      expect(out.error?.extensions).toEqual({ reasons: [NO_BRIEFING, FEE_UNPAID, DEPOSIT_UNPAID] });
    });

    it('M-ADM-6: fee and deposit paid in full and the briefing acknowledged → onboarded, archive created', () => {
      const out = decided(PAID, onboard(), at('2027-01-04'));
      expect(out.error).toBeNull();
      expect(out.events).toEqual([
        {
          type: 'MemberOnboarded.v1',
          data: {
            workspace: 'A-301',
            briefingAcknowledged: true,
            onboardedDate: '2027-01-04',
            termEndDate: '2028-01-03',
            renewalReminderDate: '2027-12-05',
            archiveCreated: true,
          },
        },
      ]);
      expect(out.state.status).toBe('active');
      expect(out.state.onboarding).toEqual({ workspace: 'A-301', date: '2027-01-04' });
    });

    it('M-ADM-6: an agreement without a deposit onboards once the fee is paid', () => {
      const noDeposit = run(APPROVED, sign('2027-01-04', 1_200_000, 0), at('2026-12-10'));
      expect(decided(noDeposit, onboard(), at('2027-01-04')).error?.extensions).toEqual({ reasons: [FEE_UNPAID] });
      const paid = run(noDeposit, pay('fee', 1_200_000), at('2026-12-20'));
      const out = decided(paid, onboard(), at('2027-01-04'));
      expect(out.error).toBeNull();
      expect(out.events.map((e) => e.type)).toEqual(['MemberOnboarded.v1']);
      expect(out.state.status).toBe('active');
    });

    it('M-ADM-6 [choice]: a rule set that does not wait for payment onboards with money outstanding, but still needs the briefing', () => {
      const rules: MembershipRules = { ...MEMBERSHIP_RULES_V1, agreement: { onboardingRequiresFullPayment: false } };
      expect(decided(SIGNED, onboard(), at('2027-01-04'), rules).state.status).toBe('active');
      const out = decided(SIGNED, onboard(false), at('2027-01-04'), rules);
      expect(out.error?.extensions).toEqual({ reasons: [NO_BRIEFING] });
    });

    it('M-ADM-6: onboarding before signing, or a second time, is an ILLEGAL_TRANSITION', () => {
      expect(decided(APPROVED, onboard(), at('2027-01-04')).error?.extensions).toEqual({
        currentStatus: 'approved',
        command: 'OnboardMember',
      });
      expect(decided(ACTIVE, onboard(), at('2027-01-05')).error?.extensions).toEqual({
        currentStatus: 'active',
        command: 'OnboardMember',
      });
    });

    it('M-TERM-2: the reminder date is 30 days before the term ends, i.e. before the day after its last day (last day 2028-01-03 → 2027-12-05)', () => {
      // The code's definition: renewalReminderDate = (last day + 1) − 30 days.
      expect(addDays('2028-01-04', -30)).toBe('2027-12-05');
      expect(calendarDaysBetween('2027-12-05', '2028-01-04')).toBe(30);
      const out = decided(PAID, onboard(), at('2027-01-04'));
      expect(out.events[0].type === 'MemberOnboarded.v1' && out.events[0].data).toMatchObject({
        termEndDate: '2028-01-03',
        renewalReminderDate: '2027-12-05',
      });
    });

    it('M-TERM-2: for a term from 31 January 2027 (last day 2028-01-30) the reminder falls on 2028-01-01', () => {
      const signed = run(APPROVED, sign('2027-01-31', 1_200_000, 0), at('2026-12-10'));
      const paid = run(signed, pay('fee', 1_200_000), at('2026-12-20'));
      const out = decided(paid, onboard(), at('2027-01-31'));
      expect(out.events[0].type === 'MemberOnboarded.v1' && out.events[0].data).toMatchObject({
        termEndDate: '2028-01-30',
        renewalReminderDate: '2028-01-01',
      });
    });

    it('M-TERM-2: the reminder distance comes from the rule set', () => {
      const rules: MembershipRules = {
        ...MEMBERSHIP_RULES_V1,
        term: { ...MEMBERSHIP_RULES_V1.term, renewalReminderDaysBefore: 60 },
      };
      const out = decided(PAID, onboard(), at('2027-01-04'), rules);
      expect(out.events[0].type === 'MemberOnboarded.v1' && out.events[0].data.renewalReminderDate).toBe('2027-11-05');
    });
  });
});
