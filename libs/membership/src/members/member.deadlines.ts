import { addDays, endOfBusinessDay, startOfBusinessDay, type RecordedEvent } from '@opc/kernel';
import type { Deadline, DeadlineChange, DeadlineRules } from '@opc/platform';
import type { DueDate } from '../admission/admission.events';
import type { MemberEvent } from '../member.state';

export const MEMBER_DEADLINE_KINDS = [
  'initial-review',
  'project-evaluation',
  'fee-payment',
  'renewal-reminder',
  'term-end',
  'exit-buffer-end',
  'voluntary-exit',
] as const;
type Kind = (typeof MEMBER_DEADLINE_KINDS)[number];

const idOf = (streamId: string, kind: Kind) => `${streamId}:${kind}`;

/** A step people must take by the end of `due.date`; shown overdue after it. */
const mustDo = (streamId: string, kind: Kind, rule: string, due: DueDate): DeadlineChange => ({
  open: {
    _id: idOf(streamId, kind),
    kind,
    rule,
    streamId,
    dueDate: due.date,
    dueAt: endOfBusinessDay(due.date).toISOString(),
    provisional: due.provisional,
    action: null,
  },
});

/** Something the scheduler does at the start of `date` (Asia/Shanghai). */
const scheduled = (
  streamId: string,
  kind: Kind,
  rule: string,
  date: string,
  command: string,
  payload: Record<string, unknown>,
): DeadlineChange => ({
  open: {
    _id: idOf(streamId, kind),
    kind,
    rule,
    streamId,
    dueDate: date,
    dueAt: startOfBusinessDay(date).toISOString(),
    provisional: false,
    action: { command, payload: { memberId: streamId.slice('member-'.length), ...payload } },
  } satisfies Omit<Deadline, 'openedAt'>,
});

const close = (streamId: string, ...kinds: Kind[]): DeadlineChange[] => kinds.map((k) => ({ close: idOf(streamId, k) }));

/** M-TERM-2 / M-TERM-4: the reminder 30 days before the term ends, and the term's end. */
const termDeadlines = (streamId: string, termEndDate: string, reminderDate: string): DeadlineChange[] => [
  scheduled(streamId, 'renewal-reminder', 'M-TERM-2', reminderDate, 'IssueRenewalReminder', { termEndDate }),
  scheduled(streamId, 'term-end', 'M-TERM-4', addDays(termEndDate, 1), 'EndTerm', { termEndDate }),
];

/**
 * Member deadlines: the admission steps (M-ADM-5), the fee of each term, the renewal reminder
 * and term end (M-TERM-2/4), the exit buffer's end (M-TERM-4) and a voluntary exit date (M-EXIT-1).
 * Every date comes from the events, as the deciders computed it under the rules then in force.
 */
export const memberDeadlineRules: DeadlineRules = (recorded: RecordedEvent) => {
  if (!recorded.streamId.startsWith('member-')) return [];
  const event = recorded as unknown as MemberEvent;
  const s = recorded.streamId;
  switch (event.type) {
    case 'MembershipApplied.v1':
      return [mustDo(s, 'initial-review', 'M-ADM-5', event.data.initialReviewDue)];
    case 'InitialReviewPassed.v1':
      return [...close(s, 'initial-review'), mustDo(s, 'project-evaluation', 'M-ADM-5', event.data.projectEvaluationDue)];
    case 'InitialReviewFailed.v1':
      return close(s, 'initial-review');
    case 'ProjectEvaluationApproved.v1':
    case 'ProjectEvaluationRejected.v1':
      return close(s, 'project-evaluation');
    case 'AgreementSigned.v1':
      return event.data.feeFen > 0
        ? [mustDo(s, 'fee-payment', 'M-TERM-3', { date: event.data.feeDueDate, provisional: false })]
        : [];
    case 'PaymentRecorded.v1':
      return event.data.kind === 'fee' && event.data.outstandingFen === 0 ? close(s, 'fee-payment') : [];
    case 'MemberOnboarded.v1':
      return termDeadlines(s, event.data.termEndDate, event.data.renewalReminderDate);
    case 'RenewalReminderIssued.v1':
      return close(s, 'renewal-reminder');
    case 'RenewalApproved.v1':
      return [
        ...termDeadlines(s, event.data.newTermEndDate, event.data.renewalReminderDate),
        ...(event.data.feeFen > 0
          ? [mustDo(s, 'fee-payment', 'M-TERM-3', { date: event.data.feeDueDate, provisional: false })]
          : []),
      ];
    case 'RenewalRejected.v1':
      return close(s, 'renewal-reminder');
    case 'TermEnded.v1':
      return [
        ...close(s, 'renewal-reminder', 'term-end'),
        scheduled(s, 'exit-buffer-end', 'M-TERM-4', addDays(event.data.bufferEndDate, 1), 'EndExitBuffer', {
          bufferEndDate: event.data.bufferEndDate,
        }),
      ];
    case 'ExitBufferEnded.v1':
      return close(s, 'exit-buffer-end', 'fee-payment');
    case 'ExitNoticeGiven.v1':
      return [
        ...close(s, 'renewal-reminder', 'term-end'),
        scheduled(s, 'voluntary-exit', 'M-EXIT-1', event.data.exitDate, 'CompleteVoluntaryExit', {
          exitDate: event.data.exitDate,
        }),
      ];
    case 'VoluntaryExitCompleted.v1':
      return close(s, 'voluntary-exit', 'fee-payment');
    case 'ForcedExitDecided.v1':
    case 'MemberEliminated.v1':
      // Gone at once: nothing of the membership falls due any more.
      return close(s, 'renewal-reminder', 'term-end', 'exit-buffer-end', 'voluntary-exit', 'fee-payment');
    default:
      return [];
  }
};
