import type { RecordedEvent } from '@opc/kernel';
import { effectOn, type Effect, type ProcessManager } from '@opc/platform';
import { memberDecider, memberStreamId } from '../member.decider';
import { MEMBERSHIP } from '../rules/membership-rule-sets';
import type { MemberOutcomeRevised, QuarterClosed } from './quarter.events';

export const ELIMINATION_PROCESS = 'elimination';

const eliminate = (quarter: string, memberId: string, total: number, reasons: string[]): Effect =>
  effectOn({
    decider: memberDecider,
    rules: MEMBERSHIP,
    streamId: memberStreamId(memberId),
    command: { type: 'EliminateMember', memberId, quarter, totalScore: total, reason: reasons.join('; ') },
    key: memberId,
  });

/**
 * quarter stream → member streams (M-EXIT-3): each member the close eliminates exits, exactly
 * once per decision (one effect per member, keyed by it); a member re-decided after an upheld
 * objection is eliminated, or has its elimination annulled, the same way.
 */
export const eliminationProcess: ProcessManager = {
  name: ELIMINATION_PROCESS,
  eventTypes: ['QuarterClosed.v1', 'MemberOutcomeRevised.v1'],
  react(recorded: RecordedEvent): Effect[] {
    const event = recorded as unknown as QuarterClosed | MemberOutcomeRevised;
    if (event.type === 'QuarterClosed.v1') {
      const { quarter, decision } = event.data;
      return decision.ranking.filter((o) => o.eliminated).map((o) => eliminate(quarter, o.memberId, o.total, o.reasons));
    }
    const { quarter, memberId, previous, outcome, appealId, reason } = event.data;
    if (outcome.eliminated && !previous.eliminated) return [eliminate(quarter, memberId, outcome.total, outcome.reasons)];
    if (previous.eliminated && !outcome.eliminated)
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
