import { startOfBusinessDay, type RecordedEvent } from '@opc/kernel';
import type { DeadlineRules } from '@opc/platform';
import type { EvaluationEvent } from './evaluation.events';

export const EVALUATION_DEADLINE_KINDS = ['result-validity'] as const;

/** The command the scheduler issues when a result's year ends. */
export const LAPSE_COMMAND = 'LapseEvaluationResult';

const validityId = (streamId: string): string => `${streamId}:result-validity`;

/**
 * C-VALID-1: a published result lapses at the start of the first day after its year (its
 * exclusive end) unless a re-evaluation replaced it or it was revoked first.
 */
export const evaluationDeadlineRules: DeadlineRules = (recorded: RecordedEvent) => {
  if (!recorded.streamId.startsWith('evaluation-')) return [];
  const event = recorded as unknown as EvaluationEvent;
  switch (event.type) {
    case 'EvaluationPublished.v1': {
      const { validUntil, evaluationId } = event.data;
      if (validUntil === null) return [];
      return [
        {
          open: {
            _id: validityId(recorded.streamId),
            kind: 'result-validity',
            rule: 'C-VALID-1',
            streamId: recorded.streamId,
            dueDate: validUntil,
            dueAt: startOfBusinessDay(validUntil).toISOString(),
            provisional: false,
            action: { command: LAPSE_COMMAND, payload: { evaluationId } },
          },
        },
      ];
    }
    case 'EvaluationResultLapsed.v1':
    case 'EvaluationResultSuperseded.v1':
    case 'EvaluationResultRevoked.v1':
      return [{ close: validityId(recorded.streamId) }];
    default:
      return [];
  }
};
