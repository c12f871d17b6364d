import type { EvidenceItem } from '../admission/admission.events';

/** M-PEN-10: an officer records a violation; the record decides a notice, a penalty, or both. */
export type RecordViolation = {
  type: 'RecordViolation';
  memberId: string;
  caseId: string;
  clause: string;
  facts: string;
  /** The damage (照价赔偿) or loss, in fen, where the clause weighs it. */
  damageFen?: number;
  serious?: boolean;
  /** M-PEN-9: the officer's amount where the tier gives a range; a fixed fine may be confirmed, not changed. */
  amountFen?: number;
  evidence: EvidenceItem[];
  /** The notice's requirements, when the officer words them; default: the clause's own. */
  requirements?: string;
};

/** A person inspects a notice: rectified, or not (then the notice's escalated penalty). */
export type InspectRectification = {
  type: 'InspectRectification';
  memberId: string;
  noticeId: string;
  rectified: boolean;
  note: string;
  evidence: EvidenceItem[];
  /** M-PEN-9: the amount where the escalated penalty gives a range. */
  amountFen?: number;
};

export type RecordFinePayment = {
  type: 'RecordFinePayment';
  memberId: string;
  fineId: string;
  amountFen: number;
  reference: string;
};

/** The scheduler, at a suspension's end. */
export type EndSuspension = { type: 'EndSuspension'; memberId: string; suspensionId: string; untilDate: string };

/**
 * M-PEN-7: the scheduler, as days pass after a fee's due date: every tier reached by `daysLate`
 * (days after the due date, today) not applied yet. `outstandingFen` is read from the member just before.
 */
export type ApplyFeeOverdueTier = {
  type: 'ApplyFeeOverdueTier';
  memberId: string;
  feeDueDate: string;
  daysLate: number;
  outstandingFen: number;
};

/** M-PEN-7c: paying the fee in full lifts the suspension it brought. */
export type LiftFeeSuspension = { type: 'LiftFeeSuspension'; memberId: string };

/** M-PEN-1b: the scheduler, as days pass after the day the space had to be cleared (every tier reached by `daysLate`). */
export type ApplyLateExitTier = {
  type: 'ApplyLateExitTier';
  memberId: string;
  clearOutDueDate: string;
  daysLate: number;
  clearedOut: boolean;
};

/** M-APL-2: an upheld appeal reverses a penalty. */
export type AnnulPenalty = { type: 'AnnulPenalty'; memberId: string; penaltyId: string; appealId: string; reason: string };

export type DisciplineCommand =
  | RecordViolation
  | InspectRectification
  | RecordFinePayment
  | EndSuspension
  | ApplyFeeOverdueTier
  | LiftFeeSuspension
  | ApplyLateExitTier
  | AnnulPenalty;
