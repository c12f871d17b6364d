import type { DueDate, EvidenceItem } from '../admission/admission.events';

export type RewardClause = 'M-REW-1' | 'M-REW-2' | 'M-REW-3';

/** M-REW-1..3: a reward verified and decided; the facts that made it eligible are kept with it. */
export type RewardGranted = {
  type: 'RewardGranted.v1';
  data: {
    rewardId: string;
    memberId: string;
    clause: RewardClause;
    /** M-REW-1: the member's choice; M-REW-2: the award's level; M-REW-3: cash or resources. */
    option: string;
    /** Cash in fen (or the voucher's value); null for a benefit in kind. */
    amountFen: number | null;
    benefit: string;
    evidence: EvidenceItem[];
    /** M-REW-1: what the record showed (resident since, violations, volunteer services). */
    eligibility: Record<string, unknown> | null;
    decidedDate: string;
    /** M-REW-4: publicised until the end of this day (the window for objections). */
    publicityEndsDate: string;
    /** M-REW-4: delivered within 10 working days of a publicity with no objection. */
    deliveryDue: DueDate;
  };
};

export type RewardDelivered = {
  type: 'RewardDelivered.v1';
  data: { rewardId: string; deliveredDate: string; late: boolean; reference: string | null; note: string | null };
};

/** M-APL-2: an upheld objection withdraws the reward before it is delivered. */
export type RewardWithdrawn = {
  type: 'RewardWithdrawn.v1';
  data: { rewardId: string; appealId: string; reason: string; withdrawnDate: string };
};

/** M-REW-1: a volunteer service, a recorded fact on the member's record (stream `volunteer-<memberId>`). */
export type VolunteerServiceRecorded = {
  type: 'VolunteerServiceRecorded.v1';
  data: { serviceId: string; memberId: string; date: string; activity: string };
};

export type RewardEvent = RewardGranted | RewardDelivered | RewardWithdrawn;
