import type { DueDate } from '../admission/admission.events';

/** M-SVC-1: the rule every request event records as its reason. */
export const SERVICE_RULE = 'M-SVC-1';

export type RequestKind = 'request' | 'complaint';

/** M-SVC-1: a member's request or complaint, with its response and resolution due dates. */
export type RequestFiled = {
  type: 'RequestFiled.v1';
  data: {
    requestId: string;
    memberId: string;
    kind: RequestKind;
    subject: string;
    text: string;
    filedDate: string;
    /** M-SVC-1: responded to within 2 working days of the filing. */
    responseDue: DueDate;
    /** M-SVC-1: solved within 7 working days of the filing. */
    resolutionDue: DueDate;
    rule: typeof SERVICE_RULE;
  };
};

/** The response, recorded once; after its due date it is `late` (never refused for lateness). */
export type RequestResponded = {
  type: 'RequestResponded.v1';
  data: {
    requestId: string;
    text: string;
    respondedDate: string;
    dueDate: string;
    late: boolean;
    /** [choice] A resolution with no response before it counts as the response too (same text, same date). */
    withResolution: boolean;
    rule: typeof SERVICE_RULE;
  };
};

/** The solution: the request is closed. */
export type RequestResolved = {
  type: 'RequestResolved.v1';
  data: { requestId: string; text: string; resolvedDate: string; dueDate: string; late: boolean; rule: typeof SERVICE_RULE };
};

/** Recorded by the scheduler when the response's due date passed with no response on record. */
export type RequestResponseBreached = {
  type: 'RequestResponseBreached.v1';
  data: { requestId: string; memberId: string; dueDate: string; breachedDate: string; rule: typeof SERVICE_RULE };
};

/** Recorded by the scheduler when the resolution's due date passed with the request not solved. */
export type RequestResolutionBreached = {
  type: 'RequestResolutionBreached.v1';
  data: { requestId: string; memberId: string; dueDate: string; breachedDate: string; rule: typeof SERVICE_RULE };
};

export type RequestEvent =
  RequestFiled | RequestResponded | RequestResolved | RequestResponseBreached | RequestResolutionBreached;
