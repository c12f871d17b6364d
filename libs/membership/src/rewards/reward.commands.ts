import type { EvidenceItem } from '../admission/admission.events';
import type { RewardClause } from './reward.events';

/** What the shell read of the member's record, for M-REW-1's eligibility. */
export interface RecordFacts {
  /** Null when never onboarded. */
  onboardedDate: string | null;
  status: string;
  /** Standing violations with their conduct's date. */
  violations: { caseId: string; clause: string; occurredDate: string }[];
  /** Dates of the volunteer services on record. */
  volunteerDates: string[];
}

export type GrantReward = {
  type: 'GrantReward';
  rewardId: string;
  memberId: string;
  clause: RewardClause;
  option?: string;
  amountFen?: number;
  evidence: EvidenceItem[];
  record: RecordFacts;
};

/** M-REW-4: delivery after a publicity with no objection; `openObjection`: an objection still unanswered. */
export type DeliverReward = {
  type: 'DeliverReward';
  rewardId: string;
  reference?: string;
  note?: string;
  openObjection: string | null;
};

export type WithdrawReward = { type: 'WithdrawReward'; rewardId: string; appealId: string; reason: string };

export type RewardCommand = GrantReward | DeliverReward | WithdrawReward;

export type RecordVolunteerService = {
  type: 'RecordVolunteerService';
  serviceId: string;
  memberId: string;
  date: string;
  activity: string;
};
