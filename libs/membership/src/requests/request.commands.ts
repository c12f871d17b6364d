import type { RequestKind } from './request.events';

/** M-SVC-1: a member (or staff on its behalf) files a request or complaint; `memberStatus` as read from its stream. */
export type FileRequest = {
  type: 'FileRequest';
  requestId: string;
  memberId: string;
  memberStatus: string;
  kind: RequestKind;
  subject: string;
  text: string;
};

export type RespondToRequest = { type: 'RespondToRequest'; requestId: string; text: string };

export type ResolveRequest = { type: 'ResolveRequest'; requestId: string; text: string };

/** The scheduler's, when a due date passed: `dueDate` is the one the deadline was opened for. */
export type RecordResponseBreach = { type: 'RecordResponseBreach'; requestId: string; dueDate: string };
export type RecordResolutionBreach = { type: 'RecordResolutionBreach'; requestId: string; dueDate: string };

export type RequestCommand = FileRequest | RespondToRequest | ResolveRequest | RecordResponseBreach | RecordResolutionBreach;
