import type { DueDate, EvidenceItem } from '../admission/admission.events';
import type { PenaltyOrder, PenaltyRule, SuspendedResource } from '../rules/penalty-catalogue';

/**
 * The member's disciplinary record, stream `discipline-<memberId>` (M-PEN-1..10): cases,
 * rectification notices, penalties, fines and their payment, suspensions. Every decision carries
 * the clause, the tier, the repeat count and the amounts that produced it (M-PEN-9); the
 * envelope carries the rule-set version.
 */

/** What started a case: an officer's finding, or the scheduler counting days (fees, late exit). */
export type CaseTrigger =
  { kind: 'officer' } | { kind: 'fee-overdue'; feeDueDate: string } | { kind: 'late-exit'; clearOutDueDate: string };

/** M-PEN-10: a violation found and verified. */
export type ViolationRecorded = {
  type: 'ViolationRecorded.v1';
  data: {
    caseId: string;
    memberId: string;
    clause: string;
    /** The conduct's business date (from occurredAt): it decides the rule-set version and the term it falls in. */
    occurredDate: string;
    facts: string;
    damageFen: number | null;
    serious: boolean;
    evidence: EvidenceItem[];
    /** Per member, per clause, this case included (M-PEN preamble). */
    repeatCount: number;
    trigger: CaseTrigger;
  };
};

/** A fine as imposed: its own id, so it can be paid (`fineId`) and cancelled on appeal. */
export interface FineImposed {
  fineId: string;
  amountFen: number;
  /** The rule's bounds the amount was checked against (M-PEN-9). */
  rule: { fixedFen: number } | { minFen: number; maxFen: number };
}

export interface SuspensionImposed {
  suspensionId: string;
  resource: SuspendedResource;
  fromDate: string;
  /** First day it no longer applies (exclusive end); null: until the fee is paid. */
  untilDate: string | null;
  untilPaid: boolean;
}

/** The decision: what was imposed, under which clause and tier, and why. */
export type PenaltyImposed = {
  type: 'PenaltyImposed.v1';
  data: {
    penaltyId: string;
    caseId: string;
    memberId: string;
    clause: string;
    tier: string;
    repeatCount: number;
    /** 'violation' on recording; 'not-rectified' after a failed inspection; 'days-late' for the scheduler's tiers. */
    basis: 'violation' | 'not-rectified' | 'days-late';
    /** What started the case (an officer, or days late on a fee or an exit). */
    trigger: CaseTrigger;
    decidedDate: string;
    warning: boolean;
    fine: FineImposed | null;
    compensationFen: number | null;
    suspension: SuspensionImposed | null;
    forcedExit: boolean;
    depositForfeited: boolean;
    /** The re-entry ban of the clause (null: the rule set's default for a forced exit). */
    banYears: number | null;
    confiscateGains: boolean;
    report: boolean;
    orders: PenaltyOrder[];
    /** M-PEN-10: publicised until the end of this date; the window for a review request (M-APL-1). */
    publicityEndsDate: string;
    reason: string;
    /** The scheduler's tiers: when the next one falls due, if the case goes on (null otherwise). */
    nextTierDate: string | null;
  };
};

/** 整改通知书: requirements and a deadline; what not rectifying brings is decided now, under this version. */
export type RectificationNoticeIssued = {
  type: 'RectificationNoticeIssued.v1';
  data: {
    noticeId: string;
    caseId: string;
    memberId: string;
    clause: string;
    requirements: string;
    issuedDate: string;
    due: DueDate;
    onNotRectified: PenaltyRule | null;
  };
};

/** A person inspected: rectified or not (a failed one is followed by the escalated penalty). */
export type RectificationInspected = {
  type: 'RectificationInspected.v1';
  data: {
    noticeId: string;
    caseId: string;
    rectified: boolean;
    note: string;
    evidence: EvidenceItem[];
    inspectedDate: string;
    /** Inspected after the notice's deadline. */
    late: boolean;
  };
};

export type FinePaid = {
  type: 'FinePaid.v1';
  data: { fineId: string; amountFen: number; reference: string; paidDate: string; outstandingFen: number };
};

export type SuspensionEnded = {
  type: 'SuspensionEnded.v1';
  data: {
    suspensionId: string;
    endedDate: string;
    reason: 'period-over' | 'fee-paid' | 'appeal-upheld';
  };
};

/** M-APL-2: an upheld appeal reverses a penalty; nothing is edited, this event says what no longer stands. */
export type PenaltyAnnulled = {
  type: 'PenaltyAnnulled.v1';
  data: {
    penaltyId: string;
    caseId: string;
    /** The appeal that reversed it. */
    appealId: string;
    reason: string;
    annulledDate: string;
    /** Reversed with it: the fine (cancelled, with what had been paid), the suspension (lifted), the forced exit (annulled on the member stream). */
    fineCancelled: { fineId: string; paidFen: number } | null;
    suspensionLifted: string | null;
    forcedExitAnnulled: boolean;
    /** Notices of the case still open, closed because the case no longer stands. */
    noticesCancelled: string[];
  };
};

export type DisciplineEvent =
  | ViolationRecorded
  | PenaltyImposed
  | RectificationNoticeIssued
  | RectificationInspected
  | FinePaid
  | SuspensionEnded
  | PenaltyAnnulled;
