/** M-EXIT-1: written notice, at least 15 days ahead. */
export type ExitNoticeGiven = {
  type: 'ExitNoticeGiven.v1';
  data: { noticeDate: string; exitDate: string; noticeDays: number; reason: string };
};

export type VoluntaryExitCompleted = {
  /** v2: `clearedOut` (v1 events are upcast with `clearedOut: false`). */
  type: 'VoluntaryExitCompleted.v2';
  /** Fees settled, belongings cleared, permissions revoked on the exit date; `clearedOut`: confirmed before it. */
  data: { exitDate: string; retentionUntil: string; clearedOut: boolean };
};

/** Where a decision came from when another stream ordered it (a penalty on `discipline-<id>`, an appeal). */
export interface OrderedBy {
  streamId: string;
  eventId: string;
}

export type ForcedExitDecided = {
  /** v2: `orderedBy` (v1 events are upcast with `orderedBy: null`, an officer's own decision). */
  type: 'ForcedExitDecided.v2';
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
    /** The penalty that ordered it; null when an officer decided it on this stream. */
    orderedBy: OrderedBy | null;
  };
};

/** M-PEN-1b over 7 days late: the space is cleared by force, the deposit forfeited, and re-entry barred. */
export type ForcedClearOutDecided = {
  type: 'ForcedClearOutDecided.v1';
  data: {
    clause: string;
    reason: string;
    decidedDate: string;
    depositForfeitedFen: number;
    banYears: number;
    banUntil: string;
    subjectHash: string;
    orderedBy: OrderedBy;
  };
};

/** M-APL-2: an upheld appeal annuls the forced exit: the member is back where it was, the ban lifted. */
export type ForcedExitAnnulled = {
  type: 'ForcedExitAnnulled.v1';
  data: {
    appealId: string;
    reason: string;
    annulledDate: string;
    restoredStatus: 'active' | 'exiting';
    subjectHash: string;
    depositRestoredFen: number;
    /** The deadlines of the restored membership, open again. */
    termEndDate: string;
    renewalReminderDate: string | null;
    voluntaryExitDate: string | null;
    bufferEndDate: string | null;
  };
};

/** M-APL-2 / M-EXIT-3: an elimination reversed when an upheld objection re-decides the member. */
export type EliminationAnnulled = {
  type: 'EliminationAnnulled.v1';
  data: ForcedExitAnnulled['data'];
};

/** M-APL-2: the forced clear-out's ban and forfeiture reversed on appeal. */
export type ForcedClearOutAnnulled = {
  type: 'ForcedClearOutAnnulled.v1';
  data: { appealId: string; reason: string; annulledDate: string; subjectHash: string; depositRestoredFen: number };
};

/** M-TERM-4 / M-PEN-1b: the space is confirmed vacated after the exit; late-exit counting stops. */
export type ClearOutConfirmed = {
  type: 'ClearOutConfirmed.v1';
  data: { confirmedDate: string; dueDate: string; daysLate: number; note: string | null };
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

export type ExitEvent =
  | ExitNoticeGiven
  | VoluntaryExitCompleted
  | ForcedExitDecided
  | MemberEliminated
  | ForcedClearOutDecided
  | ForcedExitAnnulled
  | EliminationAnnulled
  | ForcedClearOutAnnulled
  | ClearOutConfirmed;
