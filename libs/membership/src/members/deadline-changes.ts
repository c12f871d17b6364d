import { endOfBusinessDay, startOfBusinessDay } from '@opc/kernel';
import type { DeadlineChange } from '@opc/platform';
import type { DueDate } from '../admission/admission.events';

/**
 * Building blocks of the membership deadline rules. A deadline's id is its stream, its kind and,
 * where one stream has several of a kind at once (notices, suspensions), a key.
 */
export interface DeadlineKey {
  streamId: string;
  memberId: string;
  kind: string;
  key?: string;
}

export const deadlineId = ({ streamId, kind, key }: Pick<DeadlineKey, 'streamId' | 'kind' | 'key'>): string =>
  key === undefined ? `${streamId}:${kind}` : `${streamId}:${kind}:${key}`;

/** A step people must take by the end of `due.date`; shown overdue after it. */
export const dueBy = (at: DeadlineKey, rule: string, due: DueDate): DeadlineChange => ({
  open: {
    _id: deadlineId(at),
    kind: at.kind,
    rule,
    streamId: at.streamId,
    memberId: at.memberId,
    dueDate: due.date,
    dueAt: endOfBusinessDay(due.date).toISOString(),
    provisional: due.provisional,
    action: null,
  },
});

/** Something the scheduler does at the start of `date` (Asia/Shanghai). */
export const actionOn = (
  at: DeadlineKey,
  rule: string,
  date: string,
  command: string,
  payload: Record<string, unknown>,
): DeadlineChange => ({
  open: {
    _id: deadlineId(at),
    kind: at.kind,
    rule,
    streamId: at.streamId,
    memberId: at.memberId,
    dueDate: date,
    dueAt: startOfBusinessDay(date).toISOString(),
    provisional: false,
    action: { command, payload: { memberId: at.memberId, ...payload } },
  },
});

export const closing = (at: Pick<DeadlineKey, 'streamId' | 'kind' | 'key'>): DeadlineChange => ({ close: deadlineId(at) });
