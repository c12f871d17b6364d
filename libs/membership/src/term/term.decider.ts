import {
  addDays,
  addYears,
  businessDateOf,
  ConditionsNotMet,
  DomainError,
  IllegalTransition,
  lastDayOf,
  type DecisionContext,
} from '@opc/kernel';
import type { Member } from '../member.state';
import type { MembershipRules } from '../rules/membership-rules';
import type { TermCommand } from './term.commands';
import type { TermEvent } from './term.events';

type Ctx = DecisionContext<MembershipRules>;

/** M-TERM-2: N days before the term ends, i.e. before the day after its last day. */
export const renewalReminderDate = (termEndDate: string, rules: MembershipRules): string =>
  addDays(termEndDate, 1 - rules.term.renewalReminderDaysBefore);

/**
 * M-TERM-2..4. The scheduler's commands (reminder, term end, buffer end) name the date their
 * deadline was about; when the member has moved on (renewed, left), they decide nothing.
 */
export const decideTerm = (command: TermCommand, state: Member, ctx: Ctx): TermEvent[] => {
  const today = businessDateOf(ctx.occurredAt);
  switch (command.type) {
    case 'IssueRenewalReminder': {
      if (state.status !== 'active' || state.term?.end !== command.termEndDate) return [];
      if (state.reminderIssuedFor === command.termEndDate) return [];
      return [{ type: 'RenewalReminderIssued.v1', data: { termEndDate: command.termEndDate, reminderDate: today } }];
    }
    case 'DecideRenewal': {
      if (state.status !== 'active') throw new IllegalTransition(state.status, command.type);
      const term = state.term!;
      if (state.renewalRejected) throw new IllegalTransition('active (renewal refused)', command.type);
      if (command.decision === 'reject')
        return [{ type: 'RenewalRejected.v1', data: { reason: command.reason, termEndDate: term.end } }];
      // M-TERM-4: not renewed by the end date → exit. Whether the scheduler has already ended the
      // term must not decide it, so an approval dated after the last day is too late.
      if (today > term.end)
        throw new DomainError(
          'DEADLINE_PASSED',
          `M-TERM-4: the term's last day was ${term.end}; a renewal approved on ${today} comes too late`,
          { termEndDate: term.end, decidedDate: today },
        );
      const unmet: string[] = [];
      if (term.feePaidFen < term.feeFen)
        unmet.push(`M-TERM-3: the term's fee is unpaid (${term.feeFen - term.feePaidFen} fen outstanding)`);
      if (term.feeLate) unmet.push("M-TERM-3: the term's fee was paid late");
      // M-TERM-3 [choice]: the violations whose conduct falls in the current term.
      for (const v of command.violations.filter((x) => x.occurredDate >= term.start && x.occurredDate <= term.end))
        unmet.push(`M-TERM-3: violation on record in this term: ${v.clause} on ${v.occurredDate} (case ${v.caseId})`);
      if (unmet.length > 0) throw new ConditionsNotMet(unmet);
      const newStart = addDays(term.end, 1);
      const newEnd = lastDayOf(newStart, { months: ctx.rules.term.months });
      return [
        {
          type: 'RenewalApproved.v1',
          data: {
            reason: command.reason,
            previousTermEndDate: term.end,
            newTermStartDate: newStart,
            newTermEndDate: newEnd,
            feeFen: state.agreement!.feeFen,
            feeDueDate: newStart,
            renewalReminderDate: renewalReminderDate(newEnd, ctx.rules),
          },
        },
      ];
    }
    case 'EndTerm': {
      if (state.status !== 'active' || state.term?.end !== command.termEndDate || today <= command.termEndDate) return [];
      const bufferStart = addDays(command.termEndDate, 1);
      return [
        {
          type: 'TermEnded.v1',
          data: {
            termEndDate: command.termEndDate,
            bufferEndDate: lastDayOf(bufferStart, { days: ctx.rules.term.exitBufferDays }),
          },
        },
      ];
    }
    case 'EndExitBuffer': {
      if (state.status !== 'exiting' || state.bufferEndDate !== command.bufferEndDate || today <= command.bufferEndDate)
        return [];
      const exitDate = addDays(command.bufferEndDate, 1);
      return [
        {
          type: 'ExitBufferEnded.v2',
          data: {
            exitDate,
            retentionUntil: addYears(exitDate, ctx.rules.archive.retentionYears),
            clearedOut: state.clearedOutDate !== null,
          },
        },
      ];
    }
  }
};
