import type { CommunitySnapshot } from './evaluation.events';

/** The shell reads the community's stream first and passes what it found. */
export type OpenEvaluation = { type: 'OpenEvaluation'; evaluationId: string; community: CommunitySnapshot };

export type SubmitEvaluationEvidence = {
  type: 'SubmitEvaluationEvidence';
  evaluationId: string;
  evidenceId: string;
  indicator: string;
  fileRef: string;
  sha256: string;
  note: string | null;
};

export type AssignExpert = { type: 'AssignExpert'; evaluationId: string; expertId: string };

export type DeclareConflictOfInterest = {
  type: 'DeclareConflictOfInterest';
  evaluationId: string;
  expertId: string;
  /** true: no conflict, the expert may score; false: it recuses itself. */
  noConflictOfInterest: boolean;
  note: string | null;
};

/** Points as the expert wrote them (numbers with two decimals at most), by indicator and bonus item. */
export type SubmitExpertSheet = {
  type: 'SubmitExpertSheet';
  evaluationId: string;
  expertId: string;
  scores: Record<string, number>;
  bonus: Record<string, number>;
  vetoes: { item: string; reason: string }[];
};

/** Closes the panel with its result and starts publicity. */
export type StartPublicity = { type: 'StartPublicity'; evaluationId: string };
export type PublishResult = { type: 'PublishResult'; evaluationId: string };
/** The scheduler, on the first day after the validity (C-VALID-1). */
export type LapseResult = { type: 'LapseResult'; evaluationId: string };
/** From the community's stream: a re-evaluation replaced this result. */
export type RecordSupersession = {
  type: 'RecordSupersession';
  evaluationId: string;
  byEvaluationId: string;
  supersededDate: string;
};
export type RevokeResult = { type: 'RevokeResult'; evaluationId: string; reason: string };

export type EvaluationCommand =
  | OpenEvaluation
  | SubmitEvaluationEvidence
  | AssignExpert
  | DeclareConflictOfInterest
  | SubmitExpertSheet
  | StartPublicity
  | PublishResult
  | LapseResult
  | RecordSupersession
  | RevokeResult;
