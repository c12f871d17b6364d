import { businessDateOf, IllegalTransition, NotFound, type Decider } from '@opc/kernel';
import type { EvaluationCatalogue } from '../rules/catalogue';
import { categoryOf } from '../rules/grading';
import type { CommunityCommand } from './community.commands';
import type { CommunityEvent } from './community.events';
import { currentResult, evolveCommunity, initialCommunity, type Community } from './community.state';

export const communityStreamId = (communityId: string): string => `community-${communityId}`;

const hasOwn = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * A registered community (stream `community-<id>`): its area and basic conditions, and the
 * results its evaluations published, lapsed and had revoked (carried here by the process manager
 * `evaluation-results`). Results are decided on the evaluation's stream; this stream keeps which
 * one is current.
 */
export const communityDecider: Decider<Community, CommunityCommand, CommunityEvent, EvaluationCatalogue> = {
  initialState: initialCommunity,
  evolve: evolveCommunity,
  decide: (command, state, ctx) => {
    const today = businessDateOf(ctx.occurredAt);
    if (command.type === 'RegisterCommunity') {
      if (state.communityId !== null) throw new IllegalTransition('registered', command.type);
      return [
        {
          type: 'CommunityRegistered.v1',
          data: {
            communityId: command.communityId,
            name: command.name,
            operator: command.operator,
            areaM2: command.areaM2,
            // C-CAT-1: under the catalogue in force on the day of the fact.
            category: categoryOf(command.areaM2, ctx.rules)?.id ?? null,
            basicConditions: { ...command.basicConditions },
            registeredDate: today,
          },
        },
      ];
    }
    if (state.communityId === null) throw new NotFound('community', command.communityId);
    switch (command.type) {
      case 'ChangeCommunityArea': {
        if (command.areaM2 === state.areaM2) return [];
        return [
          {
            type: 'CommunityAreaChanged.v1',
            data: {
              communityId: state.communityId,
              areaM2: command.areaM2,
              previousAreaM2: state.areaM2,
              category: categoryOf(command.areaM2, ctx.rules)?.id ?? null,
              previousCategory: state.category,
              reason: command.reason,
              changedDate: today,
            },
          },
        ];
      }
      case 'ChangeBasicConditions': {
        const changed = Object.keys(command.basicConditions).filter(
          (k) => !hasOwn(state.basicConditions, k) || state.basicConditions[k] !== command.basicConditions[k],
        );
        if (changed.length === 0) return [];
        return [
          {
            type: 'BasicConditionsChanged.v1',
            data: {
              communityId: state.communityId,
              basicConditions: { ...state.basicConditions, ...command.basicConditions },
              changed,
              reason: command.reason,
              changedDate: today,
            },
          },
        ];
      }
      case 'RecordPublishedResult': {
        const { result } = command;
        if (state.results.some((r) => r.evaluationId === result.evaluationId)) return [];
        // C-VALID-1: a re-evaluation published while the current result is still valid replaces it.
        const current = currentResult(state);
        const replaces =
          current && current.status === 'valid' && current.validUntil !== null && result.publishedDate < current.validUntil
            ? current.evaluationId
            : null;
        return [{ type: 'CommunityResultPublished.v1', data: { ...result, communityId: state.communityId, replaces } }];
      }
      case 'RecordResultLapse': {
        const current = currentResult(state);
        // Replaced or revoked meanwhile: nothing lapses on the community.
        if (!current || current.evaluationId !== command.evaluationId || current.status !== 'valid') return [];
        return [
          {
            type: 'CommunityResultLapsed.v1',
            data: { communityId: state.communityId, evaluationId: command.evaluationId, lapsedDate: command.lapsedDate },
          },
        ];
      }
      case 'RecordResultRevocation': {
        const result = state.results.find((r) => r.evaluationId === command.evaluationId);
        if (!result || result.status === 'revoked') return [];
        return [
          {
            type: 'CommunityResultRevoked.v1',
            data: {
              communityId: state.communityId,
              evaluationId: command.evaluationId,
              reason: command.reason,
              revokedDate: command.revokedDate,
              wasCurrent: state.current === command.evaluationId,
            },
          },
        ];
      }
    }
  },
};
