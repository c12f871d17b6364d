import {
  businessDateOf,
  ConditionsNotMet,
  deterministicId,
  DomainError,
  IllegalTransition,
  NotFound,
  type Decider,
} from '@opc/kernel';
import type { MembershipRules } from '../rules/membership-rules';
import type { AppealCommand } from './appeal.commands';
import type { AppealEvent, AppealFiled } from './appeal.events';

/** One appeal, stream `appeal-<id>`: filed against one decision, answered once. */
export interface Appeal {
  status: 'open' | 'upheld' | 'rejected' | null;
  filed: AppealFiled['data'] | null;
  answer: { upheld: boolean; reason: string; decidedDate: string; late: boolean } | null;
}

/** One appeal per decision: the id derives from the contested event, so a second filing meets the first. */
export const appealIdOf = (decisionEventId: string): string => deterministicId('appeal', decisionEventId);
export const appealStreamId = (appealId: string): string => `appeal-${appealId}`;

export const appealDecider: Decider<Appeal, AppealCommand, AppealEvent, MembershipRules> = {
  initialState: () => ({ status: null, filed: null, answer: null }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'AppealFiled.v1':
        return { ...state, status: 'open', filed: event.data };
      case 'AppealDecided.v1':
        return {
          ...state,
          status: event.data.upheld ? 'upheld' : 'rejected',
          answer: {
            upheld: event.data.upheld,
            reason: event.data.reason,
            decidedDate: event.data.decidedDate,
            late: event.data.late,
          },
        };
      default:
        return state;
    }
  },
  decide: (command, state, ctx) => {
    const today = businessDateOf(ctx.now);
    switch (command.type) {
      case 'FileAppeal': {
        if (state.status !== null) throw new IllegalTransition(`appeal ${state.status}`, command.type);
        // M-APL-1: during the decision's publicity window only.
        if (command.decision.windowOpensDate && today < command.decision.windowOpensDate)
          throw new ConditionsNotMet([`M-APL-1: the publicity of this decision opens on ${command.decision.windowOpensDate}`]);
        if (today > command.decision.windowEndsDate)
          throw new DomainError(
            'DEADLINE_PASSED',
            `M-APL-1: a review could be asked for until ${command.decision.windowEndsDate}, the end of the decision's publicity`,
            { windowEndsDate: command.decision.windowEndsDate, filedDate: today },
          );
        return [
          {
            type: 'AppealFiled.v1',
            data: {
              appealId: command.appealId,
              memberId: command.memberId,
              decision: command.decision,
              grounds: command.grounds,
              filedDate: today,
              answerDue: ctx.calendar.addWorkingDays(today, ctx.rules.discipline.appealAnswerWorkingDays),
            },
          },
        ];
      }
      case 'DecideAppeal': {
        if (state.status === null) throw new NotFound('appeal', command.appealId);
        if (state.status !== 'open') throw new IllegalTransition(`appeal ${state.status}`, command.type);
        return [
          {
            type: 'AppealDecided.v1',
            data: {
              appealId: command.appealId,
              upheld: command.upheld,
              reason: command.reason,
              decidedDate: today,
              late: today > state.filed!.answerDue.date,
            },
          },
        ];
      }
    }
  },
};
