import type { RecordedEvent } from '@opc/kernel';
import { effectOn, type Effect, type ProcessManager } from '@opc/platform';
import type { MembershipApplied } from '../admission/admission.events';
import { MEMBERSHIP } from '../rules/membership-rule-sets';
import type { SubjectReleaseReason } from './subject.events';
import { subjectDecider, subjectStreamId } from './subject.decider';

export const SUBJECT_RELEASE_PROCESS = 'subject-release';

/** The member events that end an application or a membership, and why. */
const ENDINGS: Readonly<Record<string, SubjectReleaseReason>> = {
  'InitialReviewFailed.v1': 'application-rejected',
  'ProjectEvaluationRejected.v1': 'application-rejected',
  'ExitBufferEnded.v2': 'membership-ended',
  'VoluntaryExitCompleted.v2': 'membership-ended',
  'ForcedExitDecided.v2': 'membership-ended',
  'MemberEliminated.v1': 'membership-ended',
};

/**
 * member stream → subject stream: when an application is rejected or a membership ends, the
 * subject's reservation is released, so it may apply again (a ban, if any, still decides); when a
 * forced exit is annulled on appeal, the member holds the subject again.
 */
export const subjectReleaseProcess: ProcessManager = {
  name: SUBJECT_RELEASE_PROCESS,
  eventTypes: [...Object.keys(ENDINGS), 'ForcedExitAnnulled.v1', 'EliminationAnnulled.v1'],
  async react(event: RecordedEvent, reads): Promise<Effect[]> {
    if (!event.streamId.startsWith('member-')) return [];
    const memberId = event.streamId.slice('member-'.length);
    // Exits decided against the member carry the subject; otherwise it is on the application.
    let subjectHash = (event.data as { subjectHash?: string }).subjectHash;
    if (!subjectHash) {
      const [applied] = (await reads.readStream(event.streamId, { maxCount: 1 })) as unknown as MembershipApplied[];
      if (applied?.type !== 'MembershipApplied.v1') return [];
      subjectHash = applied.data.subjectHash;
    }
    return [
      effectOn({
        decider: subjectDecider,
        rules: MEMBERSHIP,
        streamId: subjectStreamId(subjectHash),
        // M-APL-2: a forced exit annulled on appeal gives the member its membership, and the subject, back.
        command:
          event.type === 'ForcedExitAnnulled.v1' || event.type === 'EliminationAnnulled.v1'
            ? { type: 'ReserveSubject', subjectHash, memberId }
            : { type: 'ReleaseSubject', subjectHash, memberId, reason: ENDINGS[event.type] },
      }),
    ];
  },
};
