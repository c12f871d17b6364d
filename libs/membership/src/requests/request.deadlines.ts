import { addDays, startOfBusinessDay, type RecordedEvent } from '@opc/kernel';
import type { DeadlineChange, DeadlineRules } from '@opc/platform';
import type { DueDate } from '../admission/admission.events';
import { closing, deadlineId } from '../members/deadline-changes';
import { SERVICE_RULE, type RequestEvent } from './request.events';

export const REQUEST_DEADLINE_KINDS = ['request-response', 'request-resolution'] as const;
type Kind = (typeof REQUEST_DEADLINE_KINDS)[number];

/** The scheduler's commands when a request's due date passes unanswered (M-SVC-1). */
export const REQUEST_BREACH_ACTIONS = {
  'request-response': 'RecordRequestResponseBreach',
  'request-resolution': 'RecordRequestResolutionBreach',
} as const satisfies Record<Kind, string>;

/**
 * M-SVC-1: a request's response and resolution, each due by the end of its date. When the date
 * has passed unanswered (at the start of the next day) the scheduler records the breach on the
 * request; the deadline then stays, overdue and with no action, until the request is answered.
 */
export const requestDeadlineRules: DeadlineRules = (recorded: RecordedEvent) => {
  if (!recorded.streamId.startsWith('request-')) return [];
  const event = recorded as unknown as RequestEvent;
  const at = (kind: Kind) => ({ streamId: recorded.streamId, kind });
  const due = (kind: Kind, memberId: string, requestId: string, d: DueDate, withAction: boolean): DeadlineChange => ({
    open: {
      _id: deadlineId(at(kind)),
      kind,
      rule: SERVICE_RULE,
      streamId: recorded.streamId,
      memberId,
      dueDate: d.date,
      // Overdue from the start of the next day, which is when the scheduler records the breach.
      dueAt: startOfBusinessDay(addDays(d.date, 1)).toISOString(),
      provisional: d.provisional,
      action: withAction ? { command: REQUEST_BREACH_ACTIONS[kind], payload: { memberId, requestId, dueDate: d.date } } : null,
    },
  });
  switch (event.type) {
    case 'RequestFiled.v1': {
      const { memberId, requestId, responseDue, resolutionDue } = event.data;
      return [
        due('request-response', memberId, requestId, responseDue, true),
        due('request-resolution', memberId, requestId, resolutionDue, true),
      ];
    }
    case 'RequestResponseBreached.v1':
    case 'RequestResolutionBreached.v1': {
      const { memberId, requestId, dueDate } = event.data;
      const kind = event.type === 'RequestResponseBreached.v1' ? 'request-response' : 'request-resolution';
      return [due(kind, memberId, requestId, { date: dueDate, provisional: false }, false)];
    }
    case 'RequestResponded.v1':
      return [closing(at('request-response'))];
    case 'RequestResolved.v1':
      return [closing(at('request-resolution'))];
    default:
      return [];
  }
};
