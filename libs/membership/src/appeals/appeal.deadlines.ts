import type { RecordedEvent } from '@opc/kernel';
import type { DeadlineRules } from '@opc/platform';
import { closing, dueBy } from '../members/deadline-changes';
import type { AppealEvent } from './appeal.events';

export const APPEAL_DEADLINE_KINDS = ['appeal-answer'] as const;

/** M-APL-1: the answer to a review request is due in 3 working days; shown overdue until it is given. */
export const appealDeadlineRules: DeadlineRules = (recorded: RecordedEvent) => {
  if (!recorded.streamId.startsWith('appeal-')) return [];
  const event = recorded as unknown as AppealEvent;
  if (event.type === 'AppealFiled.v1')
    return [
      dueBy(
        { streamId: recorded.streamId, memberId: event.data.memberId, kind: 'appeal-answer' },
        'M-APL-1',
        event.data.answerDue,
      ),
    ];
  if (event.type === 'AppealDecided.v1') return [closing({ streamId: recorded.streamId, kind: 'appeal-answer' })];
  return [];
};
