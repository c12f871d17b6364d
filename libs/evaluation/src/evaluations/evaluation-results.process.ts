import type { RecordedEvent } from '@opc/kernel';
import { effectOn, type Effect, type ProcessManager } from '@opc/platform';
import { communityDecider, communityStreamId } from '../communities/community.decider';
import type { CommunityResultPublished } from '../communities/community.events';
import { EVALUATION, ownCatalogue } from '../rules/evaluation-rule-sets';
import { evaluationDecider, evaluationStreamId } from './evaluation.decider';
import type { EvaluationOpened, EvaluationPublished, EvaluationResultLapsed, EvaluationResultRevoked } from './evaluation.events';

export const EVALUATION_RESULTS_PROCESS = 'evaluation-results';

/**
 * C-RES-1 / C-VALID-1 / C-VALID-2: what an evaluation decides about its result reaches its
 * community's stream — the publication, the lapse on the day, a revocation — and a publication
 * that replaces a result still valid marks the older evaluation superseded. Command ids derive
 * from the causing event, so each is recorded once whatever is replayed.
 */
export const evaluationResultsProcess: ProcessManager = {
  name: EVALUATION_RESULTS_PROCESS,
  eventTypes: [
    'EvaluationPublished.v1',
    'EvaluationResultLapsed.v1',
    'EvaluationResultRevoked.v1',
    'CommunityResultPublished.v1',
  ],
  async react(recorded: RecordedEvent, reads): Promise<Effect[]> {
    const onCommunity = (communityId: string, command: Parameters<typeof communityDecider.decide>[0]) =>
      effectOn({ decider: communityDecider, rules: EVALUATION, streamId: communityStreamId(communityId), command });
    switch (recorded.type) {
      case 'EvaluationPublished.v1': {
        const { communityId, ...result } = (recorded as unknown as EvaluationPublished).data;
        return [onCommunity(communityId, { type: 'RecordPublishedResult', communityId, result })];
      }
      case 'EvaluationResultLapsed.v1': {
        const { communityId, evaluationId, lapsedDate } = (recorded as unknown as EvaluationResultLapsed).data;
        return [onCommunity(communityId, { type: 'RecordResultLapse', communityId, evaluationId, lapsedDate })];
      }
      case 'EvaluationResultRevoked.v1': {
        const { communityId, evaluationId, reason, revokedDate } = (recorded as unknown as EvaluationResultRevoked).data;
        return [onCommunity(communityId, { type: 'RecordResultRevocation', communityId, evaluationId, reason, revokedDate })];
      }
      case 'CommunityResultPublished.v1': {
        const { replaces, evaluationId, publishedDate } = (recorded as unknown as CommunityResultPublished).data;
        if (!replaces) return [];
        // The older evaluation is decided by its own catalogue, read from its first event.
        const [opened] = (await reads.readStream(evaluationStreamId(replaces), { maxCount: 1 })) as unknown as EvaluationOpened[];
        if (opened?.type !== 'EvaluationOpened.v1') return [];
        return [
          effectOn({
            decider: evaluationDecider,
            rules: ownCatalogue(opened.data.catalogue),
            streamId: evaluationStreamId(replaces),
            command: {
              type: 'RecordSupersession',
              evaluationId: replaces,
              byEvaluationId: evaluationId,
              supersededDate: publishedDate,
            },
          }),
        ];
      }
      default:
        return [];
    }
  },
};
