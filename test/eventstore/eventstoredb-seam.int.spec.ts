import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import {
  AccessDeniedError,
  DeadlineExceededError,
  END,
  EVENT_TYPE,
  ErrorType,
  EventStoreDBClient,
  NO_STREAM,
  STREAM_NAME,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type EventData,
} from '@eventstore/db-client';
import type { NewEvent, RecordedEvent } from '@opc/kernel';
import { type EventStore, WrongExpectedRevisionError } from '@opc/eventstore';
import { EventStoreDbEventStore, commandEventId, portNumber } from '@opc/eventstore/eventstoredb-event-store';
import { eventStoreContract, newEvent } from './event-store.contract';
import { FakeEventStoreDbServer, type LogRecord } from './eventstoredb-server.fixtures';

/*
 * The EventStoreDB adapter at its seam: `EventStoreDbEventStore` driven through the members of
 * `EventStoreDBClient` it uses, by a scripted double of @eventstore/db-client 6.2.1
 * (eventstoredb-server.fixtures.ts). NOT a server test: no EventStoreDB ran here. What the client
 * returns is taken from its typings and source in node_modules/@eventstore/db-client (paths below
 * are relative to it); what the server does is the double's assumption, stated in the fixture.
 *
 * Each test says which client behaviour it relies on and where the client documents it.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER); // 2^53 - 1
const TWO_53 = BigInt(2) ** BigInt(53);

function numbered(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent('Numbered.v1', { n }));
}

/** An event as the client takes it (dist/types/events.d.ts l.23-29). */
function eventData(): EventData {
  return { id: randomUUID(), contentType: 'application/json', type: 'Raw.v1', data: {}, metadata: undefined };
}

/** Lets the double's network ticks (setImmediate) run: no timers, no real waiting. */
async function flush(ticks = 50): Promise<void> {
  for (let i = 0; i < ticks; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Runs ticks until `done()`; fails (never hangs) if it does not come within `ticks`. */
async function until(done: () => boolean, what: string, ticks = 5000): Promise<void> {
  for (let i = 0; i < ticks && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error(`${what}: not within ${ticks} ticks`);
}

/** A promise with a flag telling whether it has settled yet. */
function watched<T>(promise: Promise<T>): { promise: Promise<T>; settled: () => boolean } {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  return { promise: tracked, settled: () => settled };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

function userRecords(server: FakeEventStoreDbServer): LogRecord[] {
  return server.log.filter((r) => !r.streamId.startsWith('$') && !r.streamId.startsWith('opc-command-'));
}

const opened: EventStore[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

/**
 * A store over a fresh double. Its retry waits are recorded in `waits` and never wait: at once,
 * or (`gated`) when the test calls `release()`.
 */
function setup(options: { firstPosition?: bigint; streamPrefix?: string; gated?: boolean } = {}) {
  const server = new FakeEventStoreDbServer({ firstPosition: options.firstPosition });
  const waits: number[] = [];
  const gates: (() => void)[] = [];
  const sleep = options.gated
    ? (ms: number) =>
        new Promise<void>((resolve) => {
          waits.push(ms);
          gates.push(resolve);
        })
    : async (ms: number) => {
        waits.push(ms);
      };
  const open = (streamPrefix = options.streamPrefix): EventStoreDbEventStore => {
    const store = new EventStoreDbEventStore(server.client(), { streamPrefix, sleep });
    opened.push(store);
    return store;
  };
  return { server, store: open(), waits, release: () => gates.shift()?.(), other: open };
}

describe('ARCH EventStoreDB adapter at the client seam (scripted double of @eventstore/db-client 6.2.1; no server ran)', () => {
  it('production path: connect() builds the client’s own EventStoreDBClient from the connection string, contacting no server', async () => {
    // Relies on: EventStoreDBClient.connectionString (dist/Client/index.d.ts l.95-99) creating the
    // gRPC channel lazily, on the first call (dist/Client/index.js l.191-198, getChannel).
    const store = await EventStoreDbEventStore.connect('esdb://localhost:2113?tls=false');
    expect((store as unknown as { client: unknown }).client).toBeInstanceOf(EventStoreDBClient);
    await store.close();
  });

  describe('expected revision: the client’s WrongExpectedVersionError becomes WrongExpectedRevisionError', () => {
    it('stale, ahead, and missing streams: bigint expectedVersion/actualVersion become numbers, "no_stream" becomes -1', async () => {
      // Relies on: WrongExpectedVersionError { expectedVersion: AppendExpectedRevision; actualVersion:
      // CurrentRevision = bigint | "no_stream" } (dist/utils/CommandError.d.ts l.93-101,
      // dist/types/index.d.ts l.58-66), built by the batch append from the server's detail
      // (dist/streams/appendToStream/batchAppend.js l.38, unpackError.js l.14-18, CommandError.js l.179-202).
      const { server, store } = setup();
      await store.append('member-1', numbered(2), { expectedRevision: 'no-stream' });

      // What the client raises, observed on the double: its own class, bigint versions.
      const raw = await rejection(server.client().appendToStream('member-1', [eventData()], { expectedRevision: BigInt(0) }));
      expect(raw).toBeInstanceOf(WrongExpectedVersionError);
      expect(raw).toMatchObject({ type: ErrorType.WRONG_EXPECTED_VERSION, expectedVersion: BigInt(0), actualVersion: BigInt(1) });
      const none = await rejection(server.client().appendToStream('member-2', [eventData()], { expectedRevision: BigInt(3) }));
      expect(none).toMatchObject({ expectedVersion: BigInt(3), actualVersion: NO_STREAM });

      const stale = await rejection(store.append('member-1', numbered(1), { expectedRevision: 0 }));
      const ahead = await rejection(store.append('member-1', numbered(1), { expectedRevision: 5 }));
      const exists = await rejection(store.append('member-1', numbered(1), { expectedRevision: 'no-stream' }));
      const missing = await rejection(store.append('member-2', numbered(1), { expectedRevision: 0 }));
      for (const error of [stale, ahead, exists, missing]) expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(stale).toMatchObject({ streamId: 'member-1', expected: 0, actual: 1 });
      expect(ahead).toMatchObject({ streamId: 'member-1', expected: 5, actual: 1 });
      expect(exists).toMatchObject({ streamId: 'member-1', expected: 'no-stream', actual: 1 });
      expect(missing).toMatchObject({ streamId: 'member-2', expected: 0, actual: -1 });
      expect(server.stream('member-1')).toHaveLength(2);
    });

    it('the same error from the unary append path maps the same; an actual revision beyond 2^53 - 1 is refused, not rounded', async () => {
      // Relies on: the unary append (servers without batch append) raising
      // `new WrongExpectedVersionError(null, { streamName, current, expected })`
      // (dist/streams/appendToStream/append.js l.60-66): same class, same bigint fields.
      const { server, store } = setup();
      const unary = (current: bigint) => () =>
        new WrongExpectedVersionError(null as never, { streamName: 'member-1', current, expected: BigInt(6) });
      server.fail({ op: 'appendToStream', stream: 'member-1', error: unary(BigInt(7)) });
      expect(await rejection(store.append('member-1', numbered(1), { expectedRevision: 6 }))).toMatchObject({
        expected: 6,
        actual: 7,
      });

      server.fail({ op: 'appendToStream', stream: 'member-1', error: unary(TWO_53 + BigInt(1)) });
      const error = await rejection(store.append('member-1', numbered(1), { expectedRevision: 6 }));
      expect(error).toBeInstanceOf(RangeError);
      expect(String(error)).toContain('9007199254740993'); // Number(2n ** 53n + 1n) would say ...992
    });
  });

  it('a missing stream: the client fails the iteration with StreamNotFoundError, and readStream answers []', async () => {
    // Relies on: the client's ReadStream destroying the call with StreamNotFoundError when the server
    // answers `stream_not_found`, which fails the for-await (dist/streams/utils/ReadStream.js l.46-52,
    // l.26-31); its `type` is ErrorType.STREAM_NOT_FOUND (dist/utils/CommandError.js l.98-111).
    const { server, store, waits } = setup();
    const seen: unknown[] = [];
    const iterate = async (): Promise<void> => {
      for await (const resolved of server.client().readStream('nobody')) seen.push(resolved);
    };
    const raw = await rejection(iterate());
    expect(raw).toBeInstanceOf(StreamNotFoundError);
    expect(raw).toMatchObject({ type: ErrorType.STREAM_NOT_FOUND, streamName: 'nobody' });
    expect(seen).toEqual([]);

    expect(await store.readStream('nobody')).toEqual([]);
    expect(await store.readStream('nobody', { direction: 'backward', fromRevision: 3 })).toEqual([]);
    expect(await store.findCommand('never-seen')).toBeNull(); // its pointer stream does not exist either
    expect(waits).toEqual([]); // not an outage: not retried
  });

  describe('positions: bigint { commit, prepare } in, exact numbers out, or a loud error', () => {
    it('near 2^53: every position reaches the port exactly and goes back to the client exactly', async () => {
      // Relies on: Position = { commit: bigint; prepare: bigint } (dist/types/index.d.ts l.23-29),
      // parsed from the wire's decimal strings by BigInt (dist/utils/convertGrpcEvent.js l.36-46),
      // and sent back as decimal strings (dist/streams/readAll.js l.27-28): both exact.
      const { server, store } = setup({ firstPosition: MAX_SAFE - BigInt(2000) });
      await store.append('a', numbered(2), { expectedRevision: 'no-stream' });
      await store.append('b', numbered(1), { expectedRevision: 'no-stream' });
      server.inject([{ streamId: 'c', type: 'Last.v1', position: { commit: MAX_SAFE, prepare: MAX_SAFE } }]);

      const all = await store.readAll();
      expect(all.map((e) => BigInt(e.position))).toEqual(userRecords(server).map((r) => r.prepare));
      expect(all[all.length - 1].position).toBe(Number.MAX_SAFE_INTEGER);
      expect(await store.headPosition()).toBe(Number.MAX_SAFE_INTEGER);

      const reads = server.callsOf('readAll').length;
      const after = await store.readAll({ afterPosition: all[1].position });
      expect(after).toEqual(all.slice(2));
      expect(server.callsOf('readAll')[reads].options.fromPosition).toEqual({
        commit: BigInt(all[1].position),
        prepare: BigInt(all[1].position),
      });
    });

    it('beyond 2^53 - 1: refused loudly with the exact value (never Number() rounding it)', async () => {
      // Relies on: the same bigint positions; 2^53 + 1 is what Number() would silently turn into 2^53.
      expect(Number(TWO_53 + BigInt(1))).toBe(Number(TWO_53));
      expect(() => portNumber(TWO_53 + BigInt(1), 'position')).toThrow(RangeError);
      expect(portNumber(MAX_SAFE, 'position')).toBe(Number.MAX_SAFE_INTEGER);

      const { server, store } = setup({ firstPosition: TWO_53 + BigInt(1) });
      // The append is committed, but its position cannot be answered: it fails loudly.
      const append = await rejection(store.append('a', numbered(1), { expectedRevision: 'no-stream' }));
      expect(append).toBeInstanceOf(RangeError);
      expect(String(append)).toContain('9007199254740993');
      expect(server.stream('a')[0].prepare).toBe(TWO_53 + BigInt(1));

      for (const read of [store.readAll(), store.headPosition(), store.readStream('a')]) {
        const error = await rejection(read);
        expect(error).toBeInstanceOf(RangeError);
        expect(String(error)).toMatch(/9007199254740993.*outside the port's exact integers/);
      }
      const iterator = store.subscribeToAll()[Symbol.asyncIterator]();
      expect(await rejection(iterator.next())).toBeInstanceOf(RangeError);
    });

    it('an event of a legacy explicit transaction (commit != prepare) is refused loudly', async () => {
      // Relies on: Position carrying both commit and prepare, read from the record
      // (dist/types/index.d.ts l.23-29, dist/utils/convertGrpcEvent.js l.36-46).
      const { server, store } = setup();
      await store.append('a', numbered(1), { expectedRevision: 'no-stream' });
      const at = server.nextPosition;
      server.inject([{ streamId: 'b', type: 'Legacy.v1', position: { commit: at + BigInt(500), prepare: at } }]);

      await expect(store.readAll()).rejects.toThrow(/explicit transaction \(commit != prepare position\)/);
      await expect(store.headPosition()).rejects.toThrow(/explicit transaction/);
      expect(await store.readAll({ maxCount: 1 })).toHaveLength(1); // the events before it still read
    });
  });

  describe('idempotency by command id', () => {
    it('the events of a command get the same deterministic ids; a repeat answers the pointer, duplicate: true', async () => {
      // Relies on: EventData.id being sent as the event's id (dist/types/events.d.ts l.23-29,
      // batchAppend.js l.107-110) and read back as RecordedEvent.id (events.d.ts l.51-54), and on
      // NO_STREAM appends failing with WrongExpectedVersionError when the stream exists (the pointer).
      const { server, store, other } = setup();
      const first = await store.append('member-1', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-1' });

      const ids = [commandEventId('cmd-1', 0), commandEventId('cmd-1', 1)];
      expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(commandEventId('cmd-1', 0)).toBe(ids[0]); // deterministic, in any process
      expect(server.callsOf('appendToStream')[0]).toMatchObject({ stream: 'member-1', ids });
      expect(server.stream('member-1').map((r) => r.id)).toEqual(ids);
      const [pointer] = server.stream('opc-command-cmd-1');
      expect(pointer.type).toBe('opc.CommandRecorded');
      expect(JSON.parse(Buffer.from(pointer.data).toString('utf8'))).toEqual({ ...first, duplicate: undefined });
      expect(server.callsOf('appendToStream')[1]).toMatchObject({ stream: 'opc-command-cmd-1', expectedRevision: NO_STREAM });

      const appends = server.callsOf('appendToStream').length;
      const again = await store.append('member-1', numbered(3), { expectedRevision: 'no-stream', commandId: 'cmd-1' });
      const elsewhere = await other().append('member-1', numbered(1), { expectedRevision: 7, commandId: 'cmd-1' });
      expect(again).toEqual({ ...first, duplicate: true });
      expect(elsewhere).toEqual({ ...first, duplicate: true });
      expect(server.callsOf('appendToStream')).toHaveLength(appends); // nothing sent again
      expect(server.stream('member-1')).toHaveLength(2);
    });

    it('orphan repair: events stored but the pointer write failed; the retry writes the pointer and answers duplicate: true', async () => {
      // Relies on: a failed call rejecting with the client's UnavailableError (status 14 converted by
      // dist/utils/CommandError.js l.370-371), and on backward reads of a stream returning the latest
      // events first with their ids (dist/streams/readStream.d.ts l.22-26, FORWARDS/BACKWARDS).
      const { server, store, waits } = setup();
      server.fail({ op: 'appendToStream', stream: /^opc-command-/, code: status.UNAVAILABLE });

      const failed = await rejection(
        store.append('member-1', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-2' }),
      );
      expect(failed).toBeInstanceOf(UnavailableError);
      expect(server.stream('member-1')).toHaveLength(2); // the events made it
      expect(await store.findCommand('cmd-2')).toBeNull(); // the pointer did not

      // The pipeline re-reads and re-decides: other events, a stale expected revision, same command.
      const retry = await store.append('member-1', numbered(1), { expectedRevision: 'no-stream', commandId: 'cmd-2' });
      const stored = await store.readStream('member-1');
      expect(retry).toEqual({
        streamId: 'member-1',
        firstRevision: 0,
        nextExpectedRevision: 1,
        position: stored[1].position,
        duplicate: true,
      });
      expect(stored).toHaveLength(2);
      expect(await store.findCommand('cmd-2')).toEqual({ ...retry, duplicate: false });
      expect(waits).toEqual([]); // the failed append was not retried by the adapter
    });

    it('twins of one command in two processes: the server acknowledges the repeated ids once, one pointer wins', async () => {
      // Relies on: the server's idempotency for repeated event ids at the same expected revision
      // (dist/types/index.d.ts l.33-39: assured for every expected revision except ANY); the double
      // acknowledges such a repeat without writing. The loser's pointer write gets
      // WrongExpectedVersionError (NO_STREAM on an existing stream).
      const { server, store, other } = setup();
      const twin = other();
      const results = await Promise.all([
        store.append('member-1', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-3' }),
        twin.append('member-1', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-3' }),
      ]);

      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect({ ...results[0], duplicate: false }).toEqual({ ...results[1], duplicate: false });
      expect(server.stream('member-1')).toHaveLength(2);
      expect(server.stream('opc-command-cmd-3')).toHaveLength(1);
    });
  });

  describe('visible events: system events and command pointers are skipped', () => {
    it('readAll, headPosition (paging back past 300 system records) and subscribeToAll see only this store’s events', async () => {
      // Relies on: $all reads returning every record, system ones included, each with its stream
      // and type (dist/streams/readAll.d.ts l.28-36, dist/types/events.d.ts l.46-84), backwards from
      // END or a position (readAll.d.ts l.10-26); and on the live subscription's filter being applied
      // by the server: excludeSystemEvents() = eventTypeFilter({ regex: '^[^$].*' }) (dist/utils/filter.js l.27).
      const { server, store } = setup();
      server.inject([
        { streamId: '$$member-1', type: '$metadata' },
        { streamId: 'member-9', type: '$streamDeleted' },
      ]);
      await store.append('member-1', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-v' });
      server.inject([
        { streamId: '$ce-member', type: '$>' },
        ...Array.from({ length: 300 }, () => ({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' })),
      ]);

      const all = await store.readAll();
      expect(all.map((e) => [e.streamId, e.revision])).toEqual([
        ['member-1', 0],
        ['member-1', 1],
      ]);
      const backwards = server.callsOf('readAll').length;
      expect(await store.headPosition()).toBe(all[1].position);
      const pages = server.callsOf('readAll').slice(backwards);
      expect(pages.map((c) => c.options.fromPosition === END)).toEqual([true, false]);
      const firstPage = server.log.slice().reverse().slice(0, 256);
      expect(pages[1].options.fromPosition).toEqual({ commit: firstPage[255].commit, prepare: firstPage[255].prepare });

      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toEqual(all);
      expect(server.subscriptions[0].options.filter).toMatchObject({ filterOn: EVENT_TYPE, regex: '^[^$].*' });
      const next = watched(iterator.next());
      await store.append('member-2', numbered(1), { expectedRevision: 'no-stream', commandId: 'cmd-w' });
      server.inject([{ streamId: '$ce-member', type: '$>' }]);
      const batch = (await next.promise).value as RecordedEvent[];
      expect(batch.map((e) => [e.streamId, e.revision])).toEqual([['member-2', 0]]);
      // The pointer of cmd-w reached the subscription as a signal, but no reader delivered it.
      const later = watched(iterator.next());
      await flush();
      expect(later.settled()).toBe(false);
      await subscription.close();
      expect(await later.promise).toEqual({ done: true, value: undefined });
    });

    it('a namespace (streamPrefix) sees only its own streams, and subscribes with a stream-name prefix filter', async () => {
      // Relies on: streamNameFilter({ prefixes }) (dist/utils/filter.js l.25, dist/types/index.d.ts l.220-226).
      const { store, other, server } = setup({ streamPrefix: 'ns1-' });
      const neighbour = other('ns2-');
      await store.append('a', numbered(1), { expectedRevision: 'no-stream', commandId: 'cmd-n' });
      await neighbour.append('a', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-n' });

      expect((await store.readAll()).map((e) => e.streamId)).toEqual(['a']);
      expect((await neighbour.readAll()).map((e) => e.streamId)).toEqual(['a', 'a']);
      expect(server.stream('ns1-a')).toHaveLength(1);
      expect(server.stream('opc-command-ns2-cmd-n')).toHaveLength(1);
      const [ours] = await store.readAll();
      expect(await store.headPosition()).toBe(ours.position);

      const iterator = store.subscribeToAll()[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toHaveLength(1);
      expect(server.subscriptions[0].options.filter).toMatchObject({ filterOn: STREAM_NAME, prefixes: ['ns1-'] });
    });
  });

  describe('subscriptions: a dropped server subscription is resumed, with backoff, from the last delivered position', () => {
    it('the client reports a drop as an error of the subscription, and a silent end as its end', async () => {
      // Relies on: the client's Subscription (a Transform stream) emitting the converted gRPC error
      // (dist/streams/utils/Subscription.js l.26-31: 'error', so its async iterator throws) and
      // ending when the server's call ends (piped, l.32: 'end', so its async iterator completes).
      const server = new FakeEventStoreDbServer();
      const client = server.client();
      const dropped = client.subscribeToAll({ fromPosition: END });
      await until(() => server.subscriptions.length === 1, 'confirmed');
      server.subscriptions[0].drop(status.UNAVAILABLE);
      const error = await rejection((async () => dropped[Symbol.asyncIterator]().next())());
      expect(error).toBeInstanceOf(UnavailableError);

      const ended = client.subscribeToAll({ fromPosition: END });
      await until(() => server.subscriptions.length === 2, 'confirmed');
      server.subscriptions[1].end();
      expect(await ended[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
      await client.dispose();
    });

    for (const [how, drop] of [
      ['errors (UNAVAILABLE)', (s: { drop: () => void }) => s.drop()],
      ['ends without a word', (s: { end: () => void }) => s.end()],
    ] as const) {
      it(`when it ${how}: resubscribes after the backoff, then delivers what was committed meanwhile, once`, async () => {
        // Relies on: the 'error' / 'end' of the client's Subscription (previous test); 'confirmation'
        // emitted when the server confirms (Subscription.js l.44-47); START/END and Position as read
        // positions (dist/types/index.d.ts l.31).
        const { server, store, waits, release, other } = setup({ gated: true });
        await store.append('a', numbered(2), { expectedRevision: 'no-stream' });
        const subscription = store.subscribeToAll({ batchSize: 2 });
        const iterator = subscription[Symbol.asyncIterator]();
        const delivered: RecordedEvent[] = [...((await iterator.next()).value as RecordedEvent[])];
        expect(delivered).toHaveLength(2);
        const checkpoint = delivered[1].position;

        const pending = watched(iterator.next());
        await flush(); // the reader has read after its checkpoint, found nothing, and waits for a commit
        drop(server.subscriptions[0] as never);
        // Another process commits while this store's signal is down.
        await other().append('b', numbered(3), { expectedRevision: 'no-stream' });
        await flush();
        expect(waits).toEqual([100]);
        expect(server.callsOf('subscribeToAll')).toHaveLength(1); // still waiting out the backoff
        expect(pending.settled()).toBe(false);

        const reads = server.callsOf('readAll').length;
        release();
        delivered.push(...((await pending.promise).value as RecordedEvent[]));
        delivered.push(...((await iterator.next()).value as RecordedEvent[]));

        const resubscribed = server.callsOf('subscribeToAll');
        expect(resubscribed).toHaveLength(2);
        expect(resubscribed[1].options.fromPosition).toBe(END);
        // The re-read starts at the last delivered position (exclusive), the stored checkpoint.
        expect(server.callsOf('readAll')[reads].options.fromPosition).toEqual({
          commit: BigInt(checkpoint),
          prepare: BigInt(checkpoint),
        });
        // None twice, none missed.
        expect(delivered.map((e) => [e.streamId, e.revision])).toEqual([
          ['a', 0],
          ['a', 1],
          ['b', 0],
          ['b', 1],
          ['b', 2],
        ]);
        expect(delivered).toEqual(await store.readAll());
      });
    }

    it('backoff schedule: 100 ms doubling to 5 s while the server refuses, back to 100 ms once one is confirmed', async () => {
      // Relies on: a refused subscription (server down) reaching the client's Subscription as an
      // 'error' (dist/streams/utils/Subscription.js l.23-36: the call's error, converted).
      const { server, store, waits } = setup();
      server.fail({ op: 'subscribeToAll', code: status.UNAVAILABLE, times: 7 });
      await store.append('a', numbered(1), { expectedRevision: 'no-stream' });

      const iterator = store.subscribeToAll()[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toHaveLength(1);
      await until(() => server.subscriptions.length === 1, 'the eighth subscription confirmed');
      expect(waits).toEqual([100, 200, 400, 800, 1600, 3200, 5000]);
      expect(server.callsOf('subscribeToAll')).toHaveLength(8);

      server.subscriptions[0].drop();
      await until(() => server.subscriptions.length === 2, 'resubscribed');
      expect(waits.slice(7)).toEqual([100]);
    });

    it('closing the store during the backoff ends the subscription and resubscribes no more', async () => {
      const { server, store, waits } = setup({ gated: true });
      const iterator = store.subscribeToAll()[Symbol.asyncIterator]();
      const pending = watched(iterator.next());
      await until(() => server.subscriptions.length === 1, 'confirmed');
      server.subscriptions[0].drop();
      await until(() => waits.length === 1, 'backoff');

      await store.close();
      expect(await pending.promise).toEqual({ done: true, value: undefined });
      await flush();
      expect(server.callsOf('subscribeToAll')).toHaveLength(1);
    });
  });

  describe('outages: DEADLINE_EXCEEDED / UNAVAILABLE', () => {
    it('a read is retried with backoff (100, 200 ms) and answers once the server is back', async () => {
      // Relies on: a failed read call reaching the for-await as the client's UnavailableError
      // (ReadStream.js l.26-31 converting with CommandError.js l.370-371), `type` ErrorType.UNAVAILABLE.
      const { server, store, waits } = setup();
      await store.append('a', numbered(3), { expectedRevision: 'no-stream' });
      server.fail({ op: 'readStream', stream: 'a', code: status.UNAVAILABLE });
      const raw = await rejection(
        (async () => {
          for await (const _ of server.client().readStream('a')) void _;
        })(),
      );
      expect(raw).toBeInstanceOf(UnavailableError);
      expect(raw).toMatchObject({ type: ErrorType.UNAVAILABLE, code: status.UNAVAILABLE });

      server.fail({ op: 'readStream', stream: 'a', code: status.UNAVAILABLE, times: 2 });
      const reads = server.callsOf('readStream').length;
      expect((await store.readStream('a')).map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(waits).toEqual([100, 200]);
      expect(server.callsOf('readStream').length - reads).toBe(3);
    });

    it('a read still failing after 4 attempts surfaces the client’s error as it is (waits 100, 200, 400 ms)', async () => {
      // Relies on: DEADLINE_EXCEEDED (status 4) converted to DeadlineExceededError (CommandError.js
      // l.368-369, l.51-56). Reads carry no client deadline (readAll.js l.58-60: deadline Infinity), so
      // this one comes from the server or a proxy; it is handled like UNAVAILABLE.
      const { server, store, waits } = setup();
      await store.append('a', numbered(1), { expectedRevision: 'no-stream' });
      server.fail({ op: 'readAll', code: status.DEADLINE_EXCEEDED, times: 4 });
      const reads = server.callsOf('readAll').length;

      const error = await rejection(store.readAll());
      expect(error).toBeInstanceOf(DeadlineExceededError);
      expect(error).toMatchObject({ type: ErrorType.DEADLINE_EXCEEDED });
      expect(waits).toEqual([100, 200, 400]);
      expect(server.callsOf('readAll').length - reads).toBe(4);
      expect(await store.readAll()).toHaveLength(1); // the next call, server back
    });

    it('a read failing midway is read again whole: no event twice', async () => {
      const { server, store, waits } = setup();
      await store.append('a', numbered(3), { expectedRevision: 'no-stream' });
      server.fail({ op: 'readAll', code: status.UNAVAILABLE, afterEvents: 2 });
      expect((await store.readAll()).map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(waits).toEqual([100]);
    });

    it('a read cut short by close fails, instead of answering the events it had gathered', async () => {
      // Relies on: dispose() cancelling the calls in flight (dist/Client/index.js l.160-178) and a
      // cancelled call ending its stream, its CANCELLED "Cancelled on client" being ignored
      // (grpc-js client.js onReceiveStatus: push(null), then the error; dist/utils/isClientCancellationError.js).
      const { server, store } = setup();
      await store.append('a', numbered(3), { expectedRevision: 'no-stream' });
      server.fail({ op: 'readAll', afterEvents: 1, stall: true });
      const read = rejection(store.readAll());
      await flush();
      await store.close();
      expect(String(await read)).toMatch(/closed: a read was cut short/);
    });

    it('a read error that is not an outage surfaces at once', async () => {
      // Relies on: UNAUTHENTICATED (status 16) converted to AccessDeniedError (CommandError.js l.372-373).
      const { server, store, waits } = setup();
      server.fail({ op: 'readStream', stream: 'a', code: status.UNAUTHENTICATED });
      expect(await rejection(store.readStream('a'))).toBeInstanceOf(AccessDeniedError);
      expect(waits).toEqual([]);
    });

    it('an append is never resent: UNAVAILABLE, or DEADLINE_EXCEEDED after the commit, surfaces as the client raised it', async () => {
      // Relies on: appends failing with the converted gRPC status (append.js l.39-41, batchAppend.js
      // l.55-58) after a client deadline (defaultDeadline 10 s, dist/Client/index.js l.116; batch
      // appends send it to the server, batchAppend.js l.66, which may answer Timeout ->
      // DeadlineExceededError, unpackError.js l.32-36). The write may have been committed then.
      const { server, store, waits } = setup();
      server.fail({ op: 'appendToStream', stream: 'a', code: status.UNAVAILABLE });
      expect(await rejection(store.append('a', numbered(1), { expectedRevision: 'any' }))).toBeInstanceOf(UnavailableError);
      expect(server.stream('a')).toHaveLength(0);

      server.fail({ op: 'appendToStream', stream: 'a', code: status.DEADLINE_EXCEEDED, commit: true });
      const appends = server.callsOf('appendToStream').length;
      expect(await rejection(store.append('a', numbered(2), { expectedRevision: 'any' }))).toBeInstanceOf(DeadlineExceededError);
      expect(server.callsOf('appendToStream').length - appends).toBe(1); // not resent
      expect(server.stream('a')).toHaveLength(2); // committed once: a blind resend would have stored 4
      expect(waits).toEqual([]);
    });

    it('with a command id, the caller’s retry after a deadline answers the committed write as a duplicate', async () => {
      // Relies on: the same DeadlineExceededError after the commit; then the orphan scan (backward
      // read of the stream, RecordedEvent.id) finding the command's deterministic event ids.
      const { server, store } = setup();
      server.fail({ op: 'appendToStream', stream: 'a', code: status.DEADLINE_EXCEEDED, commit: true });
      await expect(store.append('a', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-d' })).rejects.toBeInstanceOf(
        DeadlineExceededError,
      );

      const retry = await store.append('a', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-d' });
      const stored = await store.readStream('a');
      expect(retry).toEqual({
        streamId: 'a',
        firstRevision: 0,
        nextExpectedRevision: 1,
        position: stored[1].position,
        duplicate: true,
      });
      expect(stored).toHaveLength(2);
    });

    it('a subscription’s reads retry past 4 attempts, until the server is back (projections outlive outages)', async () => {
      const { server, store, waits } = setup();
      await store.append('a', numbered(2), { expectedRevision: 'no-stream' });
      server.fail({ op: 'readAll', code: status.UNAVAILABLE, times: 7 });
      const iterator = store.subscribeToAll()[Symbol.asyncIterator]();
      expect(((await iterator.next()).value as RecordedEvent[]).map((e) => e.revision)).toEqual([0, 1]);
      expect(waits).toEqual([100, 200, 400, 800, 1600, 3200, 5000]);
    });
  });
});

// The port's contract suite, against the adapter over the double's in-memory "server" (with the
// `$ce-` link records a server's system projections write). It checks the adapter's logic under
// the double's assumptions about the server; the same suite runs against a real server only
// when EVENTSTORE_URL is set (event-store.contract.int.spec.ts).
eventStoreContract(
  'EventStoreDB adapter over the scripted double of the client (no server)',
  async () => {
    const server = new FakeEventStoreDbServer({ systemNoise: true });
    const stores: EventStore[] = [];
    const open = async (): Promise<EventStore> => {
      const store = new EventStoreDbEventStore(server.client());
      stores.push(store);
      return store;
    };
    return {
      store: await open(),
      reopen: open,
      cleanup: async () => {
        for (const store of stores) await store.close();
      },
    };
  },
  { durable: true, contiguousPositions: false },
);
