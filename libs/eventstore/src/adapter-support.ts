import type { NewEvent, RecordedEvent } from '@opc/kernel';
import { type AllSubscription, type AppendOptions, type ExpectedRevision, WrongExpectedRevisionError } from './event-store.port';

/**
 * Rules and plumbing shared by the event store adapters, so that every adapter answers the
 * port's contract the same way. Internal to the library: not exported from its index.
 */

/** Refuses malformed appends before they reach a write path. */
export function assertAppendable(streamId: string, events: NewEvent[], options: AppendOptions): void {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new TypeError('append: streamId must be a non-empty string');
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new RangeError(`append to ${streamId}: at least one event is required`);
  }
  const expected = options.expectedRevision;
  if (expected !== 'no-stream' && expected !== 'any' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    // -1 would silently mean 'no-stream'; the port spells that out instead.
    throw new RangeError(`append to ${streamId}: invalid expected revision ${String(expected)}`);
  }
}

/** The conflict, if `actual` (last revision, -1 for no stream) does not satisfy `expected`. */
export function revisionConflict(
  streamId: string,
  expected: ExpectedRevision,
  actual: number,
): WrongExpectedRevisionError | undefined {
  const ok = expected === 'any' || (expected === 'no-stream' ? actual === -1 : expected === actual);
  return ok ? undefined : new WrongExpectedRevisionError(streamId, expected, actual);
}

/** JSON text of an event payload; refuses values JSON cannot carry (undefined, functions). */
export function toJson(value: unknown, what: 'data' | 'metadata'): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`event ${what} must be JSON-serialisable`);
  return json;
}

/** `maxCount` as a LIMIT: a non-negative integer, or -1 for "no limit". */
export function limitOf(maxCount: number | undefined): number {
  if (maxCount === undefined) return -1;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) {
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  }
  return maxCount;
}

/**
 * In-process "something was committed" signal. Subscriptions wait on it when caught up; the
 * version lets a waiter notice a commit that happened between its read and its wait.
 */
export class CommitFeed {
  private waiters = new Set<() => void>();
  private version = 0;
  private ended = false;

  get closed(): boolean {
    return this.ended;
  }

  get seen(): number {
    return this.version;
  }

  notify(): void {
    this.version++;
    this.wakeAll();
  }

  /** Ends every subscription following this feed. */
  close(): void {
    this.ended = true;
    this.wakeAll();
  }

  /** Resolves at the next commit after `seenVersion` (at once if one already happened), or on close. */
  waitAfter(seenVersion: number, cancel: AbortSignal): Promise<void> {
    if (this.version !== seenVersion || this.ended || cancel.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.waiters.delete(wake);
        cancel.removeEventListener('abort', wake);
        resolve();
      };
      this.waiters.add(wake);
      cancel.addEventListener('abort', wake, { once: true });
    });
  }

  private wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

/**
 * `subscribeToAll` on top of a page reader: catch up page by page from `afterPosition`, then wait
 * for the feed to signal a commit and read again. Closing the subscription (or the feed) ends the
 * iteration, also when it is waiting.
 */
export function followAll(
  readPage: (afterPosition: number, maxCount: number) => Promise<RecordedEvent[]>,
  feed: CommitFeed,
  options: { afterPosition?: number; batchSize?: number } = {},
): AllSubscription {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const stop = new AbortController();
  const ended = (): boolean => stop.signal.aborted || feed.closed;

  async function* batches(): AsyncGenerator<RecordedEvent[]> {
    let after = options.afterPosition ?? 0;
    while (!ended()) {
      const seen = feed.seen;
      const page = await readPage(after, batchSize);
      if (page.length > 0) {
        after = page[page.length - 1].position;
        yield page;
      } else {
        await feed.waitAfter(seen, stop.signal);
      }
    }
  }

  const iterator = batches();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      stop.abort();
    },
  };
}
