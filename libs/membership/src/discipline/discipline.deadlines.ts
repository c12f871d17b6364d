import type { RecordedEvent } from '@opc/kernel';
import type { DeadlineChange, DeadlineRules } from '@opc/platform';
import { actionOn, closing, dueBy, type DeadlineKey } from '../members/deadline-changes';
import { FEE_OVERDUE_CLAUSE, LATE_EXIT_CLAUSE } from './discipline.decider';
import type { DisciplineEvent } from './discipline.events';

export const DISCIPLINE_DEADLINE_KINDS = ['rectification', 'suspension-end'] as const;

/**
 * Disciplinary deadlines: a rectification notice's deadline (shown overdue until a person
 * inspects; the scheduler does not penalise on its own, M-PEN-10), a suspension's end (the
 * scheduler ends it), and the next fee or late-exit tier (M-PEN-7, M-PEN-1b).
 */
export const disciplineDeadlineRules: DeadlineRules = (recorded: RecordedEvent) => {
  if (!recorded.streamId.startsWith('discipline-')) return [];
  const event = recorded as unknown as DisciplineEvent;
  const memberId = recorded.streamId.slice('discipline-'.length);
  const at = (kind: string, key?: string): DeadlineKey => ({ streamId: recorded.streamId, memberId, kind, key });
  switch (event.type) {
    case 'RectificationNoticeIssued.v1':
      return [dueBy(at('rectification', event.data.noticeId), 'M-PEN-10', event.data.due)];
    case 'RectificationInspected.v1':
      return [closing(at('rectification', event.data.noticeId))];
    case 'PenaltyImposed.v1': {
      const d = event.data;
      const changes: DeadlineChange[] = [];
      if (d.suspension?.untilDate)
        changes.push(
          actionOn(at('suspension-end', d.suspension.suspensionId), d.clause, d.suspension.untilDate, 'EndSuspension', {
            suspensionId: d.suspension.suspensionId,
            untilDate: d.suspension.untilDate,
          }),
        );
      // The scheduler's tiers: the same deadline again, at the next tier's day, or closed after the last.
      if (d.basis === 'days-late' && d.trigger.kind === 'fee-overdue' && d.clause === FEE_OVERDUE_CLAUSE)
        changes.push(
          d.nextTierDate
            ? actionOn(at('fee-overdue'), 'M-PEN-7', d.nextTierDate, 'ApplyFeeOverdueTier', {
                feeDueDate: d.trigger.feeDueDate,
              })
            : closing(at('fee-overdue')),
        );
      if (d.basis === 'days-late' && d.trigger.kind === 'late-exit' && d.clause === LATE_EXIT_CLAUSE)
        changes.push(
          d.nextTierDate
            ? actionOn(at('late-exit'), 'M-PEN-1b', d.nextTierDate, 'ApplyLateExitTier', {
                clearOutDueDate: d.trigger.clearOutDueDate,
              })
            : closing(at('late-exit')),
        );
      return changes;
    }
    case 'SuspensionEnded.v1':
      return [closing(at('suspension-end', event.data.suspensionId))];
    case 'PenaltyAnnulled.v1':
      return [
        ...(event.data.suspensionLifted ? [closing(at('suspension-end', event.data.suspensionLifted))] : []),
        ...event.data.noticesCancelled.map((id) => closing(at('rectification', id))),
      ];
    default:
      return [];
  }
};
