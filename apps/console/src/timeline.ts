import type { HistoryEvent, TimelineEvent } from './types';

/** Which part of the record a stream is, from its id (member-…, discipline-…, appeal-…). */
export function kindOfStream(streamId: string): string {
  const prefix = streamId.split('-')[0];
  const kinds: Record<string, string> = {
    member: 'membership',
    discipline: 'discipline',
    quarter: 'scoring',
    reward: 'reward',
    volunteer: 'volunteer',
    appeal: 'appeal',
    request: 'request',
  };
  return kinds[prefix] ?? prefix;
}

/** A /history entry in the timeline's shape (the fallback while /timeline is not served). */
export const fromHistory = (e: HistoryEvent): TimelineEvent => ({
  streamId: e.streamId,
  kind: kindOfStream(e.streamId),
  type: e.type,
  eventId: e.metadata.eventId,
  revision: e.revision,
  position: e.position,
  occurredAt: e.metadata.occurredAt,
  recordedAt: e.metadata.recordedAt,
  actor: e.metadata.actor,
  ruleSet: e.metadata.ruleSet,
  data: e.data,
});

/**
 * The decisions a member may ask to have reviewed (M-APL-1): a penalty, a forced exit an officer
 * decided by hand (one a penalty ordered is appealed through that penalty), a quarterly score, a reward.
 */
export function isAppealable(e: TimelineEvent): boolean {
  if (e.type === 'PenaltyImposed.v1' || e.type === 'ScoreRecorded.v1' || e.type === 'RewardGranted.v1') return true;
  return e.type === 'ForcedExitDecided.v2' && !e.data.orderedBy;
}
