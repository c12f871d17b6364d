import { addDays, type RecordedEvent } from '@opc/kernel';
import type { DeadlineChange, DeadlineRules } from '@opc/platform';
import type { DueDate } from '../admission/admission.events';
import { disciplineStreamId } from '../discipline/discipline.decider';
import type { MemberEvent } from '../member.state';
import { actionOn, closing, dueBy, type DeadlineKey } from './deadline-changes';

export const MEMBER_DEADLINE_KINDS = [
  'initial-review',
  'project-evaluation',
  'fee-payment',
  'renewal-reminder',
  'term-end',
  'exit-buffer-end',
  'voluntary-exit',
  'fee-overdue',
  'late-exit',
] as const;
type Kind = (typeof MEMBER_DEADLINE_KINDS)[number];

/**
 * Member deadlines: the admission steps (M-ADM-5), the fee of each term (M-TERM-3) and, once it is
 * overdue, the fee tiers (M-PEN-7); the renewal reminder and term end (M-TERM-2/4); the exit
 * buffer's end (M-TERM-4) and a voluntary exit date (M-EXIT-1); after an exit, the late-exit tiers
 * until the space is confirmed vacated (M-PEN-1b). Every date comes from the events, as the
 * deciders computed it under the rules then in force.
 */
export const memberDeadlineRules: DeadlineRules = (recorded: RecordedEvent) => {
  if (!recorded.streamId.startsWith('member-')) return [];
  const event = recorded as unknown as MemberEvent;
  const memberId = recorded.streamId.slice('member-'.length);
  const on = (kind: Kind): DeadlineKey => ({ streamId: recorded.streamId, memberId, kind });
  // The fee and late-exit tiers are decided on the disciplinary record: their actions run there.
  const onRecord = (kind: Kind): DeadlineKey => ({ streamId: disciplineStreamId(memberId), memberId, kind });
  const close = (...kinds: Kind[]): DeadlineChange[] => kinds.map((k) => closing(on(k)));
  const mustDo = (kind: Kind, rule: string, due: DueDate) => dueBy(on(kind), rule, due);
  /** M-TERM-2 / M-TERM-4: the reminder 30 days before the term ends, and the term's end. */
  const termDeadlines = (termEndDate: string, reminderDate: string | null): DeadlineChange[] => [
    ...(reminderDate
      ? [actionOn(on('renewal-reminder'), 'M-TERM-2', reminderDate, 'IssueRenewalReminder', { termEndDate })]
      : []),
    actionOn(on('term-end'), 'M-TERM-4', addDays(termEndDate, 1), 'EndTerm', { termEndDate }),
  ];
  /** M-TERM-3 / M-PEN-7: the fee due, and from the day after, the overdue tiers. */
  const feeDue = (feeFen: number, feeDueDate: string): DeadlineChange[] =>
    feeFen > 0
      ? [
          mustDo('fee-payment', 'M-TERM-3', { date: feeDueDate, provisional: false }),
          actionOn(onRecord('fee-overdue'), 'M-PEN-7', addDays(feeDueDate, 1), 'ApplyFeeOverdueTier', { feeDueDate }),
        ]
      : [];
  /** M-PEN-1b: from the day after the space had to be vacated, the late-exit tiers. */
  const lateExit = (clearOutDueDate: string): DeadlineChange =>
    actionOn(onRecord('late-exit'), 'M-PEN-1b', addDays(clearOutDueDate, 1), 'ApplyLateExitTier', { clearOutDueDate });
  const feeClosed = [...close('fee-payment'), closing(onRecord('fee-overdue'))];

  switch (event.type) {
    case 'MembershipApplied.v1':
      return [mustDo('initial-review', 'M-ADM-5', event.data.initialReviewDue)];
    case 'InitialReviewPassed.v1':
      return [...close('initial-review'), mustDo('project-evaluation', 'M-ADM-5', event.data.projectEvaluationDue)];
    case 'InitialReviewFailed.v1':
      return close('initial-review');
    case 'ProjectEvaluationApproved.v1':
    case 'ProjectEvaluationRejected.v1':
      return close('project-evaluation');
    case 'AgreementSigned.v1':
      return feeDue(event.data.feeFen, event.data.feeDueDate);
    case 'PaymentRecorded.v1':
      return event.data.kind === 'fee' && event.data.outstandingFen === 0 ? feeClosed : [];
    case 'MemberOnboarded.v1':
      return termDeadlines(event.data.termEndDate, event.data.renewalReminderDate);
    case 'RenewalReminderIssued.v1':
      return close('renewal-reminder');
    case 'RenewalApproved.v1':
      return [
        ...termDeadlines(event.data.newTermEndDate, event.data.renewalReminderDate),
        ...feeDue(event.data.feeFen, event.data.feeDueDate),
      ];
    case 'RenewalRejected.v1':
      return close('renewal-reminder');
    case 'TermEnded.v1':
      return [
        ...close('renewal-reminder', 'term-end'),
        actionOn(on('exit-buffer-end'), 'M-TERM-4', addDays(event.data.bufferEndDate, 1), 'EndExitBuffer', {
          bufferEndDate: event.data.bufferEndDate,
        }),
      ];
    case 'ExitBufferEnded.v2':
      // M-TERM-4: the space had to be vacated by the buffer's last day (unless it was, already).
      return [
        ...close('exit-buffer-end'),
        ...feeClosed,
        ...(event.data.clearedOut ? [] : [lateExit(addDays(event.data.exitDate, -1))]),
      ];
    case 'ExitNoticeGiven.v1':
      return [
        ...close('renewal-reminder', 'term-end'),
        actionOn(on('voluntary-exit'), 'M-EXIT-1', event.data.exitDate, 'CompleteVoluntaryExit', {
          exitDate: event.data.exitDate,
        }),
      ];
    case 'VoluntaryExitCompleted.v2':
      return [...close('voluntary-exit'), ...feeClosed, ...(event.data.clearedOut ? [] : [lateExit(event.data.exitDate)])];
    case 'ForcedExitDecided.v2':
    case 'MemberEliminated.v1':
      // Gone at once: nothing of the membership falls due any more.
      return [...close('renewal-reminder', 'term-end', 'exit-buffer-end', 'voluntary-exit'), ...feeClosed];
    case 'ForcedExitAnnulled.v1':
    case 'EliminationAnnulled.v1': {
      // M-APL-2: the membership is back, with what fell due in it.
      const d = event.data;
      return [
        ...(d.restoredStatus === 'active' ? termDeadlines(d.termEndDate, d.renewalReminderDate) : []),
        ...(d.voluntaryExitDate
          ? [
              actionOn(on('voluntary-exit'), 'M-EXIT-1', d.voluntaryExitDate, 'CompleteVoluntaryExit', {
                exitDate: d.voluntaryExitDate,
              }),
            ]
          : []),
        ...(d.bufferEndDate
          ? [
              actionOn(on('exit-buffer-end'), 'M-TERM-4', addDays(d.bufferEndDate, 1), 'EndExitBuffer', {
                bufferEndDate: d.bufferEndDate,
              }),
            ]
          : []),
      ];
    }
    case 'ClearOutConfirmed.v1':
    case 'ForcedClearOutDecided.v1':
      return [closing(onRecord('late-exit'))];
    default:
      return [];
  }
};
