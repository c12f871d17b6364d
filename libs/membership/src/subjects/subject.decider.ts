import { NotEligible, type Decider } from '@opc/kernel';
import type { MembershipRules } from '../rules/membership-rules';
import type { SubjectCommand } from './subject.commands';
import type { SubjectEvent } from './subject.events';

/**
 * One stream per subject (`subject-<keyed hash>`): the consistency boundary of "one subject, one
 * membership" (docs/rules.md M-ADM-7). Twenty concurrent applications of one subject meet here,
 * one at a time, and exactly one of them takes the subject.
 */
export interface Subject {
  /** The member whose application or membership holds the subject; null when free. */
  holder: string | null;
  /** Every member that ever held it, oldest first. */
  history: string[];
}

export const subjectStreamId = (subjectHash: string): string => `subject-${subjectHash}`;

export const subjectDecider: Decider<Subject, SubjectCommand, SubjectEvent, MembershipRules> = {
  initialState: () => ({ holder: null, history: [] }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'SubjectReserved.v1':
        return { holder: event.data.memberId, history: [...state.history, event.data.memberId] };
      case 'SubjectReleased.v1':
        return state.holder === event.data.memberId ? { ...state, holder: null } : state;
      default:
        return state;
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'ReserveSubject':
        if (state.holder === command.memberId) return []; // the same application, tried again
        if (state.holder !== null)
          throw new NotEligible([
            `M-ADM-7: this subject already has an application in progress or an active membership (member ${state.holder}); one subject, one membership`,
          ]);
        return [{ type: 'SubjectReserved.v1', data: { subjectHash: command.subjectHash, memberId: command.memberId } }];
      case 'ReleaseSubject':
        // Only the holder releases; a late or repeated release changes nothing.
        if (state.holder !== command.memberId) return [];
        return [
          {
            type: 'SubjectReleased.v1',
            data: { subjectHash: command.subjectHash, memberId: command.memberId, reason: command.reason },
          },
        ];
    }
  },
};
