import type { RecordedEvent } from '@opc/kernel';
import { effectOn, type Effect, type ProcessManager } from '@opc/platform';
import { disciplineDecider } from '../discipline/discipline.decider';
import { memberDecider, memberStreamId } from '../member.decider';
import { MEMBERSHIP } from '../rules/membership-rule-sets';
import type { AppealDecided, AppealFiled } from './appeal.events';
import { quarterDecider } from '../scoring/quarter.decider';
import { rewardDecider } from '../rewards/reward.decider';

/** The scoring rule set's name (the quarter's own version is fixed by its entries; voiding needs none). */
const SCORING = 'scoring';

export const APPEAL_EFFECTS_PROCESS = 'appeal-effects';

/**
 * M-APL-2: an upheld appeal reverses its decision with new events on the decision's own stream —
 * a penalty annulled on the disciplinary record (its fine cancelled, its suspension lifted, and a
 * forced exit it ordered annulled in turn), or an officer's forced exit annulled on the member
 * stream. Nothing is edited; the history shows both.
 */
export const appealEffectsProcess: ProcessManager = {
  name: APPEAL_EFFECTS_PROCESS,
  eventTypes: ['AppealDecided.v1'],
  async react(recorded: RecordedEvent, reads): Promise<Effect[]> {
    const decided = recorded as unknown as AppealDecided;
    if (!decided.data.upheld) return [];
    const [filed] = (await reads.readStream(recorded.streamId, { maxCount: 1 })) as unknown as AppealFiled[];
    if (filed?.type !== 'AppealFiled.v1') return [];
    const { memberId, decision, appealId } = filed.data;
    const reason = `appeal ${appealId} upheld: ${decided.data.reason}`;
    if (decision.type === 'PenaltyImposed.v1' && decision.penaltyId)
      return [
        effectOn({
          decider: disciplineDecider,
          rules: MEMBERSHIP,
          streamId: decision.streamId,
          command: { type: 'AnnulPenalty', memberId, penaltyId: decision.penaltyId, appealId, reason },
        }),
      ];
    if (decision.type === 'ScoreRecorded.v1') {
      // M-APL-2: the contested score is voided; the scorer records the corrected one (after close it re-decides the member).
      const [scored] = await reads.readStream(decision.streamId, { fromRevision: decision.revision, maxCount: 1 });
      const d = scored.data as { quarter: string; memberId: string; entryId: string };
      return [
        effectOn({
          decider: quarterDecider,
          rules: SCORING,
          streamId: decision.streamId,
          command: { type: 'VoidScore', quarter: d.quarter, memberId: d.memberId, entryId: d.entryId, appealId, reason },
        }),
      ];
    }
    if (decision.type === 'RewardGranted.v1')
      return [
        effectOn({
          decider: rewardDecider,
          rules: MEMBERSHIP,
          streamId: decision.streamId,
          command: { type: 'WithdrawReward', rewardId: decision.streamId.slice('reward-'.length), appealId, reason },
        }),
      ];
    if (decision.type === 'ForcedExitDecided.v2')
      return [
        effectOn({
          decider: memberDecider,
          rules: MEMBERSHIP,
          streamId: memberStreamId(memberId),
          command: { type: 'AnnulForcedExit', memberId, appealId, reason },
        }),
      ];
    return [];
  },
};
