import {
  assertFen,
  businessDateOf,
  ConditionsNotMet,
  IllegalTransition,
  lastDayOf,
  OutOfRange,
  type DecisionContext,
} from '@opc/kernel';
import type { Member } from '../member.state';
import type { MembershipRules } from '../rules/membership-rules';
import { renewalReminderDate } from '../term/term.decider';
import type { AgreementCommand } from './agreement.commands';
import type { AgreementEvent } from './agreement.events';

type Ctx = DecisionContext<MembershipRules>;

/** M-ADM-6: approved → agreement signed → fee and deposit paid → onboarded (active). */
export const decideAgreement = (command: AgreementCommand, state: Member, ctx: Ctx): AgreementEvent[] => {
  const today = businessDateOf(ctx.occurredAt);
  switch (command.type) {
    case 'SignAgreement': {
      if (state.status !== 'approved') throw new IllegalTransition(state.status, command.type);
      assertFen(command.feeFen, 'feeFen');
      assertFen(command.depositFen, 'depositFen');
      const months = ctx.rules.term.months;
      return [
        {
          type: 'AgreementSigned.v1',
          data: {
            startDate: command.startDate,
            // M-TERM-1: 12 months from the start, exclusive: 2027-01-04 → last day 2028-01-03.
            termEndDate: lastDayOf(command.startDate, { months }),
            feeFen: command.feeFen,
            feeDueDate: command.startDate > today ? command.startDate : today,
            depositFen: command.depositFen,
            termMonths: months,
          },
        },
      ];
    }
    case 'RecordPayment': {
      if (state.status !== 'signed' && state.status !== 'active' && state.status !== 'exiting')
        throw new IllegalTransition(state.status, command.type);
      const term = state.term!;
      const outstanding =
        command.kind === 'fee' ? term.feeFen - term.feePaidFen : state.agreement!.depositFen - state.depositPaidFen;
      if (command.amountFen <= 0 || command.amountFen > outstanding)
        throw new OutOfRange('amountFen', command.amountFen, { min: 1, max: Math.max(0, outstanding) }, 'M-ADM-6');
      return [
        {
          type: 'PaymentRecorded.v1',
          data: {
            kind: command.kind,
            amountFen: command.amountFen,
            reference: command.reference,
            paidDate: today,
            termStartDate: command.kind === 'fee' ? term.start : null,
            // M-TERM-3: fees paid on time are a condition of renewal.
            late: command.kind === 'fee' && today > term.feeDueDate,
            outstandingFen: outstanding - command.amountFen,
          },
        },
      ];
    }
    case 'OnboardMember': {
      if (state.status !== 'signed') throw new IllegalTransition(state.status, command.type);
      const unmet: string[] = [];
      if (!command.briefingAcknowledged)
        unmet.push('M-ADM-6: the briefing on the rules and the reward/penalty scheme must be acknowledged');
      if (ctx.rules.agreement.onboardingRequiresFullPayment) {
        const feeDue = state.term!.feeFen - state.term!.feePaidFen;
        const depositDue = state.agreement!.depositFen - state.depositPaidFen;
        if (feeDue > 0) unmet.push(`M-ADM-6: fee not paid in full (${feeDue} fen outstanding)`);
        if (depositDue > 0) unmet.push(`M-ADM-6: deposit not paid in full (${depositDue} fen outstanding)`);
      }
      if (unmet.length > 0) throw new ConditionsNotMet(unmet);
      return [
        {
          type: 'MemberOnboarded.v1',
          data: {
            workspace: command.workspace,
            briefingAcknowledged: true,
            onboardedDate: today,
            termEndDate: state.term!.end,
            renewalReminderDate: renewalReminderDate(state.term!.end, ctx.rules),
            archiveCreated: true,
          },
        },
      ];
    }
  }
};
