import type { PublishedResult } from './community.events';

export type RegisterCommunity = {
  type: 'RegisterCommunity';
  communityId: string;
  name: string;
  operator: string;
  areaM2: number;
  basicConditions: Record<string, boolean>;
};

export type ChangeCommunityArea = { type: 'ChangeCommunityArea'; communityId: string; areaM2: number; reason: string };

/** Only the conditions named change; the others stay as stated. */
export type ChangeBasicConditions = {
  type: 'ChangeBasicConditions';
  communityId: string;
  basicConditions: Record<string, boolean>;
  reason: string;
};

/** From the evaluation's stream (process manager `evaluation-results`). */
export type RecordPublishedResult = { type: 'RecordPublishedResult'; communityId: string; result: PublishedResult };
/** `lapsedDate` as the evaluation recorded it: the community keeps the same day however late the effect runs. */
export type RecordResultLapse = { type: 'RecordResultLapse'; communityId: string; evaluationId: string; lapsedDate: string };
export type RecordResultRevocation = {
  type: 'RecordResultRevocation';
  communityId: string;
  evaluationId: string;
  reason: string;
  revokedDate: string;
};

export type CommunityCommand =
  | RegisterCommunity
  | ChangeCommunityArea
  | ChangeBasicConditions
  | RecordPublishedResult
  | RecordResultLapse
  | RecordResultRevocation;
