import type { RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import type { RewardEvent, RewardGranted } from './reward.events';

export const REWARDS_PROJECTION = 'rewards';

/** One document per reward: for the member's archive, dashboards (in publicity, awaiting delivery) and objections. */
export interface RewardDoc extends Omit<RewardGranted['data'], 'evidence'> {
  _id: string;
  status: 'publicity' | 'delivered' | 'withdrawn';
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
  occurredAt: string;
  ruleSet: { id: string; version: number };
  deliveredDate: string | null;
  withdrawn: { appealId: string; reason: string; date: string } | null;
  [key: string]: unknown;
}

export const rewardsProjection: Projection = {
  name: REWARDS_PROJECTION,
  version: 1,
  collections: ['rewards'],
  eventTypes: ['RewardGranted.v1', 'RewardDelivered.v1', 'RewardWithdrawn.v1'],
  async apply(recorded: RecordedEvent, tx) {
    const event = recorded as unknown as RewardEvent;
    if (event.type === 'RewardGranted.v1') {
      const { evidence: _evidence, ...granted } = event.data;
      tx.put('rewards', {
        _id: event.data.rewardId,
        ...granted,
        status: 'publicity',
        eventId: recorded.metadata.eventId,
        streamId: recorded.streamId,
        revision: recorded.revision,
        position: recorded.position,
        recordedAt: recorded.metadata.recordedAt,
        occurredAt: recorded.metadata.occurredAt,
        ruleSet: recorded.metadata.ruleSet,
        deliveredDate: null,
        withdrawn: null,
      } satisfies RewardDoc);
      return;
    }
    const doc = await tx.get<RewardDoc>('rewards', event.data.rewardId);
    if (!doc) return;
    if (event.type === 'RewardDelivered.v1')
      tx.put('rewards', { ...doc, status: 'delivered', deliveredDate: event.data.deliveredDate });
    else
      tx.put('rewards', {
        ...doc,
        status: 'withdrawn',
        withdrawn: { appealId: event.data.appealId, reason: event.data.reason, date: event.data.withdrawnDate },
      });
  },
};
