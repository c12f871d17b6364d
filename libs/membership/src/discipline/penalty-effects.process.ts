import type { RecordedEvent } from '@opc/kernel';
import { effectOn, type Effect, type ProcessManager } from '@opc/platform';
import { memberDecider, memberStreamId } from '../member.decider';
import { MEMBERSHIP } from '../rules/membership-rule-sets';
import type { PaymentRecorded } from '../agreement/agreement.events';
import { disciplineDecider, disciplineStreamId } from './discipline.decider';
import type { PenaltyAnnulled, PenaltyImposed } from './discipline.events';

export const PENALTY_EFFECTS_PROCESS = 'penalty-effects';

/**
 * Between the disciplinary record and the membership (docs/architecture.md "Process managers"):
 * - a penalty that orders forced exit (M-EXIT-2) → the member stream records it (for a member
 *   already gone, M-PEN-1b: a forced clear-out and a ban);
 * - a penalty annulled on appeal that had ordered one → the member stream annuls it (M-APL-2);
 * - a fee paid in full → the suspension it brought ends (M-PEN-7c).
 */
export const penaltyEffectsProcess: ProcessManager = {
  name: PENALTY_EFFECTS_PROCESS,
  eventTypes: ['PenaltyImposed.v1', 'PenaltyAnnulled.v1', 'PaymentRecorded.v1'],
  react(recorded: RecordedEvent): Effect[] {
    const event = recorded as unknown as PenaltyImposed | PenaltyAnnulled | PaymentRecorded;
    switch (event.type) {
      case 'PenaltyImposed.v1': {
        const d = event.data;
        if (!d.forcedExit) return [];
        return [
          effectOn({
            decider: memberDecider,
            rules: MEMBERSHIP,
            streamId: memberStreamId(d.memberId),
            command: {
              type: 'DecideForcedExit',
              memberId: d.memberId,
              clause: d.clause,
              reason: `${d.clause} (${d.tier}): ${d.reason}`,
              orderedBy: { streamId: recorded.streamId, eventId: recorded.metadata.eventId },
              banYears: d.banYears,
            },
          }),
        ];
      }
      case 'PenaltyAnnulled.v1': {
        if (!event.data.forcedExitAnnulled) return [];
        const memberId = recorded.streamId.slice('discipline-'.length);
        return [
          effectOn({
            decider: memberDecider,
            rules: MEMBERSHIP,
            streamId: memberStreamId(memberId),
            command: { type: 'AnnulForcedExit', memberId, appealId: event.data.appealId, reason: event.data.reason },
          }),
        ];
      }
      case 'PaymentRecorded.v1': {
        if (event.data.kind !== 'fee' || event.data.outstandingFen > 0) return [];
        const memberId = recorded.streamId.slice('member-'.length);
        return [
          effectOn({
            decider: disciplineDecider,
            rules: MEMBERSHIP,
            streamId: disciplineStreamId(memberId),
            command: { type: 'LiftFeeSuspension', memberId },
          }),
        ];
      }
    }
  },
};
