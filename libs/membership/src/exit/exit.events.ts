/** M-EXIT-1: written notice, at least 15 days ahead. */
export type ExitNoticeGiven = {
  type: 'ExitNoticeGiven.v1';
  data: { noticeDate: string; exitDate: string; noticeDays: number; reason: string };
};

export type VoluntaryExitCompleted = {
  type: 'VoluntaryExitCompleted.v1';
  /** Fees settled, belongings cleared, permissions revoked on the exit date. */
  data: { exitDate: string; retentionUntil: string };
};

export type ForcedExitDecided = {
  type: 'ForcedExitDecided.v1';
  data: {
    /** The rule clause that orders it: M-EXIT-2, M-PEN-1c, M-PEN-3b, … */
    clause: string;
    reason: string;
    decidedDate: string;
    /** M-EXIT-2: the deposit paid is forfeited. */
    depositForfeitedFen: number;
    /** M-BAN-1/2: the ban's length from the rule set for this clause … */
    banYears: number;
    /** … and the first day the subject may apply again. */
    banUntil: string;
    /** M-ADM-7: who is banned (keyed hash). */
    subjectHash: string;
    /** M-ARC-2: the archive is kept until this date. */
    retentionUntil: string;
  };
};

export type MemberEliminated = {
  type: 'MemberEliminated.v1';
  /** M-EXIT-3: an exit of its own kind; a ban only when the rule set gives one for elimination. */
  data: {
    quarter: string;
    totalScore: number;
    reason: string;
    decidedDate: string;
    banYears: number | null;
    banUntil: string | null;
    subjectHash: string;
    retentionUntil: string;
  };
};

export type ExitEvent = ExitNoticeGiven | VoluntaryExitCompleted | ForcedExitDecided | MemberEliminated;
