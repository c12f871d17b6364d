import { yuanToFen } from '@opc/kernel';

/** M-REW-1..4 as data: part of the membership rule set. */
export interface RewardRules {
  /** M-REW-4: publicised this many working days before delivery. */
  publicityWorkingDays: number;
  /** M-REW-4: delivered within this many working days after a publicity with no objection. */
  deliveryWorkingDays: number;
  /** M-REW-1: compliance excellence. */
  complianceExcellence: {
    residentMonths: number;
    /** [choice] No violation standing in the `residentMonths` before the decision. */
    volunteerServices: number;
    /** [choice] Volunteer services counted over the 12 months before the decision ("annual"). */
    volunteerWindowMonths: number;
    /** One of these, the member's choice. */
    options: Readonly<Record<'roadshow-hall' | 'compute-voucher', { benefit: string; valueFen: number | null }>>;
  };
  /** M-REW-2: innovation award, by the award's level; the officer picks the amount in the range. */
  innovation: Readonly<Record<'municipal' | 'provincial-or-higher', { minFen: number; maxFen: number }>>;
  /** M-REW-3: other contribution: cash in the range, or resources (no amount). */
  otherContribution: { cash: { minFen: number; maxFen: number } };
}

export const REWARD_RULES_V1: RewardRules = {
  publicityWorkingDays: 3,
  deliveryWorkingDays: 10,
  complianceExcellence: {
    residentMonths: 6,
    volunteerServices: 8,
    volunteerWindowMonths: 12,
    options: {
      'roadshow-hall': { benefit: 'roadshow hall free twice, at most 3 hours each (路演厅免费使用 2 次)', valueFen: null },
      'compute-voucher': { benefit: 'compute voucher of ¥500 (算力券补贴 500 元)', valueFen: yuanToFen(500) },
    },
  },
  innovation: {
    municipal: { minFen: yuanToFen(1000), maxFen: yuanToFen(3000) },
    'provincial-or-higher': { minFen: yuanToFen(5000), maxFen: yuanToFen(10000) },
  },
  otherContribution: { cash: { minFen: yuanToFen(100), maxFen: yuanToFen(500) } },
};
