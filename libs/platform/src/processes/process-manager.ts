import type { Decider, DomainEvent, RecordedEvent, RuleSetHistory, VersionedRules } from '@opc/kernel';
import type { Doc } from '@opc/readstore';

/**
 * A command one stream's event causes on another stream (docs/architecture.md "Process managers"):
 * a forced exit releases the subject's reservation, a penalty that orders forced exit reaches the
 * member stream, an upheld appeal reverses its decision.
 */
export interface Effect<
  S = unknown,
  C = unknown,
  E extends DomainEvent = DomainEvent,
  R extends VersionedRules = VersionedRules,
> {
  decider: Decider<S, C, E, R>;
  /** The rule set's history, or its registered name (the runner asks RuleSets for the versions published so far). */
  rules: RuleSetHistory<R> | string;
  streamId: string;
  command: C;
  /** Tells apart several effects of one event; part of the derived command id. Default: its index. */
  key?: string;
}

/** An effect on a stream, typed by its decider; the runner handles every kind alike. */
export const effectOn = <S, C, E extends DomainEvent, R extends VersionedRules>(effect: Effect<S, C, E, R>): Effect =>
  effect as unknown as Effect;

/** What a process manager may read while it decides its effects (the log, never a read model that may lag). */
export interface ProcessReads {
  readStream(streamId: string, options?: { fromRevision?: number; maxCount?: number }): Promise<RecordedEvent[]>;
}

/**
 * Reacts to events with commands on other streams. The runner derives each command's id from the
 * causing event's id (and the effect's key), so a crash, restart or replay causes each effect once.
 */
export interface ProcessManager {
  name: string;
  /** Event types it reacts to; others are skipped without a call. */
  eventTypes: readonly string[];
  react(event: RecordedEvent, reads: ProcessReads): Promise<Effect[]> | Effect[];
}

/** The checkpoint document kept per process manager in `_processes`. */
export interface ProcessRecord extends Doc {
  _id: string;
  checkpoint: number;
  /** Effects refused by their stream's decider (e.g. the member had already left), most recent last. */
  refused: { eventId: string; streamId: string; code: string; detail: string; at: string }[];
}

export const PROCESSES_COLLECTION = '_processes';
