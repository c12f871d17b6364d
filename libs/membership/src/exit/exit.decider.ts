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
import { renewalReminderDate } from '../term/term.decider';

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
          type: 'VoluntaryExitCompleted.v2',
          data: {
            exitDate: command.exitDate,
            retentionUntil: addYears(command.exitDate, ctx.rules.archive.retentionYears),
            clearedOut: state.clearedOutDate !== null,
          },
        },
      ];
    }
    case 'DecideForcedExit': {
      const banYears =
        command.banYears ?? // M-BAN-2: the specific clause's length wins over the default of M-BAN-1.
        (ctx.rules.bans.byClause[command.clause] ?? ctx.rules.bans.default).years;
      // M-PEN-1b: a penalty may order it for a member already gone: then it is a forced clear-out and a ban.
      if (state.status === 'exited' && command.orderedBy)
        return [
          {
            type: 'ForcedClearOutDecided.v1',
            data: {
              clause: command.clause,
              reason: command.reason,
              decidedDate: today,
              depositForfeitedFen: state.depositPaidFen,
              banYears,
              banUntil: addYears(today, banYears),
              subjectHash: state.subjectHash,
              orderedBy: command.orderedBy,
            },
          },
        ];
      if (state.status !== 'active' && state.status !== 'exiting') throw new IllegalTransition(state.status, command.type);
      if (!command.orderedBy) {
        if (!ctx.rules.exit.forcedExitClauses.includes(command.clause))
          throw new ConditionsNotMet([`${command.clause} does not order a forced exit (M-EXIT-2)`]);
        // M-EXIT-2: a serious violation that, after a warning and a rectification, is still not corrected —
        // unless the clause orders forced exit at once (M-PEN-10's immediate clauses).
        if (!ctx.rules.discipline.clauses[command.clause]?.immediate) {
          const record = command.record ?? { warnings: 0, notRectified: 0 };
          const missing: string[] = [];
          if (record.warnings === 0) missing.push("M-EXIT-2: no warning on the member's record");
          if (record.notRectified === 0)
            missing.push("M-EXIT-2: no rectification notice found not rectified on the member's record");
          if (missing.length > 0) throw new ConditionsNotMet(missing);
        }
      }
      return [
        {
          type: 'ForcedExitDecided.v2',
          data: {
            clause: command.clause,
            reason: command.reason,
            decidedDate: today,
            depositForfeitedFen: state.depositPaidFen,
            banYears,
            banUntil: addYears(today, banYears),
            subjectHash: state.subjectHash,
            retentionUntil: addYears(today, ctx.rules.archive.retentionYears),
            orderedBy: command.orderedBy ?? null,
          },
        },
      ];
    }
    case 'AnnulForcedExit': {
      const kind = state.exit?.kind;
      const forced = state.status === 'exited' && (kind === 'forced' || kind === 'eliminated') && state.beforeForcedExit;
      if (forced) {
        const before = state.beforeForcedExit!;
        const term = state.term!;
        return [
          {
            type: kind === 'forced' ? 'ForcedExitAnnulled.v1' : 'EliminationAnnulled.v1',
            data: {
              appealId: command.appealId,
              reason: command.reason,
              annulledDate: today,
              restoredStatus: before.status,
              subjectHash: state.subjectHash,
              depositRestoredFen: state.exit!.depositForfeitedFen,
              termEndDate: term.end,
              renewalReminderDate:
                before.status === 'active' && state.reminderIssuedFor !== term.end && !state.renewalRejected
                  ? renewalReminderDate(term.end, ctx.rules)
                  : null,
              voluntaryExitDate: before.exit?.kind === 'voluntary' ? before.exit.exitDate : null,
              bufferEndDate: before.bufferEndDate,
            },
          },
        ];
      }
      if (state.status === 'exited' && state.clearOut?.forced)
        return [
          {
            type: 'ForcedClearOutAnnulled.v1',
            data: {
              appealId: command.appealId,
              reason: command.reason,
              annulledDate: today,
              subjectHash: state.subjectHash,
              depositRestoredFen: state.exit!.depositForfeitedFen,
            },
          },
        ];
      // Already annulled (a repeated effect), or nothing of the kind to annul.
      if (state.annulments.some((a) => a.appealId === command.appealId)) return [];
      throw new IllegalTransition(state.status, command.type);
    }
    case 'ConfirmClearOut': {
      // M-TERM-4: vacated any time once leaving is certain (notice given, or in the buffer), or after the exit.
      if (state.status === 'exiting') {
        if (state.clearedOutDate !== null) throw new IllegalTransition('exiting (cleared out)', command.type);
        const dueDate = state.bufferEndDate ?? state.exit!.exitDate;
        return [
          { type: 'ClearOutConfirmed.v1', data: { confirmedDate: today, dueDate, daysLate: 0, note: command.note ?? null } },
        ];
      }
      if (state.status !== 'exited' || !state.clearOut) throw new IllegalTransition(state.status, command.type);
      if (state.clearOut.confirmedDate !== null || state.clearOut.forced)
        throw new IllegalTransition('exited (cleared out)', command.type);
      return [
        {
          type: 'ClearOutConfirmed.v1',
          data: {
            confirmedDate: today,
            dueDate: state.clearOut.dueDate,
            daysLate: Math.max(0, calendarDaysBetween(state.clearOut.dueDate, today)),
            note: command.note ?? null,
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
