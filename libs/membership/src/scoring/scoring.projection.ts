import type { RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import type { QuarterEvent } from './quarter.events';

export const SCORING_PROJECTION = 'scoring';

/** One document per score entry, keyed by its event id: what an objection names (decisionEventId). */
export interface ScoreEntryDoc {
  _id: string;
  quarter: string;
  memberId: string;
  entryId: string;
  total: number;
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
  occurredAt: string;
  ruleSet: { id: string; version: number };
  [key: string]: unknown;
}

/** One document per quarter: its status, publicity, and after close the cohort's figures (dashboards). */
export interface QuarterDoc {
  _id: string;
  status: 'open' | 'publicity' | 'closed';
  schemeVersion: number | null;
  scored: number;
  publicity: { openedDate: string; endsDate: string } | null;
  closedDate: string | null;
  eliminated: string[];
  warningList: string[];
  stats: unknown;
  [key: string]: unknown;
}

export const scoringProjection: Projection = {
  name: SCORING_PROJECTION,
  version: 1,
  collections: ['entries', 'quarters'],
  eventTypes: ['ScoreRecorded.v1', 'ScorePublicityOpened.v1', 'QuarterClosed.v1', 'MemberOutcomeRevised.v1'],
  async apply(recorded: RecordedEvent, tx) {
    const event = recorded as unknown as QuarterEvent;
    const quarter = event.data.quarter;
    const doc = (await tx.get<QuarterDoc>('quarters', quarter)) ?? {
      _id: quarter,
      status: 'open',
      schemeVersion: null,
      scored: 0,
      publicity: null,
      closedDate: null,
      eliminated: [],
      warningList: [],
      stats: null,
    };
    switch (event.type) {
      case 'ScoreRecorded.v1': {
        const d = event.data;
        tx.put('entries', {
          _id: recorded.metadata.eventId,
          quarter,
          memberId: d.memberId,
          entryId: d.entryId,
          total: d.total,
          streamId: recorded.streamId,
          revision: recorded.revision,
          position: recorded.position,
          recordedAt: recorded.metadata.recordedAt,
          occurredAt: recorded.metadata.occurredAt,
          ruleSet: recorded.metadata.ruleSet,
        } satisfies ScoreEntryDoc);
        tx.put('quarters', {
          ...doc,
          schemeVersion: doc.schemeVersion ?? d.schemeVersion,
          scored: doc.scored + (d.supersedes ? 0 : 1),
        });
        return;
      }
      case 'ScorePublicityOpened.v1':
        tx.put('quarters', {
          ...doc,
          status: 'publicity',
          publicity: { openedDate: event.data.openedDate, endsDate: event.data.endsDate },
        });
        return;
      case 'QuarterClosed.v1': {
        const { decision } = event.data;
        tx.put('quarters', {
          ...doc,
          status: 'closed',
          closedDate: event.data.closedDate,
          eliminated: decision.eliminated,
          warningList: decision.warningList,
          stats: { cohort: decision.cohort, cut: decision.cut, cutTotal: decision.cutTotal, ...decision.stats },
        });
        return;
      }
      case 'MemberOutcomeRevised.v1': {
        const { memberId, outcome } = event.data;
        tx.put('quarters', {
          ...doc,
          eliminated: outcome.eliminated
            ? [...new Set([...doc.eliminated, memberId])]
            : doc.eliminated.filter((m) => m !== memberId),
          warningList: outcome.onWarningList
            ? [...new Set([...doc.warningList, memberId])]
            : doc.warningList.filter((m) => m !== memberId),
        });
        return;
      }
    }
  },
};
