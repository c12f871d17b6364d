import { Inject, Injectable } from '@nestjs/common';
import { NotFound, type RecordedEvent } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { appealStreamId } from '../appeals/appeal.decider';
import { Appeals } from '../appeals/appeals.service';
import { disciplineStreamId } from '../discipline/discipline.decider';
import { memberStreamId } from '../member.decider';
import { rewardStreamId, volunteerStreamId } from '../rewards/reward.decider';
import { requestStreamId } from '../requests/request.decider';
import { Requests } from '../requests/requests.service';
import { Rewards } from '../rewards/rewards.service';
import { periodStreamId } from '../scoring/period';
import type { QuarterEvent } from '../scoring/quarter.events';
import { MemberQueries } from './member.queries';

/** Which part of the record an event belongs to: the console groups and colours by it. */
export type TimelineKind = 'membership' | 'discipline' | 'scoring' | 'reward' | 'volunteer' | 'appeal' | 'request';

export interface TimelineEntry {
  streamId: string;
  kind: TimelineKind;
  type: string;
  eventId: string;
  revision: number;
  position: number;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  ruleSet: { id: string; version: number };
  data: unknown;
  /** The event concerns a whole cohort: `data` keeps only what is about this member. */
  excerpt?: true;
}

/**
 * A member's case timeline: every event of every stream about the member — membership,
 * disciplinary record, scores, rewards, volunteer services, appeals, requests — in the order
 * recorded. Read from the streams themselves (the projections only say which streams), so it
 * is exact at any moment.
 */
@Injectable()
export class MemberTimeline {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly queries: MemberQueries,
    private readonly appeals: Appeals,
    private readonly rewards: Rewards,
    private readonly requests: Requests,
  ) {}

  async of(memberId: string): Promise<{ memberId: string; streams: string[]; events: TimelineEntry[] }> {
    const membership = await this.events.readStream(memberStreamId(memberId));
    if (membership.length === 0) throw new NotFound('member', memberId);
    const [appeals, rewards, scores, requests] = await Promise.all([
      this.appeals.ofMember(memberId),
      this.rewards.ofMember(memberId),
      this.queries.scores(memberId),
      this.requests.ofMember(memberId),
    ]);
    const streams: { streamId: string; kind: TimelineKind }[] = [
      { streamId: disciplineStreamId(memberId), kind: 'discipline' },
      { streamId: volunteerStreamId(memberId), kind: 'volunteer' },
      ...appeals.map((a) => ({ streamId: appealStreamId(a.id), kind: 'appeal' as const })),
      ...rewards.rewards.map((r) => ({ streamId: rewardStreamId(r.id), kind: 'reward' as const })),
      ...requests.map((r) => ({ streamId: requestStreamId(r.id), kind: 'request' as const })),
    ];
    const quarters = [...new Set(scores.map((s) => s.quarter))];
    const [others, quarterEvents] = await Promise.all([
      Promise.all(streams.map(async (s) => (await this.events.readStream(s.streamId)).map((e) => entry(e, s.kind)))),
      Promise.all(quarters.map(async (q) => aboutMember(await this.events.readStream(periodStreamId(q)), memberId))),
    ]);
    const all = [...membership.map((e) => entry(e, 'membership')), ...others.flat(), ...quarterEvents.flat()];
    all.sort((a, b) => a.position - b.position);
    return {
      memberId,
      streams: [memberStreamId(memberId), ...streams.map((s) => s.streamId), ...quarters.map(periodStreamId)],
      events: all,
    };
  }
}

const entry = (e: RecordedEvent, kind: TimelineKind): TimelineEntry => ({
  streamId: e.streamId,
  kind,
  type: e.type,
  eventId: e.metadata.eventId,
  revision: e.revision,
  position: e.position,
  occurredAt: e.metadata.occurredAt,
  recordedAt: e.metadata.recordedAt,
  actor: { id: e.metadata.actor.id, role: e.metadata.actor.role },
  ruleSet: e.metadata.ruleSet,
  data: e.data,
});

/** A quarter's events about one member: its entries, voids and revisions, the publicity, and its line of the close. */
function aboutMember(events: RecordedEvent[], memberId: string): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const recorded of events) {
    const e = recorded as unknown as QuarterEvent;
    switch (e.type) {
      case 'ScoreRecorded.v1':
      case 'ScoreVoided.v1':
      case 'MemberOutcomeRevised.v1':
        if (e.data.memberId === memberId) out.push(entry(recorded, 'scoring'));
        break;
      case 'ScorePublicityOpened.v1':
        out.push(entry(recorded, 'scoring'));
        break;
      case 'QuarterClosed.v1': {
        const { decision, quarter, closedDate, schemeVersion } = e.data;
        const outcome = decision.ranking.find((o) => o.memberId === memberId);
        if (!outcome) break;
        out.push({
          ...entry(recorded, 'scoring'),
          data: {
            quarter,
            closedDate,
            schemeVersion,
            cohort: decision.cohort,
            cut: decision.cut,
            cutTotal: decision.cutTotal,
            outcome,
          },
          excerpt: true,
        });
        break;
      }
    }
  }
  return out;
}
