import type { Actor, RecordedEvent } from '@opc/kernel';
import type { Doc } from '@opc/readstore';

/** Something that falls due (docs/architecture.md "Time, deadlines and the scheduler"), as kept by the deadlines projection. */
export interface Deadline extends Doc {
  /** Stable: the scheduler derives its command id from it. */
  _id: string;
  kind: string;
  /** The rule (docs/rules.md) that sets it, e.g. 'M-ADM-5'. */
  rule: string;
  streamId: string;
  /** The member it concerns, when it concerns one: a member sees its own deadlines. */
  memberId?: string;
  /** The business date it falls on (Asia/Shanghai). */
  dueDate: string;
  /** The instant after which it is overdue, or at which its action runs. */
  dueAt: string;
  /** Counted past the holiday package's data (Mon–Fri + override file): may move when the State Council publishes. */
  provisional: boolean;
  /** A command the scheduler issues when due; null for a deadline people must meet (shown overdue). */
  action: { command: string; payload: Record<string, unknown> } | null;
  openedAt: string;
}

export type DeadlineChange = { open: Omit<Deadline, 'openedAt'> } | { close: string };

/** A bounded context's mapping from its events to deadlines opened and closed. */
export type DeadlineRules = (event: RecordedEvent) => DeadlineChange[];

/**
 * Carries out a due deadline's action; answers whether anything was recorded. The command id is
 * derived from the deadline, so a second run does nothing twice.
 */
export type DeadlineAction = (
  deadline: Deadline,
  meta: { commandId: string; actor: Actor; occurredAt: Date },
) => Promise<boolean>;
