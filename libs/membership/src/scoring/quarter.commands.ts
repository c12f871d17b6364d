import type { ScoreEvidence } from './quarter.events';
import type { ScoreInputs } from './scoring.rules';

/** A scorer's entry; the shell reads whether the member was active in the quarter just before. */
export type RecordScore = {
  type: 'RecordScore';
  quarter: string;
  memberId: string;
  entryId: string;
  inputs: ScoreInputs;
  evidence: ScoreEvidence[];
  /** Null when the member was active during the quarter; else why not. */
  notActive: string | null;
};

export type OpenScorePublicity = { type: 'OpenScorePublicity'; quarter: string };

/**
 * M-SCORE-8..10: the close. The shell reads, just before: each member's warning run after the
 * previous quarter (and whether that quarter is closed), and the objections still open.
 */
export type CloseQuarter = {
  type: 'CloseQuarter';
  quarter: string;
  previous: { quarter: string; closed: boolean; scored: boolean; runs: Record<string, number> };
  openObjections: { appealId: string; memberId: string }[];
  /** Members scored in the period who are no longer in the community at the close (exited), with why. */
  departed: { memberId: string; reason: string }[];
};

/** M-APL-2: an upheld objection (process manager). */
export type VoidScore = {
  type: 'VoidScore';
  quarter: string;
  memberId: string;
  entryId: string;
  appealId: string;
  reason: string;
};

export type QuarterCommand = RecordScore | OpenScorePublicity | CloseQuarter | VoidScore;
