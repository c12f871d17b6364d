import type { ApplicantType, Direction } from '../rules/membership-rules';

/** A deadline as decided: the business date it falls on, provisional when the holiday data did not cover it. */
export interface DueDate {
  date: string;
  provisional: boolean;
}

/** M-ADM-4: a material is an evidence item, never lost once submitted. */
export interface EvidenceItem {
  evidenceId: string;
  kind: string;
  fileRef: string;
  sha256: string;
  note?: string;
}

export type MembershipApplied = {
  type: 'MembershipApplied.v1';
  data: {
    memberId: string;
    applicantType: ApplicantType;
    name: string;
    /** M-ADM-7: keyed hash of the ID number / credit code; the clear value is never stored. */
    subjectHash: string;
    direction: Direction;
    description: string;
    materials: EvidenceItem[];
    /** M-ADM-3: the applicant's own attestations. */
    attestations: { noDishonestyRecord: true; acceptsRules: true };
    /** M-ADM-5: the initial review is due by this date. */
    initialReviewDue: DueDate;
  };
};

export type EvidenceSubmitted = {
  type: 'EvidenceSubmitted.v1';
  data: EvidenceItem;
};

export type InitialReviewPassed = {
  type: 'InitialReviewPassed.v1';
  data: {
    reason: string;
    /** M-ADM-2 / M-ADM-3: the reviewer's findings. */
    findings: { directionFits: true; integrityVerified: true };
    /** M-ADM-5: the project evaluation is due by this date. */
    projectEvaluationDue: DueDate;
    /** Whether the review itself came after its deadline: kept for the SLA record. */
    late: boolean;
  };
};

export type InitialReviewFailed = {
  type: 'InitialReviewFailed.v1';
  data: { reason: string; findings: { directionFits: boolean; integrityVerified: boolean }; late: boolean };
};

export type ProjectEvaluationApproved = {
  type: 'ProjectEvaluationApproved.v1';
  data: { reason: string; late: boolean };
};

export type ProjectEvaluationRejected = {
  type: 'ProjectEvaluationRejected.v1';
  data: { reason: string; late: boolean };
};

export type AdmissionEvent =
  | MembershipApplied
  | EvidenceSubmitted
  | InitialReviewPassed
  | InitialReviewFailed
  | ProjectEvaluationApproved
  | ProjectEvaluationRejected;
