import { endOfBusinessDay, type RecordedEvent } from '@opc/kernel';
import type { DeadlineChange, DeadlineRules } from '@opc/platform';
import type { MemberEvent } from '../member.state';
import type { DueDate } from '../admission/admission.events';

const open = (streamId: string, kind: string, rule: string, due: DueDate): DeadlineChange => ({
  open: {
    _id: `${streamId}:${kind}`,
    kind,
    rule,
    streamId,
    dueDate: due.date,
    // "Within N working days": the step is overdue once its due date has ended.
    dueAt: endOfBusinessDay(due.date).toISOString(),
    provisional: due.provisional,
    action: null,
  },
});
const close = (streamId: string, kind: string): DeadlineChange => ({ close: `${streamId}:${kind}` });

/** M-ADM-5: the initial review and the project evaluation each fall due; a step done closes its deadline. */
export const memberDeadlineRules: DeadlineRules = (recorded: RecordedEvent) => {
  if (!recorded.streamId.startsWith('member-')) return [];
  const event = recorded as unknown as MemberEvent;
  const s = recorded.streamId;
  switch (event.type) {
    case 'MembershipApplied.v1':
      return [open(s, 'initial-review', 'M-ADM-5', event.data.initialReviewDue)];
    case 'InitialReviewPassed.v1':
      return [close(s, 'initial-review'), open(s, 'project-evaluation', 'M-ADM-5', event.data.projectEvaluationDue)];
    case 'InitialReviewFailed.v1':
      return [close(s, 'initial-review')];
    case 'ProjectEvaluationApproved.v1':
    case 'ProjectEvaluationRejected.v1':
      return [close(s, 'project-evaluation')];
    default:
      return [];
  }
};
