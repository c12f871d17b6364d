import { businessDateOf, IllegalTransition, NotEligible, NotFound, OutOfRange, type Decider } from '@opc/kernel';
import type { MembershipRules } from '../rules/membership-rules';
import type { RequestCommand } from './request.commands';
import { SERVICE_RULE, type RequestEvent, type RequestFiled } from './request.events';

export const requestStreamId = (requestId: string): string => `request-${requestId}`;

/** M-SVC-1 [choice]: who may file: a member in residence, or serving its notice or exit buffer. */
export const FILING_STATUSES: readonly string[] = ['active', 'exiting'];

/** One service request or complaint, stream `request-<id>`: filed, responded to, resolved; breaches as recorded. */
export interface ServiceRequest {
  status: 'open' | 'responded' | 'resolved' | null;
  filed: RequestFiled['data'] | null;
  respondedDate: string | null;
  resolvedDate: string | null;
  responseBreached: boolean;
  resolutionBreached: boolean;
}

export const requestDecider: Decider<ServiceRequest, RequestCommand, RequestEvent, MembershipRules> = {
  initialState: () => ({
    status: null,
    filed: null,
    respondedDate: null,
    resolvedDate: null,
    responseBreached: false,
    resolutionBreached: false,
  }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'RequestFiled.v1':
        return { ...state, status: 'open', filed: event.data };
      case 'RequestResponded.v1':
        return { ...state, status: 'responded', respondedDate: event.data.respondedDate };
      case 'RequestResolved.v1':
        return { ...state, status: 'resolved', resolvedDate: event.data.resolvedDate };
      case 'RequestResponseBreached.v1':
        return { ...state, responseBreached: true };
      case 'RequestResolutionBreached.v1':
        return { ...state, resolutionBreached: true };
      default:
        return state;
    }
  },
  decide: (command, state, ctx) => {
    // The business date of the fact: a request made by phone yesterday and recorded today runs from yesterday.
    const today = businessDateOf(ctx.occurredAt);
    switch (command.type) {
      case 'FileRequest': {
        // The same id (the same Idempotency-Key) is the same request.
        if (state.status !== null) return [];
        if (!FILING_STATUSES.includes(command.memberStatus))
          throw new NotEligible([
            `${SERVICE_RULE}: a request is filed for a member who is ${FILING_STATUSES.join(' or ')}; the member is ${command.memberStatus}`,
          ]);
        const { responseWorkingDays, resolutionWorkingDays } = ctx.rules.service;
        return [
          {
            type: 'RequestFiled.v1',
            data: {
              requestId: command.requestId,
              memberId: command.memberId,
              kind: command.kind,
              subject: command.subject,
              text: command.text,
              filedDate: today,
              responseDue: ctx.calendar.addWorkingDays(today, responseWorkingDays),
              resolutionDue: ctx.calendar.addWorkingDays(today, resolutionWorkingDays),
              rule: SERVICE_RULE,
            },
          },
        ];
      }
      case 'RespondToRequest': {
        if (state.status === null) throw new NotFound('request', command.requestId);
        if (state.status !== 'open') throw new IllegalTransition(`request ${state.status}`, command.type);
        const due = state.filed!.responseDue.date;
        return [
          {
            type: 'RequestResponded.v1',
            data: {
              requestId: command.requestId,
              text: command.text,
              respondedDate: today,
              dueDate: due,
              late: today > due,
              withResolution: false,
              rule: SERVICE_RULE,
            },
          },
        ];
      }
      case 'ResolveRequest': {
        if (state.status === null) throw new NotFound('request', command.requestId);
        if (state.status === 'resolved') throw new IllegalTransition(`request ${state.status}`, command.type);
        if (state.respondedDate !== null && today < state.respondedDate)
          throw new OutOfRange('occurredAt', today, { min: state.respondedDate }, SERVICE_RULE);
        const filed = state.filed!;
        const resolved: RequestEvent = {
          type: 'RequestResolved.v1',
          data: {
            requestId: command.requestId,
            text: command.text,
            resolvedDate: today,
            dueDate: filed.resolutionDue.date,
            late: today > filed.resolutionDue.date,
            rule: SERVICE_RULE,
          },
        };
        if (state.status === 'responded') return [resolved];
        // [choice] Solved with no response first: the resolution is the response too.
        return [
          {
            type: 'RequestResponded.v1',
            data: {
              requestId: command.requestId,
              text: command.text,
              respondedDate: today,
              dueDate: filed.responseDue.date,
              late: today > filed.responseDue.date,
              withResolution: true,
              rule: SERVICE_RULE,
            },
          },
          resolved,
        ];
      }
      case 'RecordResponseBreach': {
        // Once, and only while the response is still missing after its due date.
        if (state.status !== 'open' || state.responseBreached) return [];
        const due = state.filed!.responseDue.date;
        if (command.dueDate !== due || today <= due) return [];
        return [
          {
            type: 'RequestResponseBreached.v1',
            data: {
              requestId: command.requestId,
              memberId: state.filed!.memberId,
              dueDate: due,
              breachedDate: today,
              rule: SERVICE_RULE,
            },
          },
        ];
      }
      case 'RecordResolutionBreach': {
        if (state.status === null || state.status === 'resolved' || state.resolutionBreached) return [];
        const due = state.filed!.resolutionDue.date;
        if (command.dueDate !== due || today <= due) return [];
        return [
          {
            type: 'RequestResolutionBreached.v1',
            data: {
              requestId: command.requestId,
              memberId: state.filed!.memberId,
              dueDate: due,
              breachedDate: today,
              rule: SERVICE_RULE,
            },
          },
        ];
      }
    }
  },
};
