import { randomUUID } from 'node:crypto';
import type { ReadableOptions } from 'node:stream';
import { PassThrough } from 'node:stream';
import { Metadata, status } from '@grpc/grpc-js';
import {
  ANY,
  BACKWARDS,
  END,
  EVENT_TYPE,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  STREAM_NAME,
  WrongExpectedVersionError,
  convertToCommandError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type EventType,
  type Filter,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  type StreamingRead,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
// The client's own last mile, used as is: its ReadStream / Subscription classes (what readStream,
// readAll and subscribeToAll return), its conversion of the server's wire messages into events
// (convertGrpcEvent) and the wire messages themselves (generated protobuf classes).
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { Subscription } from '@eventstore/db-client/dist/streams/utils/Subscription';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { StreamIdentifier, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import type { EventStoreDbClient } from '@opc/eventstore/eventstoredb-event-store';

/*
 * A scripted double of `@eventstore/db-client` 6.2.1 (the members the adapter uses: appendToStream,
 * readStream, readAll, subscribeToAll, dispose) over a small in-memory "server" log.
 *
 * What it returns is what the client returns, because the client's own code builds it: reads and
 * subscriptions are the client's `ReadStream` / `Subscription` objects (dist/streams/readStream.js
 * l.70, readAll.js l.61, subscribeToAll.js l.87) fed with the server's wire messages (`ReadResp`,
 * generated/streams_pb.d.ts), converted by the client's `convertGrpcEvent`
 * (dist/utils/convertGrpcEvent.js); gRPC failures are `ServiceError`s shaped as grpc-js makes them
 * (@grpc/grpc-js/build/src/call.js, callErrorFromStatus) and turned into the client's error classes
 * by the client's `convertToCommandError` (dist/utils/CommandError.js l.325-389). Appends answer the
 * client's `AppendResult` (dist/types/index.d.ts l.71-84) and raise its `WrongExpectedVersionError`
 * as its batch append builds it from the server's WrongExpectedVersion detail
 * (dist/streams/appendToStream/unpackError.js l.14-18, dist/utils/CommandError.js l.179-202).
 *
 * What it cannot vouch for: the server's side. Its semantics follow the client's documentation
 * and the adapter's header, never a server: forward reads of `$all` include the record at
 * `fromPosition`, backward reads exclude it; positions are byte offsets (record sizes, gaps);
 * a repeated append of the same event ids at the same place is acknowledged without writing
 * (dist/types/index.d.ts l.33-39: "idempotency for all operations using any value in
 * ExpectedVersion except ANY"; best effort with ANY); a missing stream is answered with the
 * `stream_not_found` message. Scripted faults stand for outages, deadlines and drops.
 */

/** One record of the fake transaction log, as the server would store it (bytes, not objects). */
export interface LogRecord {
  streamId: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  commit: bigint;
  prepare: bigint;
}

/** A call the adapter made through the double, with what it asked for. */
export type ClientCall =
  | { op: 'appendToStream'; stream: string; ids: string[]; expectedRevision: AppendExpectedRevision }
  | { op: 'readStream'; stream: string; options: ReadStreamOptions }
  | { op: 'readAll'; options: ReadAllOptions }
  | { op: 'subscribeToAll'; options: SubscribeToAllOptions };

/**
 * A scripted failure of the next matching call. `code` is a gRPC status (the client converts it);
 * `error` a ready-made client error. `commit`: an append that reaches the log, whose reply is lost
 * (a deadline after the commit). `afterEvents`: a read that fails after that many events.
 * `stall`: a read that sends `afterEvents` events, then nothing, neither end nor error (a slow server).
 */
export interface Fault {
  op: ClientCall['op'];
  stream?: string | RegExp;
  code?: status;
  details?: string;
  error?: () => Error;
  commit?: boolean;
  afterEvents?: number;
  stall?: boolean;
  /** How many calls it fails (default 1). */
  times?: number;
}

/** The server side of one subscription: the test can drop it or end it. */
export interface ServerSubscription {
  options: SubscribeToAllOptions;
  /** The server's stream fails with this gRPC status: the client's Subscription emits 'error'. */
  drop(code?: status, details?: string): void;
  /** The server ends the call without a word: the client's Subscription ends. */
  end(): void;
}

/** A gRPC ServiceError as grpc-js builds it (call.js, callErrorFromStatus): message, code, details, metadata. */
export function serviceError(code: status, details = 'scripted by the test'): Error {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
}

/** A fake gRPC server call: an object stream of `ReadResp`, cancellable as grpc-js calls are. */
class FakeCall extends PassThrough {
  constructor(private readonly onCancel: () => void) {
    super({ objectMode: true });
  }

  /**
   * As a grpc-js call: the stream ends (push(null)), then the status CANCELLED "Cancelled on
   * client" is emitted as an error (@grpc/grpc-js/build/src/client.js, onReceiveStatus), which the
   * client ignores (dist/utils/isClientCancellationError.js). So a cancelled read just ends.
   */
  cancel(): void {
    this.onCancel();
    if (this.destroyed || this.readableEnded) return;
    this.push(null);
    if (this.listenerCount('error') > 0) this.emit('error', serviceError(status.CANCELLED, 'Cancelled on client'));
  }
}

const TICKS_PER_MS = BigInt(10000);
const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FakeEventStoreDbServer {
  readonly log: LogRecord[] = [];
  readonly calls: ClientCall[] = [];
  readonly subscriptions: ServerSubscription[] = [];
  private readonly faults: Fault[] = [];
  private readonly live = new Set<{ call: FakeCall; filter?: Filter }>();
  private end: bigint;

  /**
   * `firstPosition`: the log offset of the first record (real logs start far above 0).
   * `systemNoise`: after each append, a `$>` link in `$ce-<category>`, as the server's
   * $by_category system projection writes, so that `$all` carries system records throughout.
   */
  constructor(private readonly options: { firstPosition?: bigint; systemNoise?: boolean } = {}) {
    this.end = options.firstPosition ?? BigInt(4096);
  }

  /** The next matching calls fail as scripted. */
  fail(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Writes records as the server itself would (system events, or records at chosen positions). */
  inject(records: { streamId: string; type: string; data?: unknown; position?: Position }[]): LogRecord[] {
    return records.map((r) => {
      const position = r.position ?? { commit: this.end, prepare: this.end };
      if (position.prepare < this.end || position.commit < this.end) throw new Error('the log only grows');
      return this.write(r.streamId, {
        id: randomUUID(),
        type: r.type,
        contentType: 'application/json',
        data: utf8(JSON.stringify(r.data ?? {})),
        metadata: new Uint8Array(),
        position,
      });
    });
  }

  /** Where the next record will be written. */
  get nextPosition(): bigint {
    return this.end;
  }

  stream(name: string): LogRecord[] {
    return this.log.filter((r) => r.streamId === name);
  }

  callsOf<Op extends ClientCall['op']>(op: Op): Extract<ClientCall, { op: Op }>[] {
    return this.calls.filter((c): c is Extract<ClientCall, { op: Op }> => c.op === op);
  }

  /** A client connected to this server: what `EventStoreDBClient.connectionString(...)` gives production. */
  client(): EventStoreDbClient {
    return new FakeClient(this);
  }

  // ---- the server's side of each call -------------------------------------------------------

  /** @internal */
  takeFault(op: ClientCall['op'], stream?: string): Fault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        f.op === op &&
        (f.stream === undefined ||
          (stream !== undefined && (typeof f.stream === 'string' ? f.stream === stream : f.stream.test(stream)))),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (--fault.times! <= 0) this.faults.splice(index, 1);
    return fault;
  }

  /** @internal The server's append: expected revision check, idempotency, commit. */
  append(name: string, events: EventData[], expected: AppendExpectedRevision): AppendResult {
    const stream = this.stream(name);
    const current = stream.length > 0 ? stream[stream.length - 1].revision : undefined;
    const repeat = this.repeated(stream, events, expected);
    if (repeat) return { success: true, nextExpectedRevision: repeat.revision, position: positionOf(repeat) };
    const ok =
      expected === ANY ||
      (expected === NO_STREAM
        ? current === undefined
        : expected === STREAM_EXISTS
          ? current !== undefined
          : current === expected);
    if (!ok) {
      // The server's detail, decoded by the client's batch append (unpackError.js l.14-18).
      const details = new WrongExpectedVersion();
      if (current !== undefined) details.setCurrentStreamRevision(current.toString());
      else details.setCurrentNoStream(new Empty());
      if (expected === NO_STREAM) details.setExpectedNoStream(new Empty());
      else if (expected === STREAM_EXISTS) details.setExpectedStreamExists(new Empty());
      else details.setExpectedStreamPosition(expected.toString());
      throw WrongExpectedVersionError.fromWrongExpectedVersion(details, name);
    }
    let last: LogRecord | undefined;
    for (const event of events) {
      const [data, metadata] = payloadBytes(event);
      last = this.write(name, { id: event.id, type: event.type, contentType: event.contentType, data, metadata });
    }
    if (this.options.systemNoise && !name.startsWith('$')) {
      const category = name.split('-')[0];
      this.write(`$ce-${category}`, {
        id: randomUUID(),
        type: '$>',
        contentType: 'application/octet-stream',
        data: utf8(`${last!.revision}@${name}`),
        metadata: new Uint8Array(),
      });
    }
    // Which record the reply's position designates is not documented; the adapter does not use it.
    return { success: true, nextExpectedRevision: last!.revision, position: positionOf(last!) };
  }

  /** @internal The records a read answers, in order. */
  readStreamRecords(name: string, options: ReadStreamOptions): LogRecord[] | 'stream-not-found' {
    const stream = this.stream(name);
    if (stream.length === 0) return 'stream-not-found';
    const { fromRevision = START, direction, maxCount = Number.MAX_SAFE_INTEGER } = options;
    const count = Number(maxCount);
    if (direction === BACKWARDS) {
      const from = fromRevision === END ? undefined : fromRevision === START ? BigInt(0) : fromRevision;
      return stream
        .filter((r) => from === undefined || r.revision <= from)
        .reverse()
        .slice(0, count);
    }
    const from = fromRevision === START ? BigInt(0) : fromRevision === END ? undefined : fromRevision;
    return from === undefined ? [] : stream.filter((r) => r.revision >= from).slice(0, count);
  }

  /** @internal */
  readAllRecords(options: ReadAllOptions): LogRecord[] {
    const { fromPosition = START, direction, maxCount = Number.MAX_SAFE_INTEGER } = options;
    const count = Number(maxCount);
    if (direction === BACKWARDS) {
      const before = (r: LogRecord): boolean =>
        fromPosition === END || (fromPosition !== START && comparePositions(positionOf(r), fromPosition) < 0);
      return this.log.filter(before).reverse().slice(0, count);
    }
    const atOrAfter = (r: LogRecord): boolean =>
      fromPosition === START || (fromPosition !== END && comparePositions(positionOf(r), fromPosition) >= 0);
    return this.log.filter(atOrAfter).slice(0, count);
  }

  /** @internal Registers a live subscription (from END: the only start the adapter uses). */
  subscribe(call: FakeCall, options: SubscribeToAllOptions): void {
    if (options.fromPosition !== END) throw new Error('the double only models subscriptions from END');
    const entry = { call, filter: options.filter };
    this.live.add(entry);
    call.on('close', () => this.live.delete(entry));
    const confirmation = new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
    call.write(new ReadResp().setConfirmation(confirmation));
    this.subscriptions.push({
      options,
      drop: (code = status.UNAVAILABLE, details = 'subscription dropped') => {
        this.live.delete(entry);
        call.destroy(serviceError(code, details));
      },
      end: () => {
        this.live.delete(entry);
        call.end();
      },
    });
  }

  private repeated(stream: LogRecord[], events: EventData[], expected: AppendExpectedRevision): LogRecord | undefined {
    const start = stream.findIndex((r) => r.id === events[0]?.id);
    if (start < 0 || start + events.length > stream.length) return undefined;
    if (!events.every((e, i) => stream[start + i].id === e.id)) return undefined;
    const at = stream[start].revision;
    const samePlace = expected === ANY || (expected === NO_STREAM ? at === BigInt(0) : expected === at - BigInt(1));
    return samePlace ? stream[start + events.length - 1] : undefined;
  }

  private write(
    streamId: string,
    r: { id: string; type: string; contentType: string; data: Uint8Array; metadata: Uint8Array; position?: Position },
  ): LogRecord {
    const stream = this.stream(streamId);
    const position = r.position ?? { commit: this.end, prepare: this.end };
    const record: LogRecord = {
      streamId,
      revision: stream.length > 0 ? stream[stream.length - 1].revision + BigInt(1) : BigInt(0),
      id: r.id,
      type: r.type,
      contentType: r.contentType,
      data: r.data,
      metadata: r.metadata,
      ...position,
    };
    this.log.push(record);
    // A record's size: a header plus its bytes, so positions are offsets with gaps.
    const size = 64 + Buffer.byteLength(streamId) + Buffer.byteLength(r.type) + r.data.length + r.metadata.length;
    this.end = (position.commit > position.prepare ? position.commit : position.prepare) + BigInt(size);
    for (const { call, filter } of this.live) {
      if (matches(record, filter)) call.write(readResp(record));
    }
    return record;
  }
}

/** The double of `EventStoreDBClient`: the members the adapter uses, with the client's signatures. */
class FakeClient implements EventStoreDbClient {
  private readonly open = new Set<FakeCall>();

  constructor(private readonly server: FakeEventStoreDbServer) {}

  // Defaults as in dist/streams/appendToStream/index.js l.8 (expectedRevision = ANY).
  async appendToStream<KnownEventType extends EventType = EventType>(
    streamName: string,
    event: EventData<KnownEventType> | EventData<KnownEventType>[],
    { expectedRevision = ANY }: AppendToStreamOptions = {},
  ): Promise<AppendResult> {
    const events = (Array.isArray(event) ? event : [event]) as EventData[];
    this.server.calls.push({ op: 'appendToStream', stream: streamName, ids: events.map((e) => e.id), expectedRevision });
    await nextTick();
    const fault = this.server.takeFault('appendToStream', streamName);
    // A failed call reaches the client as a ServiceError, converted as in append.js l.41 / batchAppend.js l.57.
    const failure = (): Error =>
      fault!.error?.() ?? convertToCommandError(serviceError(fault!.code ?? status.UNAVAILABLE, fault!.details));
    if (fault && !fault.commit) throw failure();
    const result = this.server.append(streamName, events, expectedRevision);
    if (fault) throw failure();
    return result;
  }

  // Defaults as in dist/streams/readStream.js l.10.
  readStream<KnownEventType extends EventType = EventType>(
    streamName: string,
    options: ReadStreamOptions = {},
    readableOptions: ReadableOptions = {},
  ): StreamingRead<ResolvedEvent<KnownEventType>> {
    this.server.calls.push({ op: 'readStream', stream: streamName, options });
    const call = this.call((c) => {
      const fault = this.server.takeFault('readStream', streamName);
      const records = this.server.readStreamRecords(streamName, options);
      if (records === 'stream-not-found' && !fault) {
        // The server's answer for a missing stream; the client's ReadStream turns it into
        // StreamNotFoundError, failing the iteration (ReadStream.js l.46-52).
        // The call's end (its status) comes after the message, as on the wire: by then the client
        // has failed the call itself.
        const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(identifier(streamName));
        c.write(new ReadResp().setStreamNotFound(notFound));
        return void setImmediate(() => c.destroyed || c.end());
      }
      this.answer(c, records === 'stream-not-found' ? [] : records, fault);
    });
    return new ReadStream(async () => call as never, convertGrpcEvent, readableOptions) as never;
  }

  // Defaults as in dist/streams/readAll.js l.10.
  readAll(options: ReadAllOptions = {}, readableOptions: ReadableOptions = {}): StreamingRead<AllStreamResolvedEvent> {
    this.server.calls.push({ op: 'readAll', options });
    const call = this.call((c) => this.answer(c, this.server.readAllRecords(options), this.server.takeFault('readAll')));
    return new ReadStream(async () => call as never, convertGrpcEvent, readableOptions) as never;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}, readableOptions: ReadableOptions = {}): AllStreamSubscription {
    this.server.calls.push({ op: 'subscribeToAll', options });
    const call = this.call((c) => {
      const fault = this.server.takeFault('subscribeToAll');
      if (fault) return void c.destroy(serviceError(fault.code ?? status.UNAVAILABLE, fault.details));
      this.server.subscribe(c, options);
    });
    return new Subscription(
      async () => call as never,
      convertGrpcEvent,
      readableOptions,
      options.filter?.checkpointReached,
    ) as never;
  }

  /** As the client's dispose (Client/index.js l.160-178): cancels every call still open. */
  async dispose(): Promise<void> {
    for (const call of [...this.open]) call.cancel();
  }

  /** A server call answered on a later tick, as a network answer would be. */
  private call(serve: (call: FakeCall) => void): FakeCall {
    const call: FakeCall = new FakeCall(() => this.open.delete(call));
    this.open.add(call);
    call.on('close', () => this.open.delete(call));
    setImmediate(() => {
      if (!call.destroyed) serve(call);
    });
    return call;
  }

  /** Streams the records, or fails the call as scripted (at once, or after `afterEvents` of them). */
  private answer(call: FakeCall, records: LogRecord[], fault: Fault | undefined): void {
    const upTo = fault ? Math.min(fault.afterEvents ?? 0, records.length) : records.length;
    for (const record of records.slice(0, upTo)) call.write(readResp(record));
    if (!fault) return void call.end();
    if (fault.stall) return;
    // The events written so far reach the client before the failure, as on the wire.
    const failWhenDelivered = (): void => {
      if (call.readableLength > 0) return void setImmediate(failWhenDelivered);
      call.destroy(fault.error?.() ?? serviceError(fault.code ?? status.UNAVAILABLE, fault.details));
    };
    failWhenDelivered();
  }
}

// ---- wire format ----------------------------------------------------------------------------

function utf8(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'utf8'));
}

/** The bytes the client sends for an event (batchAppend.js l.113-131): JSON text, metadata as given or as JSON. */
function payloadBytes(event: EventData): [Uint8Array, Uint8Array] {
  const data = event.contentType === 'application/json' ? utf8(JSON.stringify(event.data)) : (event.data as Uint8Array);
  const metadata = !event.metadata
    ? new Uint8Array()
    : event.metadata.constructor === Uint8Array
      ? (event.metadata as Uint8Array)
      : utf8(JSON.stringify(event.metadata));
  return [data, metadata];
}

function identifier(streamName: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(utf8(streamName));
}

/** The server's message for one event (streams.proto ReadResp.ReadEvent; uuid_option string, as the client asks). */
function readResp(record: LogRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(record.id))
    .setStreamIdentifier(identifier(record.streamId))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.commit.toString())
    .setPreparePosition(record.prepare.toString())
    .setData(record.data)
    .setCustomMetadata(record.metadata);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.contentType);
  metadata.set('created', (BigInt(Date.now()) * TICKS_PER_MS).toString());
  const event = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(record.commit.toString());
  return new ReadResp().setEvent(event);
}

function positionOf(record: LogRecord): Position {
  return { commit: record.commit, prepare: record.prepare };
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** The server-side filter of a subscription (filter.js: streamNameFilter / eventTypeFilter). */
function matches(record: LogRecord, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const value = filter.filterOn === STREAM_NAME ? record.streamId : filter.filterOn === EVENT_TYPE ? record.type : undefined;
  if (value === undefined) return false;
  if ('prefixes' in filter) return filter.prefixes.some((p) => value.startsWith(p));
  return new RegExp(filter.regex).test(value);
}
