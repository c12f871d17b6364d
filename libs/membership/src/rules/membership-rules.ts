/**
 * The membership rule set (Part M of docs/rules.md) as data. Every number the rules give lives here,
 * not in code, so a revised rule set is a new version and every decision records the version
 * that made it (M-RULE-1).
 */
import { PENALTY_CATALOGUE_V1 } from './penalty-catalogue-v1';
import type { DisciplineRules } from './penalty-catalogue';
import { REWARD_RULES_V1, type RewardRules } from './reward-rules';

export type ApplicantType = 'opc' | 'individual-business' | 'founder' | 'institution';
export const APPLICANT_TYPES: readonly ApplicantType[] = ['opc', 'individual-business', 'founder', 'institution'];

export type Direction = 'ai-native-innovation' | 'digital-economy' | 'cross-border-services';
export const DIRECTIONS: readonly Direction[] = ['ai-native-innovation', 'digital-economy', 'cross-border-services'];

export interface BanLength {
  years: number;
}

export interface MembershipRules {
  id: 'membership';
  version: number;
  /** First business date (Asia/Shanghai) on which this version decides conduct (M-RULE-1). */
  effectiveFrom: string;
  admission: {
    /** M-ADM-1: who may apply. */
    applicantTypes: readonly ApplicantType[];
    /** M-ADM-2: directions that fit policy. */
    directions: readonly Direction[];
    /** M-ADM-5: initial review within N working days of submission. */
    initialReviewWorkingDays: number;
    /** M-ADM-5 [choice]: project evaluation reported within N working days of the initial review. */
    projectEvaluationWorkingDays: number;
  };
  term: {
    /** M-TERM-1 */
    months: number;
    /** M-TERM-2 */
    renewalReminderDaysBefore: number;
    /** M-TERM-4 */
    exitBufferDays: number;
  };
  agreement: {
    /** M-ADM-6 [choice]: onboarding waits until fee and deposit are paid in full. */
    onboardingRequiresFullPayment: boolean;
  };
  exit: {
    /** M-EXIT-1 */
    voluntaryNoticeDays: number;
    /** M-EXIT-2 and the M-PEN clauses that order a forced exit. */
    forcedExitClauses: readonly string[];
  };
  /**
   * M-BAN-1/2: the specific clause's length wins over the default. M-EXIT-3 [choice]: elimination
   * by score brings no ban unless `onElimination` gives one.
   */
  bans: { default: BanLength; byClause: Readonly<Record<string, BanLength>>; onElimination: BanLength | null };
  archive: {
    /** M-ARC-2 [choice]: counted from exit. */
    retentionYears: number;
  };
  /** M-PEN-1..10: the penalty catalogue, notice and publicity periods. */
  discipline: DisciplineRules;
  /** M-REW-1..4: rewards, their amounts, publicity and delivery. */
  rewards: RewardRules;
  /** M-SVC-1: a member's request or complaint is responded to, then solved, within these working days of its filing. */
  service: { responseWorkingDays: number; resolutionWorkingDays: number };
}

/** The source rules as they took effect on 2026-04-01 (seed 001). */
export const MEMBERSHIP_RULES_V1: MembershipRules = {
  id: 'membership',
  version: 1,
  effectiveFrom: '2026-04-01',
  admission: {
    applicantTypes: APPLICANT_TYPES,
    directions: DIRECTIONS,
    initialReviewWorkingDays: 7,
    projectEvaluationWorkingDays: 2,
  },
  term: { months: 12, renewalReminderDaysBefore: 30, exitBufferDays: 7 },
  agreement: { onboardingRequiresFullPayment: true },
  exit: {
    voluntaryNoticeDays: 15,
    forcedExitClauses: [
      'M-EXIT-2',
      'M-PEN-1b',
      'M-PEN-1c',
      'M-PEN-2c',
      'M-PEN-3a',
      'M-PEN-3b',
      'M-PEN-4a',
      'M-PEN-4b',
      'M-PEN-5a',
      'M-PEN-5b',
      'M-PEN-6b',
      'M-PEN-6c',
      'M-PEN-7d',
      'M-PEN-8',
    ],
  },
  bans: {
    default: { years: 3 },
    byClause: { 'M-EXIT-2': { years: 3 }, 'M-PEN-1c': { years: 1 }, 'M-PEN-3b': { years: 3 } },
    onElimination: null,
  },
  archive: { retentionYears: 3 },
  discipline: PENALTY_CATALOGUE_V1,
  rewards: REWARD_RULES_V1,
  service: { responseWorkingDays: 2, resolutionWorkingDays: 7 },
};
