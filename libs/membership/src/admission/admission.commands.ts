import type { ApplicantType } from '../rules/membership-rules';

export interface MaterialInput {
  kind: string;
  fileRef: string;
  sha256: string;
  note?: string;
}

export type ApplyForMembership = {
  type: 'ApplyForMembership';
  memberId: string;
  applicantType: ApplicantType;
  name: string;
  /** Already hashed by the shell with SUBJECT_KEY: the decider never sees the clear value. */
  subjectHash: string;
  direction: string;
  description: string;
  materials: (MaterialInput & { evidenceId: string })[];
  attestations: { noDishonestyRecord: boolean; acceptsRules: boolean };
  /** M-ADM-7: the latest ban on this subject, looked up by the shell from the bans read model. */
  ban: { banUntil: string; reason: string; clause: string } | null;
};

export type SubmitEvidence = { type: 'SubmitEvidence'; memberId: string; evidence: MaterialInput & { evidenceId: string } };

export type RecordInitialReview = {
  type: 'RecordInitialReview';
  memberId: string;
  decision: 'pass' | 'fail';
  reason: string;
  directionFits?: boolean;
  integrityVerified?: boolean;
};

export type RecordProjectEvaluation = {
  type: 'RecordProjectEvaluation';
  memberId: string;
  decision: 'approve' | 'reject';
  reason: string;
};

export type AdmissionCommand = ApplyForMembership | SubmitEvidence | RecordInitialReview | RecordProjectEvaluation;
