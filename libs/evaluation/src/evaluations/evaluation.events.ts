import type { PublishedResult } from '../communities/community.events';
import type { EvaluationCatalogue } from '../rules/catalogue';
import type { PanelResult } from '../rules/panel';
import type { Hundredths } from '../rules/points';

/** The community as the evaluation found it when opened (C-CAT-1, C-BASIC-1). */
export interface CommunitySnapshot {
  communityId: string;
  name: string;
  operator: string;
  areaM2: number;
  basicConditions: Record<string, boolean>;
  registeredDate: string;
}

/**
 * C-FLOW-1 (application): an evaluation opened for an eligible community, with the whole catalogue
 * version in force that day: the evaluation is decided by this copy to the end (C-DIM-2).
 */
export type EvaluationOpened = {
  type: 'EvaluationOpened.v1';
  data: {
    evaluationId: string;
    communityId: string;
    community: CommunitySnapshot;
    /** C-CAT-1: the category the result will state. */
    category: string;
    catalogue: EvaluationCatalogue;
    openedDate: string;
  };
};

/** C-EVID-1: objective evidence for one indicator or bonus item; kept once, never removed. */
export type EvidenceSubmitted = {
  type: 'EvidenceSubmitted.v1';
  data: {
    evaluationId: string;
    evidenceId: string;
    indicator: string;
    fileRef: string;
    sha256: string;
    note: string | null;
    submittedDate: string;
  };
};

export type ExpertAssigned = {
  type: 'ExpertAssigned.v1';
  data: { evaluationId: string; expertId: string; assignedDate: string };
};

/** C-FLOW-1: the expert declares no conflict of interest; only then may it score. */
export type ExpertDeclaredNoConflict = {
  type: 'ExpertDeclaredNoConflict.v1';
  data: { evaluationId: string; expertId: string; note: string | null; declaredDate: string };
};

/** C-FLOW-1: the expert has a conflict of interest: it leaves the panel, and a sheet it gave no longer counts. */
export type ExpertRecused = {
  type: 'ExpertRecused.v1';
  data: { evaluationId: string; expertId: string; note: string | null; recusedDate: string };
};

/** C-FLOW-1: one expert's sheet, scored independently. A later sheet of the same expert replaces it; both stay in the history. */
export type ExpertSheetSubmitted = {
  type: 'ExpertSheetSubmitted.v1';
  data: {
    evaluationId: string;
    expertId: string;
    /** Points entered per indicator, in hundredths. */
    scores: Record<string, Hundredths>;
    bonus: Record<string, Hundredths>;
    vetoes: { item: string; reason: string }[];
    submittedDate: string;
    replacesEarlier: boolean;
  };
};

/** C-FLOW-1 / C-SCORE-1 / C-EVID-1 / C-VETO-1 / C-GRADE-1: the panel closes with its result, every sheet kept. */
export type ExpertPanelClosed = {
  type: 'ExpertPanelClosed.v1';
  data: { evaluationId: string; communityId: string; panel: PanelResult; closedDate: string };
};

/** C-FLOW-1: publicity (公示) runs until `endsDate`; publication is possible from `publicationFrom`. */
export type PublicityStarted = {
  type: 'PublicityStarted.v1';
  data: {
    evaluationId: string;
    communityId: string;
    startedDate: string;
    endsDate: string;
    /** Counted past the holiday data: the end may move when the year's schedule is published. */
    provisional: boolean;
    publicationFrom: string;
    resultText: string;
    resultTextEn: string;
  };
};

/** C-RES-1 / C-VALID-1: the result published, valid one year from today (exclusive end). */
export type EvaluationPublished = {
  type: 'EvaluationPublished.v1';
  data: PublishedResult & { communityId: string };
};

/** C-VALID-1: the year ended with no re-evaluation published (recorded by the scheduler on the day). */
export type EvaluationResultLapsed = {
  type: 'EvaluationResultLapsed.v1';
  data: { evaluationId: string; communityId: string; lapsedDate: string };
};

/** C-VALID-1: a re-evaluation of the community was published while this result was valid. */
export type EvaluationResultSuperseded = {
  type: 'EvaluationResultSuperseded.v1';
  data: { evaluationId: string; communityId: string; byEvaluationId: string; supersededDate: string };
};

/** C-VALID-2: the result revoked (造假者撤销资格), published with its reason and date. */
export type EvaluationResultRevoked = {
  type: 'EvaluationResultRevoked.v1';
  data: { evaluationId: string; communityId: string; reason: string; revokedDate: string };
};

export type EvaluationEvent =
  | EvaluationOpened
  | EvidenceSubmitted
  | ExpertAssigned
  | ExpertDeclaredNoConflict
  | ExpertRecused
  | ExpertSheetSubmitted
  | ExpertPanelClosed
  | PublicityStarted
  | EvaluationPublished
  | EvaluationResultLapsed
  | EvaluationResultSuperseded
  | EvaluationResultRevoked;
