import type { RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import type { EvaluationEvent } from './evaluation.events';
import type { EvaluationStatus } from './evaluation.state';

export const EVALUATIONS_PROJECTION = 'evaluations';

/** One document per evaluation, for `GET /evaluations?communityId=&status=` (the details fold the stream). */
export interface EvaluationDoc {
  _id: string;
  communityId: string;
  communityName: string;
  category: string;
  catalogueVersion: number;
  status: EvaluationStatus;
  openedDate: string;
  experts: number;
  sheets: number;
  outcome: 'graded' | 'vetoed' | null;
  grade: string | null;
  resultText: string | null;
  publishedDate: string | null;
  validUntil: string | null;
  position: number;
  [key: string]: unknown;
}

export const evaluationsProjection: Projection = {
  name: EVALUATIONS_PROJECTION,
  version: 1,
  collections: ['evaluations'],
  eventTypes: [
    'EvaluationOpened.v1',
    'ExpertAssigned.v1',
    'ExpertSheetSubmitted.v1',
    'ExpertPanelClosed.v1',
    'PublicityStarted.v1',
    'EvaluationPublished.v1',
    'EvaluationResultLapsed.v1',
    'EvaluationResultSuperseded.v1',
    'EvaluationResultRevoked.v1',
  ],
  async apply(recorded: RecordedEvent, tx) {
    if (!recorded.streamId.startsWith('evaluation-')) return;
    const event = recorded as unknown as EvaluationEvent;
    if (event.type === 'EvaluationOpened.v1') {
      const d = event.data;
      tx.put('evaluations', {
        _id: d.evaluationId,
        communityId: d.communityId,
        communityName: d.community.name,
        category: d.category,
        catalogueVersion: d.catalogue.version,
        status: 'open',
        openedDate: d.openedDate,
        experts: 0,
        sheets: 0,
        outcome: null,
        grade: null,
        resultText: null,
        publishedDate: null,
        validUntil: null,
        position: recorded.position,
      } satisfies EvaluationDoc);
      return;
    }
    const doc = await tx.get<EvaluationDoc>('evaluations', recorded.streamId.slice('evaluation-'.length));
    if (!doc) return;
    const next: EvaluationDoc = { ...doc, position: recorded.position };
    switch (event.type) {
      case 'ExpertAssigned.v1':
        next.experts = doc.experts + 1;
        break;
      case 'ExpertSheetSubmitted.v1':
        if (!event.data.replacesEarlier) next.sheets = doc.sheets + 1;
        break;
      case 'ExpertPanelClosed.v1':
        next.outcome = event.data.panel.outcome;
        next.grade = event.data.panel.grade;
        break;
      case 'PublicityStarted.v1':
        next.status = 'publicity';
        next.resultText = event.data.resultText;
        break;
      case 'EvaluationPublished.v1':
        Object.assign(next, { status: 'published', publishedDate: event.data.publishedDate, validUntil: event.data.validUntil });
        break;
      case 'EvaluationResultLapsed.v1':
        next.status = 'lapsed';
        break;
      case 'EvaluationResultSuperseded.v1':
        next.status = 'superseded';
        break;
      case 'EvaluationResultRevoked.v1':
        next.status = 'revoked';
        break;
    }
    tx.put('evaluations', next);
  },
};
