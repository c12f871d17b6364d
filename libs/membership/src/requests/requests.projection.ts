import type { RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import type { DueDate } from '../admission/admission.events';
import type { RequestEvent, RequestKind } from './request.events';

export const REQUESTS_PROJECTION = 'requests';

export interface RequestBreach {
  kind: 'response' | 'resolution';
  dueDate: string;
  /** The first day after the due date: the scheduler recorded it then. */
  breachedDate: string;
  rule: string;
}

/** One document per service request (M-SVC-1): for the lists, the member's timeline and the dashboard. */
export interface RequestDoc {
  _id: string;
  memberId: string;
  kind: RequestKind;
  subject: string;
  text: string;
  status: 'open' | 'responded' | 'resolved';
  filedDate: string;
  /** When it was filed (occurredAt): the lists' order. */
  filedAt: string;
  responseDue: DueDate;
  resolutionDue: DueDate;
  response: { text: string; date: string; late: boolean; withResolution: boolean } | null;
  resolution: { text: string; date: string; late: boolean } | null;
  breaches: RequestBreach[];
  breached: boolean;
  revision: number;
  position: number;
  [key: string]: unknown;
}

/**
 * The document after one more event of its stream: the projection's fold, and the single read of
 * one request folded from its stream (which is then complete at once).
 */
export const foldRequestDoc = (doc: RequestDoc | null, recorded: RecordedEvent): RequestDoc | null => {
  const event = recorded as unknown as RequestEvent;
  const at = { revision: recorded.revision, position: recorded.position };
  if (event.type === 'RequestFiled.v1') {
    const d = event.data;
    return {
      _id: d.requestId,
      memberId: d.memberId,
      kind: d.kind,
      subject: d.subject,
      text: d.text,
      status: 'open',
      filedDate: d.filedDate,
      filedAt: recorded.metadata.occurredAt,
      responseDue: d.responseDue,
      resolutionDue: d.resolutionDue,
      response: null,
      resolution: null,
      breaches: [],
      breached: false,
      ...at,
    };
  }
  if (!doc) return null;
  switch (event.type) {
    case 'RequestResponded.v1': {
      const { text, respondedDate: date, late, withResolution } = event.data;
      return { ...doc, status: 'responded', response: { text, date, late, withResolution }, ...at };
    }
    case 'RequestResolved.v1': {
      const { text, resolvedDate: date, late } = event.data;
      return { ...doc, status: 'resolved', resolution: { text, date, late }, ...at };
    }
    case 'RequestResponseBreached.v1':
    case 'RequestResolutionBreached.v1': {
      const { dueDate, breachedDate, rule } = event.data;
      const kind = event.type === 'RequestResponseBreached.v1' ? 'response' : 'resolution';
      return { ...doc, breaches: [...doc.breaches, { kind, dueDate, breachedDate, rule }], breached: true, ...at };
    }
    default:
      return doc;
  }
};

export const requestsProjection: Projection = {
  name: REQUESTS_PROJECTION,
  version: 1,
  collections: ['requests'],
  eventTypes: [
    'RequestFiled.v1',
    'RequestResponded.v1',
    'RequestResolved.v1',
    'RequestResponseBreached.v1',
    'RequestResolutionBreached.v1',
  ],
  async apply(recorded: RecordedEvent, tx) {
    const requestId = (recorded.data as { requestId: string }).requestId;
    const before = recorded.type === 'RequestFiled.v1' ? null : await tx.get<RequestDoc>('requests', requestId);
    const after = foldRequestDoc(before, recorded);
    if (after) tx.put('requests', after);
  },
};
