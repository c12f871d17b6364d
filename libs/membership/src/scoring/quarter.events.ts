import type { EvidenceItem } from '../admission/admission.events';
import type { CohortDecision, DimensionPoints, Outcome, ScoreInputs } from './scoring.rules';

/** Evidence behind a score, by dimension (M-SCORE-11: inspectable). */
export type ScoreEvidence = EvidenceItem & { dimension: keyof DimensionPoints };

/** One member's score for the quarter, with the inputs and evidence it came from (M-SCORE-1..6, 11). */
export type ScoreRecorded = {
  type: 'ScoreRecorded.v1';
  data: {
    quarter: string;
    memberId: string;
    entryId: string;
    inputs: ScoreInputs;
    evidence: ScoreEvidence[];
    points: DimensionPoints;
    total: number;
    /** The scheme the quarter is scored under (M-SCORE-7): fixed by its first entry. */
    schemeVersion: number;
    /** A correction: the entry it replaces (null for a first entry). */
    supersedes: string | null;
    /** After close: recorded because an upheld objection voided the score (M-APL-2). */
    afterAppeal: string | null;
  };
};

/** M-APL-1 / M-SCORE-11: the scores are publicised; members may object until the end of `endsDate`. */
export type ScorePublicityOpened = {
  type: 'ScorePublicityOpened.v1';
  data: { quarter: string; openedDate: string; endsDate: string; provisional: boolean };
};

/** M-APL-2: an upheld objection voids the member's score; a corrected entry takes its place. */
export type ScoreVoided = {
  type: 'ScoreVoided.v1';
  data: { quarter: string; memberId: string; entryId: string; appealId: string; reason: string; afterClose: boolean };
};

/** M-SCORE-8..10: one decision for the whole cohort, with the ranking, the cut and each member's reasons. */
export type QuarterClosed = {
  type: 'QuarterClosed.v1';
  data: {
    quarter: string;
    closedDate: string;
    schemeVersion: number;
    decision: CohortDecision;
    /** Each member's warning run after the previous quarter, as the close used it (to re-decide one member later). */
    previousRuns: Record<string, number>;
    /**
     * Scored but gone by the close (exited): kept out of the ranking and the cohort, with why. Added to v1 as an
     * optional field: closes recorded before it ranked everyone scored, so absent reads as none.
     */
    notRanked?: { memberId: string; total: number; reason: string }[];
  };
};

/** After close, an upheld objection re-decides that member only, and says so. */
export type MemberOutcomeRevised = {
  type: 'MemberOutcomeRevised.v1';
  data: { quarter: string; memberId: string; appealId: string; previous: Outcome; outcome: Outcome; reason: string };
};

export type QuarterEvent = ScoreRecorded | ScorePublicityOpened | ScoreVoided | QuarterClosed | MemberOutcomeRevised;
