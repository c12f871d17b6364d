import type { OrderedBy } from './exit.events';

export type GiveExitNotice = { type: 'GiveExitNotice'; memberId: string; exitDate: string; reason: string };
export type CompleteVoluntaryExit = { type: 'CompleteVoluntaryExit'; memberId: string; exitDate: string };
/**
 * M-EXIT-2: forced exit. By an officer (`orderedBy` absent) it needs the member's record to show a
 * warning and a notice not rectified, unless the clause is immediate; `record` is read from the
 * disciplinary record just before. Ordered by a penalty, the penalty has already decided.
 */
export type DecideForcedExit = {
  type: 'DecideForcedExit';
  memberId: string;
  clause: string;
  reason: string;
  orderedBy?: OrderedBy;
  /** The ban the ordering penalty gives (null: the rule set's length for the clause). */
  banYears?: number | null;
  record?: { warnings: number; notRectified: number };
};

/** M-APL-2: an upheld appeal annuls the forced exit (or the forced clear-out of an exited member). */
export type AnnulForcedExit = { type: 'AnnulForcedExit'; memberId: string; appealId: string; reason: string };

/** M-TERM-4: the space is confirmed vacated. */
export type ConfirmClearOut = { type: 'ConfirmClearOut'; memberId: string; note?: string };

/** M-EXIT-3: issued by the quarter close when scoring eliminates a member (M-SCORE-8..10). */
export type EliminateMember = { type: 'EliminateMember'; memberId: string; quarter: string; totalScore: number; reason: string };

export type ExitCommand =
  GiveExitNotice | CompleteVoluntaryExit | DecideForcedExit | EliminateMember | AnnulForcedExit | ConfirmClearOut;
