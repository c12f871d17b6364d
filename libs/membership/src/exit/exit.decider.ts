import {
  addDays,
  addYears,
  businessDateOf,
  calendarDaysBetween,
  ConditionsNotMet,
  DomainError,
  IllegalTransition,
  OutOfRange,
  type DecisionContext,
} from '@opc/kernel';
import type { Member } from '../member.state';
import type { MembershipRules } from '../rules/membership-rules';
import type { ExitCommand } from './exit.commands';
import type { ExitEvent } from './exit.events';

type Ctx = DecisionContext<MembershipRules>;

/** M-EXIT-1 voluntary exit with notice; M-EXIT-2 forced exit with deposit forfeited and a ban (M-BAN); M-EXIT-3 elimination. */
export const decideExit = (command: ExitCommand, state: Member, ctx: Ctx): ExitEvent[] => {
  const today = businessDateOf(ctx.occurredAt);
  switch (command.type) {
    case 'GiveExitNotice': {
      if (state.status !== 'active') throw new IllegalTransition(state.status, command.type);
      const noticeDays = calendarDaysBetween(today, command.exitDate);
      const required = ctx.rules.exit.voluntaryNoticeDays;
      if (noticeDays < required)
        throw new DomainError(
          'NOTICE_TOO_SHORT',
          `M-EXIT-1: notice must be given at least ${required} days ahead; ${command.exitDate} is ${noticeDays} days after ${today}`,
          { noticeDays, requiredDays: required, earliestExitDate: addDays(today, required) },
        );
      // Past the term's end the member leaves by M-TERM-4 anyway; a later date is out of range.
      const termOver = addDays(state.term!.end, 1);
      if (command.exitDate > termOver) throw new OutOfRange('exitDate', command.exitDate, { max: termOver }, 'M-EXIT-1');
      return [
        {
          type: 'ExitNoticeGiven.v1',
          data: { noticeDate: today, exitDate: command.exitDate, noticeDays, reason: command.reason },
        },
      ];
    }
    case 'CompleteVoluntaryExit': {
      const exit = state.exit;
      if (
        state.status !== 'exiting' ||
        exit?.kind !== 'voluntary' ||
        exit.exitDate !== command.exitDate ||
        today < command.exitDate
      )
        return [];
      return [
        {
          type: 'VoluntaryExitCompleted.v1',
          data: { exitDate: command.exitDate, retentionUntil: addYears(command.exitDate, ctx.rules.archive.retentionYears) },
        },
      ];
    }
    case 'DecideForcedExit': {
      if (state.status !== 'active' && state.status !== 'exiting') throw new IllegalTransition(state.status, command.type);
      if (!ctx.rules.exit.forcedExitClauses.includes(command.clause))
        throw new ConditionsNotMet([`${command.clause} does not order a forced exit (M-EXIT-2)`]);
      // M-BAN-2: the specific clause's length wins over the default of M-BAN-1.
      const banYears = (ctx.rules.bans.byClause[command.clause] ?? ctx.rules.bans.default).years;
      return [
        {
          type: 'ForcedExitDecided.v1',
          data: {
            clause: command.clause,
            reason: command.reason,
            decidedDate: today,
            depositForfeitedFen: state.depositPaidFen,
            banYears,
            banUntil: addYears(today, banYears),
            subjectHash: state.subjectHash,
            retentionUntil: addYears(today, ctx.rules.archive.retentionYears),
          },
        },
      ];
    }
    case 'EliminateMember': {
      if (state.status !== 'active' && state.status !== 'exiting') throw new IllegalTransition(state.status, command.type);
      const ban = ctx.rules.bans.onElimination;
      return [
        {
          type: 'MemberEliminated.v1',
          data: {
            quarter: command.quarter,
            totalScore: command.totalScore,
            reason: command.reason,
            decidedDate: today,
            banYears: ban?.years ?? null,
            banUntil: ban ? addYears(today, ban.years) : null,
            subjectHash: state.subjectHash,
            retentionUntil: addYears(today, ctx.rules.archive.retentionYears),
          },
        },
      ];
    }
  }
};
