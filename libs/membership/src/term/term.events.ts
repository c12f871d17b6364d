/** M-TERM-2..4: reminder, renewal, and the end of a term that was not renewed. */
export type RenewalReminderIssued = {
  type: 'RenewalReminderIssued.v1';
  data: { termEndDate: string; reminderDate: string };
};

export type RenewalApproved = {
  type: 'RenewalApproved.v1';
  data: {
    reason: string;
    previousTermEndDate: string;
    /** M-TERM-3: the new term starts the day after the old one's last day … */
    newTermStartDate: string;
    /** … and runs 12 months. */
    newTermEndDate: string;
    /** The new term's fee, due by its start. */
    feeFen: number;
    feeDueDate: string;
    /** M-TERM-2: the new term's reminder date. */
    renewalReminderDate: string;
  };
};

export type RenewalRejected = {
  type: 'RenewalRejected.v1';
  /** M-TERM-3: a refused renewal means exit at the term's end. */
  data: { reason: string; termEndDate: string };
};

export type TermEnded = {
  type: 'TermEnded.v1';
  /** M-TERM-4: not renewed by the end date → automatic exit after a 7-day buffer. */
  data: { termEndDate: string; bufferEndDate: string };
};

export type ExitBufferEnded = {
  /** v2: `clearedOut` (v1 events are upcast with `clearedOut: false`). */
  type: 'ExitBufferEnded.v2';
  /** `clearedOut`: the space was confirmed vacated during the buffer, so no late-exit counting starts (M-PEN-1b). */
  data: { exitDate: string; retentionUntil: string; clearedOut: boolean };
};

export type TermEvent = RenewalReminderIssued | RenewalApproved | RenewalRejected | TermEnded | ExitBufferEnded;
