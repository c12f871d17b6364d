import type { RecordedEvent } from '@opc/kernel';
import type { DeadlineRules } from '@opc/platform';
import { closing, dueBy } from '../members/deadline-changes';
import type { RewardEvent } from './reward.events';

export const REWARD_DEADLINE_KINDS = ['reward-delivery'] as const;

/** M-REW-4: delivered within 10 working days of a publicity with no objection; shown overdue until delivered. */
export const rewardDeadlineRules: DeadlineRules = (recorded: RecordedEvent) => {
  if (!recorded.streamId.startsWith('reward-')) return [];
  const event = recorded as unknown as RewardEvent;
  const at = { streamId: recorded.streamId, kind: 'reward-delivery' };
  if (event.type === 'RewardGranted.v1')
    return [dueBy({ ...at, memberId: event.data.memberId }, 'M-REW-4', event.data.deliveryDue)];
  return [closing(at)];
};
