import type { NewEvent, RecordedEvent } from '@opc/kernel';

/**
 * What the writer believes about the stream before its append:
 * - `'no-stream'`: the stream must not exist yet;
 * - `'any'`: no check;
 * - a number: the revision of the stream's last event must be exactly this (revisions start at 0).
 */
export type ExpectedRevision = 'no-stream' | 'any' | number;

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
  /**
   * Idempotency key of the command that produced the events. An append whose commandId was
   * already stored appends nothing and answers the first append's result (with `duplicate: true`),
   * whatever its expected revision.
   */
  commandId?: string;
}

export interface AppendResult {
  streamId: string;
  /** Revision of the first event written by this append. */
  firstRevision: number;
  /** Revision of the last event written: the next append expects this. */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  position: number;
  /** True when the commandId had been seen and nothing was appended. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forward' | 'backward';
  /** Inclusive. Forward default 0; backward default the stream's last revision. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > afterPosition. Default 0 (from the start). */
  afterPosition?: number;
  maxCount?: number;
}

/** A live feed of committed events in position order, in batches. */
export interface AllSubscription extends AsyncIterable<RecordedEvent[]> {
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Events of one stream; an unknown stream reads as []. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of all streams in global position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch up from `afterPosition` (exclusive), then follow new commits until closed. */
  subscribeToAll(options?: { afterPosition?: number; batchSize?: number }): AllSubscription;
  /** The result of the committed append that carried `commandId`, or null: how a repeated command finds its first reply. */
  findCommand(commandId: string): Promise<AppendResult | null>;
  /** Position of the last committed event (0 when the store is empty). */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export const EVENT_STORE = Symbol('EVENT_STORE');
