/** The scheduler issues these from deadlines; `termEndDate` says which term the deadline was about. */
export type IssueRenewalReminder = { type: 'IssueRenewalReminder'; memberId: string; termEndDate: string };
export type DecideRenewal = {
  type: 'DecideRenewal';
  memberId: string;
  decision: 'approve' | 'reject';
  reason: string;
  /** M-TERM-3: the violations of the current term on the disciplinary record, read just before. */
  violations: { caseId: string; clause: string; occurredDate: string }[];
};
export type EndTerm = { type: 'EndTerm'; memberId: string; termEndDate: string };
export type EndExitBuffer = { type: 'EndExitBuffer'; memberId: string; bufferEndDate: string };

export type TermCommand = IssueRenewalReminder | DecideRenewal | EndTerm | EndExitBuffer;
