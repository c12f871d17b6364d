import { createHash, randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  WrongExpectedVersionError,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type EventData,
  type Filter,
  type JSONType,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@eventstore/db-client';
import type { EventMetadata, NewEvent, RecordedEvent } from '@opc/kernel';
import { assertAppendable, CommitFeed, followAll, limitOf, toJson } from './adapter-support';
import {
  type AllSubscription,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  WrongExpectedRevisionError,
} from './event-store.port';

/*
 * EventStoreDB (gRPC client 6.x, server >= 22.6; docker compose runs 24.10) behind the port.
 * Loaded lazily (`await import('@opc/eventstore/eventstoredb-event-store')`), never from index.ts,
 * so the gRPC client is only loaded when EVENTSTORE_URL selects this adapter.
 *
 * THE SEAM. The adapter uses five members of the client, typed by the client itself
 * (`EventStoreDbClient` = `Pick<EventStoreDBClient, ...>` below). `connect` builds the real client
 * from the connection string; the constructor takes any object with those members, which is how
 * test/eventstore/eventstoredb-seam.int.spec.ts drives the adapter with a scripted double. That
 * double has never been compared with a server: see docs/architecture.md, "Storage adapters".
 *
 * GLOBAL POSITIONS. A port position is the event's log position in `$all` as a JS number. An
 * ordinary append (an "implicit transaction", the only kind the gRPC API can write) gives every
 * event its own record, and `$all` reports it with commit position == prepare position == that
 * record's offset in the transaction file. So positions are unique, increasing in `$all` order,
 * and `{ commit: p, prepare: p }` resumes a read exactly at an event; but they are byte offsets:
 * they start far above 1 and have gaps (event sizes, system records, other namespaces). What
 * the port's guarantees become:
 *  - kept: numeric, strictly increasing in commit order, `readAll({ afterPosition })` and
 *    `subscribeToAll` resume exactly after any position this store handed out, `headPosition`
 *    is the position of the last event `readAll` would return (0 when there is none), and an
 *    append's `position` is the position `readAll` reports for its last event;
 *  - lost: "starts at 1, gap-free". `head - checkpoint` is a distance in bytes, not a number of
 *    events, so projection lag is only an approximation (0 still means caught up).
 *  - positions from another store (e.g. SQLite checkpoints) mean nothing here: rebuild.
 * Inside the adapter positions stay the client's bigints (compared as bigints, sent back as
 * `BigInt(n)` of a port number, which is exact); they become numbers only through `portNumber`,
 * which throws beyond Number.MAX_SAFE_INTEGER (2^53 - 1, 8 PiB of log) instead of rounding. The
 * same checked conversion applies to stream revisions. Legacy explicit transactions (TCP client
 * only) have commit != prepare and are refused loudly when read rather than mapped to wrong numbers.
 *
 * VISIBLE EVENTS. `$all` also carries system events; readAll/subscribeToAll/headPosition only
 * see events whose type and stream do not start with `$`, outside this adapter's command streams
 * (below), and inside the `streamPrefix` namespace when one is set.
 *
 * IDEMPOTENCY BY COMMAND ID. EventStoreDB has no multi-stream transaction, so the command record
 * cannot commit with the events. Design:
 *  1. the events of a command get deterministic ids, uuid(sha256(commandId, index)): a repeat of
 *     the same write is recognised by the server's own idempotency check;
 *  2. after the events are acknowledged, a pointer event holding the AppendResult is appended to
 *     `opc-command-<prefix><commandId>` with expected revision NO_STREAM: the first pointer
 *     wins, `findCommand` reads it, and a repeated append answers it with `duplicate: true`;
 *  3. appends of one command id are serialised inside this process.
 * Crash window: between the events' acknowledgement and the pointer write (crash, failed
 * pointer write), `findCommand` answers null. A retry repairs it: before appending, the stream's
 * last ORPHAN_SCAN events are searched for the command's first event id; if found, the pointer is
 * written from them and the retry answers that result as a duplicate (so the pipeline, which
 * re-reads and re-decides, does not store a second copy). Still open: the events buried under
 * more than ORPHAN_SCAN later events, a retry on another stream, or a re-decision that throws
 * before appending (the caller gets that error instead of the first reply). Twins of one command
 * in two processes answer the same result; if one had to repair the pointer, both may say
 * duplicate. Server-side idempotency is only best effort with ANY, hence the tail check and the
 * in-process serialisation rather than relying on it alone.
 *
 * EXPECTED REVISION. 'no-stream' -> NO_STREAM, 'any' -> ANY, n -> BigInt(n); the server's
 * WrongExpectedVersion becomes WrongExpectedRevisionError with the actual last revision (-1 for
 * a stream that does not exist).
 *
 * PAYLOADS. `data` is the EventStoreDB event's JSON data; our `metadata` envelope is its JSON
 * metadata (custom metadata bytes), nothing added: both read back exactly as written.
 *
 * OUTAGES (UNAVAILABLE, DEADLINE_EXCEEDED, TIMEOUT, NOT_LEADER, server CANCELLED: `isTransient`).
 *  - Reads are retried: a read changes nothing, and the client reconnects (rediscovers the
 *    leader) on the call after an UNAVAILABLE/CANCELLED/NOT_LEADER. One-shot reads (readStream,
 *    readAll, headPosition, findCommand, the reads inside an append) try READ_ATTEMPTS times with
 *    backoff (100, 200, 400 ms), then surface the client's error as it is; the page reads of a
 *    subscription retry until the store closes (a projection must outlive a server restart).
 *  - Appends are never retried here: after a deadline or a lost connection the write may or may
 *    not have been committed, and a blind resend of events without a command id would store them
 *    twice. The client's error is surfaced as it is. The caller retries the command with the same
 *    command id; the deterministic event ids and the orphan scan above make that retry answer the
 *    first write (`duplicate: true`) if it did commit.
 *
 * LIVE FEED. One server subscription per store instance (`subscribeToAll` from END, filtered
 * server-side: excludeSystemEvents(), or the namespace prefix) only signals "something was
 * committed"; subscribers then read pages with readAll after the last position they delivered,
 * so batches are exact pages in position order (as with the other adapters). When the server
 * subscription drops (it emits 'error', or ends/closes without one), it is re-established after a
 * backoff (100 ms doubling to 5 s, back to 100 ms once a subscription is confirmed); its
 * confirmation makes every subscriber re-read from its own last delivered position, so what was
 * committed during the outage is delivered once, none twice and none missed.
 */

/**
 * What the adapter uses of the gRPC client: these members of the client's own class, with its
 * own signatures. `connect` passes a real `EventStoreDBClient`; tests pass a double.
 */
export type EventStoreDbClient = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

/** Per-store options. */
export interface EventStoreDbOptions {
  /**
   * Namespace: stream `s` of this store is EventStoreDB stream `${streamPrefix}s`; reads of `$all`
   * only see streams with the prefix, and command ids are scoped by it too. Lets tests (or several
   * environments) share one server. Prefixes must not be prefixes of one another. Default: none.
   */
  streamPrefix?: string;
  /**
   * How the adapter waits between retries (reads, resubscription). Default: a timer. Tests pass
   * one that records the schedule instead of waiting. Closing the store cuts any wait short.
   */
  sleep?: (ms: number) => Promise<void>;
}

/** Streams holding the command pointers; reserved, and never visible through readAll. */
const COMMAND_STREAM_PREFIX = 'opc-command-';
const COMMAND_EVENT_TYPE = 'opc.CommandRecorded';
/** How far back (events) a command's retry looks for events stored without their pointer. */
const ORPHAN_SCAN = 64;
/** `$all` is read in pages of this many events (before filtering). */
const ALL_PAGE = 512;
const ALL_MIN_PAGE = 32;
/** Backward page size when looking for the head. */
const HEAD_PAGE = 256;
/** Retry backoff: FIRST_RETRY_MS, doubling, at most MAX_RETRY_MS (`backoffMs`). */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;
/** Attempts of a one-shot read before the client's error is surfaced (waits 100, 200, 400 ms). */
const READ_ATTEMPTS = 4;

/** The fields used here of an event as the client returns it. */
interface StoredEvent {
  streamId: string;
  id: string;
  isJson: boolean;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

/** A pointer event's data: the first result of a command. */
interface CommandRecord {
  streamId: string;
  firstRevision: number;
  nextExpectedRevision: number;
  position: number;
}

export class EventStoreDbEventStore implements EventStore {
  /** Connects lazily: the first operation opens the channel (and fails if the server is unreachable). */
  static async connect(connectionString: string, options: EventStoreDbOptions = {}): Promise<EventStoreDbEventStore> {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  private readonly prefix: string;
  private readonly feed = new CommitFeed();
  /** Appends still running: close waits for them (appends have client deadlines; reads may not). */
  private readonly appending = new Set<Promise<unknown>>();
  /** Last append per command id in this process: the next one waits for it. */
  private readonly commandTails = new Map<string, Promise<unknown>>();
  private live: AllStreamSubscription | undefined;
  private liveReady: Promise<void> | undefined;
  private releaseLive: (() => void) | undefined;
  /** Server subscriptions dropped since the last confirmed one: the next resubscription's backoff. */
  private liveDrops = 0;
  /** Retry pauses, cut short by close. */
  private readonly sleepers = new Set<() => void>();
  private readonly sleep: ((ms: number) => Promise<void>) | undefined;
  private closed = false;
  /** Set just before the client is disposed: a read cut short by it must not pass for complete. */
  private disposed = false;

  constructor(
    private readonly client: EventStoreDbClient,
    options: EventStoreDbOptions = {},
  ) {
    this.prefix = options.streamPrefix ?? '';
    this.sleep = options.sleep;
    if (this.prefix.startsWith('$') || this.prefix.startsWith(COMMAND_STREAM_PREFIX)) {
      throw new RangeError(`streamPrefix ${this.prefix} is reserved`);
    }
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const running = this.appendChecked(streamId, events, options);
    this.appending.add(running);
    const forget = (): void => void this.appending.delete(running);
    running.then(forget, forget);
    return running;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = limitOf(options.maxCount);
    const from = options.fromRevision;
    if (from !== undefined && !(Number.isSafeInteger(from) && from >= 0)) {
      throw new RangeError(`fromRevision must be a non-negative integer, got ${from}`);
    }
    const name = this.prefix + streamId;
    if (limit === 0 || streamId.length === 0 || this.isReserved(name)) return [];
    const backward = options.direction === 'backward';
    const read = (fromRevision: ReadRevision): Promise<StoredEvent[]> =>
      this.readRawStream(name, {
        direction: backward ? BACKWARDS : FORWARDS,
        fromRevision,
        ...(limit > 0 ? { maxCount: limit } : {}),
      });
    let events = await read(from === undefined ? (backward ? END : START) : BigInt(from));
    if (backward && from !== undefined && events.length === 0) {
      // A backward read from beyond the last revision may come back empty: read from the end.
      events = (await read(END)).filter((e) => e.revision <= BigInt(from));
    }
    return events.map((e) => toRecorded(e, streamId, streamPosition(e)));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAllAfter(afterOf(options.afterPosition), limitOf(options.maxCount), READ_ATTEMPTS);
  }

  subscribeToAll(options?: { afterPosition?: number; batchSize?: number }): AllSubscription {
    this.assertOpen();
    afterOf(options?.afterPosition);
    const ready = this.startLive();
    const readPage = async (afterPosition: number, maxCount: number): Promise<RecordedEvent[]> => {
      await ready;
      if (this.closed) return [];
      try {
        // A projection must outlive a server restart or a leader change: transient errors are
        // retried (with backoff) until the store closes.
        const page = await this.readAllAfter(afterPosition, maxCount, Infinity);
        return this.closed ? [] : page;
      } catch (error) {
        // Closing disposes the client under a read in flight: that ends the feed, not an error.
        if (this.closed) return [];
        throw error;
      }
    };
    return followAll(readPage, this.feed, options);
  }

  async findCommand(commandId: string): Promise<AppendResult | null> {
    this.assertOpen();
    return this.readPointer(commandId);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    // The last visible event, reading `$all` backwards past system events and other namespaces.
    let from: ReadPosition = END;
    for (;;) {
      const page = await this.readRawAll({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_PAGE }, READ_ATTEMPTS);
      for (const event of page) {
        if (this.visible(event)) return allPosition(event);
      }
      if (page.length < HEAD_PAGE) return 0;
      from = page[page.length - 1].position; // exclusive going backwards
    }
  }

  /** Waits for appends in flight, ends subscriptions, stops the live feed, disposes the client. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.feed.close();
    this.releaseLive?.();
    for (const wake of [...this.sleepers]) wake();
    await Promise.allSettled([...this.appending]);
    const live = this.live;
    this.live = undefined;
    if (live) {
      live.removeAllListeners();
      live.on('error', () => undefined);
      await live.unsubscribe().catch(() => undefined);
    }
    this.disposed = true;
    await this.client.dispose();
  }

  // ---- append -------------------------------------------------------------------------------

  private async appendChecked(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    assertAppendable(streamId, events, options);
    const name = this.prefix + streamId;
    if (this.isReserved(name)) {
      throw new RangeError(`append to ${streamId}: stream names starting with '$' or '${COMMAND_STREAM_PREFIX}' are reserved`);
    }
    // Validate and serialise every event before anything is sent: a bad payload fails its own
    // append only (and never reaches the client, which would throw it outside any promise).
    const proposed = events.map((event, index) => {
      if (typeof event.type !== 'string' || event.type.length === 0 || event.type.startsWith('$')) {
        throw new RangeError(`append to ${streamId}: event ${index} has no type, or a '$' type reserved for system events`);
      }
      toJson(event.data, 'data');
      return { type: event.type, data: event.data, metadata: utf8(toJson(event.metadata, 'metadata')) };
    });
    const { commandId, expectedRevision } = options;
    if (commandId === undefined) {
      return this.write(
        name,
        streamId,
        proposed,
        expectedRevision,
        proposed.map(() => randomUUID()),
      );
    }
    // One append per command id at a time in this process: a twin waits, then finds the pointer.
    const previous = this.commandTails.get(commandId) ?? Promise.resolve();
    const run = previous.then(() => this.appendCommand(name, streamId, proposed, expectedRevision, commandId));
    const tail = run.catch(() => undefined);
    this.commandTails.set(commandId, tail);
    void tail.then(() => {
      if (this.commandTails.get(commandId) === tail) this.commandTails.delete(commandId);
    });
    return run;
  }

  private async appendCommand(
    name: string,
    streamId: string,
    proposed: Proposed[],
    expectedRevision: ExpectedRevision,
    commandId: string,
  ): Promise<AppendResult> {
    const [recorded, orphan] = await Promise.all([this.readPointer(commandId), this.findWritten(name, streamId, commandId)]);
    if (recorded) return { ...recorded, duplicate: true };
    // Stored by an earlier attempt that did not live to write the pointer: repair, answer it.
    if (orphan) return { ...(await this.recordCommand(commandId, orphan)), duplicate: true };

    const ids = proposed.map((_, index) => commandEventId(commandId, index));
    let result: AppendResult;
    try {
      result = await this.write(name, streamId, proposed, expectedRevision, ids);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // A twin in another process may have stored this command meanwhile (pointer or not yet).
      const winner = (await this.readPointer(commandId)) ?? (await this.findWritten(name, streamId, commandId));
      if (!winner) throw error;
      return { ...(await this.recordCommand(commandId, winner)), duplicate: true };
    }
    // duplicate: true when a twin's pointer was there first (its result, the same events).
    return this.recordCommand(commandId, result);
  }

  /** Appends and answers the result, with the position `$all` gives the last event. */
  private async write(
    name: string,
    streamId: string,
    proposed: Proposed[],
    expected: ExpectedRevision,
    ids: string[],
  ): Promise<AppendResult> {
    const data: EventData[] = proposed.map((event, index) => ({
      id: ids[index],
      contentType: 'application/json',
      type: event.type,
      data: event.data as JSONType,
      metadata: event.metadata,
    }));
    let nextRevision: bigint;
    try {
      const result = await this.client.appendToStream(name, data, { expectedRevision: toExpected(expected) });
      if (!result.success) {
        // Only with throwOnAppendFailure=false in the connection string; the client's revision
        // is unreliable then, so ask the stream.
        throw new WrongExpectedRevisionError(streamId, expected, await this.lastRevision(name));
      }
      nextRevision = result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        // actualVersion: the stream's last revision as a bigint, or NO_STREAM ('no_stream').
        const actual = error.actualVersion;
        throw new WrongExpectedRevisionError(streamId, expected, typeof actual === 'bigint' ? revisionNumber(actual) : -1);
      }
      // Anything else (UNAVAILABLE, DEADLINE_EXCEEDED...) as the client raised it, never resent:
      // the events may have been committed (header, OUTAGES).
      throw error;
    }
    // The append's reply carries a position, but which record it designates is not specified
    // (first or last event, or the commit): read the last event back and take the one readAll reports.
    const [last] = await this.readRawStream(name, { direction: BACKWARDS, fromRevision: nextRevision, maxCount: 1 });
    if (!last || last.id !== ids[ids.length - 1]) {
      throw new Error(`append to ${streamId}: acknowledged at revision ${nextRevision}, but that event is not the one written`);
    }
    this.feed.notify();
    const nextExpectedRevision = revisionNumber(nextRevision);
    return {
      streamId,
      firstRevision: nextExpectedRevision - proposed.length + 1,
      nextExpectedRevision,
      position: streamPosition(last),
      duplicate: false,
    };
  }

  /**
   * Writes the command pointer unless one exists. Answers the pointer that won: `duplicate: false`
   * when it is ours, `true` when another writer's was there first.
   */
  private async recordCommand(commandId: string, result: CommandRecord): Promise<AppendResult> {
    const record: CommandRecord = {
      streamId: result.streamId,
      firstRevision: result.firstRevision,
      nextExpectedRevision: result.nextExpectedRevision,
      position: result.position,
    };
    try {
      await this.client.appendToStream(
        this.pointerStream(commandId),
        // A random id: a twin's pointer must conflict, not be taken for a retry of ours.
        { id: randomUUID(), contentType: 'application/json', type: COMMAND_EVENT_TYPE, data: { ...record }, metadata: undefined },
        { expectedRevision: NO_STREAM },
      );
      return { ...record, duplicate: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const first = await this.readPointer(commandId);
      if (!first) throw error;
      return { ...first, duplicate: true };
    }
  }

  private async readPointer(commandId: string): Promise<AppendResult | null> {
    const [pointer] = await this.readRawStream(this.pointerStream(commandId), { fromRevision: START, maxCount: 1 });
    if (!pointer) return null;
    const record = pointer.data as CommandRecord;
    return {
      streamId: record.streamId,
      firstRevision: record.firstRevision,
      nextExpectedRevision: record.nextExpectedRevision,
      position: record.position,
      duplicate: false,
    };
  }

  /** The command's events among the last ORPHAN_SCAN of the stream (stored, pointer missing), or null. */
  private async findWritten(name: string, streamId: string, commandId: string): Promise<CommandRecord | null> {
    const tail = await this.readRawStream(name, { direction: BACKWARDS, fromRevision: END, maxCount: ORPHAN_SCAN });
    const first = tail.findIndex((e) => e.id === commandEventId(commandId, 0));
    if (first < 0) return null;
    // tail is newest first: the command's later events sit just before its first one.
    let last = first;
    while (last > 0 && tail[last - 1].id === commandEventId(commandId, first - last + 1)) last--;
    return {
      streamId,
      firstRevision: revisionNumber(tail[first].revision),
      nextExpectedRevision: revisionNumber(tail[last].revision),
      position: streamPosition(tail[last]),
    };
  }

  private async lastRevision(name: string): Promise<number> {
    const [last] = await this.readRawStream(name, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last ? revisionNumber(last.revision) : -1;
  }

  // ---- reads --------------------------------------------------------------------------------

  /**
   * Visible events with position > after, in `$all` order, at most `limit` (-1: no limit); each
   * page read tried up to `attempts` times (`retried`).
   */
  private async readAllAfter(after: number, limit: number, attempts: number): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    if (limit === 0) return out;
    let from: ReadPosition = after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START;
    // Reads are inclusive of `from`: skip what is at or before the cursor.
    let cursor: Position | undefined = after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : undefined;
    for (;;) {
      const want = limit < 0 ? ALL_PAGE : Math.min(ALL_PAGE, Math.max(limit - out.length, ALL_MIN_PAGE));
      const page = await this.readRawAll({ direction: FORWARDS, fromPosition: from, maxCount: want }, attempts);
      for (const event of page) {
        if (cursor && comparePositions(event.position, cursor) <= 0) continue;
        if (!this.visible(event)) continue;
        out.push(toRecorded(event, event.streamId.slice(this.prefix.length), allPosition(event)));
        if (out.length === limit) return out;
      }
      if (page.length < want) return out;
      cursor = page[page.length - 1].position;
      from = cursor;
    }
  }

  /** The events of a stream as the client returns them ([] for a stream that does not exist). */
  private readRawStream(
    name: string,
    options: { direction?: typeof FORWARDS | typeof BACKWARDS; fromRevision?: ReadRevision; maxCount?: number | bigint },
  ): Promise<StoredEvent[]> {
    return this.retried(async () => {
      const out: StoredEvent[] = [];
      try {
        for await (const resolved of this.client.readStream(name, options)) {
          if (resolved.event) out.push(resolved.event);
        }
      } catch (error) {
        // The client reports a missing stream by failing the iteration with StreamNotFoundError.
        if ((error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND) return [];
        throw error;
      }
      return out;
    }, READ_ATTEMPTS);
  }

  private readRawAll(
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromPosition: ReadPosition; maxCount: number },
    attempts: number,
  ): Promise<(StoredEvent & { position: Position })[]> {
    return this.retried(async () => {
      const out: (StoredEvent & { position: Position })[] = [];
      for await (const resolved of this.client.readAll(options)) {
        if (resolved.event) out.push(resolved.event);
      }
      return out;
    }, attempts);
  }

  /**
   * `read()`, tried again after a transient error (header, OUTAGES), `attempts` times in all, with
   * backoff. A read is all or nothing: a try that fails midway is discarded whole. Other errors,
   * the last transient one, and any error once the store is closed, are thrown as the client raised them.
   */
  private async retried<T>(read: () => Promise<T>, attempts: number): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await read();
        // dispose() cancels the calls in flight, and a cancelled read just ends (grpc-js pushes the
        // end, the client ignores the CANCELLED): what it gathered may be incomplete.
        if (this.disposed) throw new Error('event store is closed: a read was cut short');
        return result;
      } catch (error) {
        if (!isTransient(error) || attempt >= attempts || this.closed) throw error;
        await this.pause(backoffMs(attempt - 1));
        if (this.closed) throw error;
      }
    }
  }

  // ---- live feed ----------------------------------------------------------------------------

  /** Starts the store's server subscription once; resolves when it is live (or on failure/close). */
  private startLive(): Promise<void> {
    this.liveReady ??= new Promise<void>((resolve) => {
      this.releaseLive = resolve;
      this.subscribeLive(resolve);
    });
    return this.liveReady;
  }

  private subscribeLive(ready: () => void): void {
    if (this.closed) return ready();
    const filter: Filter = this.prefix ? streamNameFilter({ prefixes: [this.prefix] }) : excludeSystemEvents();
    const live = this.client.subscribeToAll({ fromPosition: END, filter });
    this.live = live;
    // Confirmed: from now on every commit reaches us; one re-read covers what came before.
    live.on('confirmation', () => {
      this.liveDrops = 0;
      ready();
      this.feed.notify();
    });
    live.on('data', () => this.feed.notify());
    const dropped = (): void => {
      if (this.live !== live) return;
      this.live = undefined;
      live.removeAllListeners();
      live.on('error', () => undefined);
      void live.unsubscribe().catch(() => undefined);
      // Readers go on (their reads retry through an outage); the signal comes back with a new
      // subscription, whose confirmation makes every reader re-read after its last position.
      ready();
      if (this.closed) return;
      // Backoff grows while the server keeps failing us, and restarts once one is confirmed.
      void this.pause(backoffMs(this.liveDrops++)).then(() => this.subscribeLive(() => this.feed.notify()));
    };
    live.on('error', dropped);
    live.on('end', dropped);
    live.on('close', dropped);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** An event of this store, as opposed to a system event, a command pointer or another namespace. */
  private visible(event: StoredEvent): boolean {
    const stream = event.streamId;
    return (
      !event.type.startsWith('$') &&
      !this.isReserved(stream) &&
      stream.startsWith(this.prefix) &&
      stream.length > this.prefix.length
    );
  }

  private isReserved(name: string): boolean {
    return name.startsWith('$') || name.startsWith(COMMAND_STREAM_PREFIX);
  }

  private pointerStream(commandId: string): string {
    return `${COMMAND_STREAM_PREFIX}${this.prefix}${commandId}`;
  }

  /** Sleeps `ms` (with the injected `sleep` if any), or less if the store closes meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      this.sleepers.add(wake);
      if (this.sleep) void this.sleep(ms).then(wake, wake);
      else timer = setTimeout(wake, ms);
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

/** An event ready to send: metadata already serialised (exactly what was validated). */
interface Proposed {
  type: string;
  data: unknown;
  metadata: Uint8Array;
}

/** Deterministic event id of the index-th event of a command: a UUID (v8 layout) from sha256. */
export function commandEventId(commandId: string, index: number): string {
  const bytes = createHash('sha256').update(`opc-event\u0000${commandId}\u0000${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function toExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no-stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}

/** Bytes of a JSON text; a plain Uint8Array, which the client sends as custom metadata unchanged. */
function utf8(json: string): Uint8Array {
  return Uint8Array.from(Buffer.from(json, 'utf8'));
}

function afterOf(afterPosition: number | undefined): number {
  const after = afterPosition ?? 0;
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new RangeError(`afterPosition must be a non-negative integer, got ${afterPosition}`);
  }
  return after;
}

function toRecorded(event: StoredEvent, streamId: string, position: number): RecordedEvent {
  if (!event.isJson) {
    throw new Error(`event ${event.id} of ${event.streamId} is not JSON: it was not written by this adapter`);
  }
  return {
    streamId,
    revision: revisionNumber(event.revision),
    position,
    type: event.type,
    data: event.data,
    metadata: event.metadata as EventMetadata,
  };
}

const MAX_PORT_NUMBER = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A bigint of the client (log position, stream revision) as the port's number: exactly, or a loud
 * RangeError. Never a bare `Number(value)`, which silently rounds above 2^53 - 1 (2^53 + 1 would
 * read as 2^53, another event's position or none).
 */
export function portNumber(value: bigint, what: string): number {
  if (typeof value !== 'bigint' || value < BigInt(0) || value > MAX_PORT_NUMBER) {
    throw new RangeError(`${what} is ${String(value)}, outside the port's exact integers 0..${Number.MAX_SAFE_INTEGER}`);
  }
  return Number(value);
}

function revisionNumber(revision: bigint): number {
  return portNumber(revision, 'stream revision');
}

/** Port position of an event read from a stream: its prepare position (its own log record). */
function streamPosition(event: StoredEvent): number {
  if (!event.position) {
    throw new Error(`event ${event.id} of ${event.streamId} came without a log position: EventStoreDB >= 22.6 is required`);
  }
  return portNumber(event.position.prepare, `log position of event ${event.id} of ${event.streamId}`);
}

/** Port position of an event read from `$all`; refuses events of legacy explicit transactions. */
function allPosition(event: StoredEvent & { position: Position }): number {
  if (event.position.commit !== event.position.prepare) {
    throw new Error(
      `event ${event.id} of ${event.streamId} was written in an explicit transaction (commit != prepare position): not supported`,
    );
  }
  return streamPosition(event);
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** The next wait of a retry loop: 100 ms, doubling, at most MAX_RETRY_MS. */
function backoffMs(retry: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** retry);
}

/**
 * Errors of the client worth waiting out on a read (outage, leader change, deadline), by the
 * `type` of the client's error classes (CommandError.ts). Never used to resend an append.
 */
function isTransient(error: unknown): boolean {
  const type = (error as { type?: unknown } | undefined)?.type;
  return (
    type === ErrorType.UNAVAILABLE ||
    type === ErrorType.DEADLINE_EXCEEDED ||
    type === ErrorType.TIMEOUT ||
    type === ErrorType.NOT_LEADER ||
    type === ErrorType.CANCELLED
  );
}
