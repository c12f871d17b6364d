import type { EventMetadata, NewEvent, RecordedEvent } from '@opc/kernel';
import { type AllSubscription, type EventStore, WrongExpectedRevisionError } from '@opc/eventstore';

/** What a contract run needs from an adapter under test. */
export interface EventStoreFixture {
  store: EventStore;
  /** Durable adapters: open the same storage again (the test closes `store` first). */
  reopen?: () => Promise<EventStore>;
  /** Closes whatever is still open and removes the storage. */
  cleanup: () => Promise<void>;
}

export interface EventStoreContractOptions {
  /** Runs the durability-across-reopen tests; the fixture must then provide `reopen`. */
  durable?: boolean;
  /**
   * Default true: positions are 1, 2, 3… without gaps, and the tests check the exact numbers.
   * False for a store whose positions are only strictly increasing (EventStoreDB log positions):
   * the tests then check order, uniqueness and consistency (an append's position is the one its
   * last event is read back with; the head is the last event's) instead of the numbers.
   */
  contiguousPositions?: boolean;
}

let sequence = 0;

/** A realistic envelope; ids are unique per call so every event is distinguishable. */
export function metadataFor(commandId: string, overrides: Partial<EventMetadata> = {}): EventMetadata {
  sequence++;
  return {
    eventId: `evt-${sequence}`,
    commandId,
    correlationId: `corr-${commandId}`,
    causationId: `cause-${commandId}`,
    actor: { id: 'user-42', role: 'admin' },
    occurredAt: '2024-03-01T08:00:00.000Z',
    recordedAt: '2024-03-01T08:00:01.250Z',
    ruleSet: { id: 'membership', version: 3 },
    ...overrides,
  };
}

export function newEvent(type: string, data: unknown): NewEvent {
  return { type, data, metadata: metadataFor('cmd-test') };
}

function numbered(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent('Numbered.v1', { n }));
}

/** Strips what the store assigns, to compare stored events with what was appended. */
function asAppended(events: RecordedEvent[]): NewEvent[] {
  return events.map(({ type, data, metadata }) => ({ type, data, metadata }));
}

async function conflictOf(promise: Promise<unknown>): Promise<WrongExpectedRevisionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  return error as WrongExpectedRevisionError;
}

/** Fails the test instead of hanging when `promise` does not settle within `ms`. */
async function within<T>(promise: Promise<T>, what: string, ms = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function nextBatch(iterator: AsyncIterator<RecordedEvent[]>): Promise<IteratorResult<RecordedEvent[]>> {
  return within(iterator.next(), 'subscription batch');
}

export function eventStoreContract(
  name: string,
  factory: () => Promise<EventStoreFixture>,
  options: EventStoreContractOptions = {},
): void {
  const contiguous = options.contiguousPositions ?? true;

  describe(`ARCH event store contract: ${name}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;

    /**
     * Positions are exactly `gapFree` (what a store with positions 1, 2, 3… must answer) when the
     * store promises that; otherwise as many, strictly increasing, safe integers.
     */
    function expectPositions(actual: number[], gapFree: number[]): void {
      if (contiguous) {
        expect(actual).toEqual(gapFree);
        return;
      }
      expect(actual).toHaveLength(gapFree.length);
      actual.forEach((position, i) => {
        expect(Number.isSafeInteger(position)).toBe(true);
        expect(position).toBeGreaterThan(i === 0 ? 0 : actual[i - 1]);
      });
    }

    /** The head is `count` when positions are gap-free; else the position of the last of the `count` events stored. */
    async function expectHead(count: number): Promise<void> {
      if (contiguous) {
        expect(await store.headPosition()).toBe(count);
        return;
      }
      const all = await store.readAll();
      expect(all).toHaveLength(count);
      expect(await store.headPosition()).toBe(count === 0 ? 0 : all[count - 1].position);
    }

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('expected revision', () => {
      it("appends to a new stream with 'no-stream', revisions from 0", async () => {
        const events = numbered(3);
        const result = await store.append('member-1', events, { expectedRevision: 'no-stream' });

        const stored = await store.readStream('member-1');
        expect(result).toEqual({
          streamId: 'member-1',
          firstRevision: 0,
          nextExpectedRevision: 2,
          position: stored[2].position,
          duplicate: false,
        });
        expect(stored.map((e) => e.revision)).toEqual([0, 1, 2]);
        expectPositions(
          stored.map((e) => e.position),
          [1, 2, 3],
        );
        expect(stored.every((e) => e.streamId === 'member-1')).toBe(true);
        expect(asAppended(stored)).toEqual(events);
      });

      it("refuses 'no-stream' when the stream exists, appending nothing", async () => {
        await store.append('member-1', numbered(2), { expectedRevision: 'no-stream' });

        const error = await conflictOf(store.append('member-1', numbered(1), { expectedRevision: 'no-stream' }));

        expect(error).toMatchObject({ streamId: 'member-1', expected: 'no-stream', actual: 1 });
        expect(await store.readStream('member-1')).toHaveLength(2);
        await expectHead(2);
      });

      it('refuses a stale exact revision and one ahead of the stream, with the actual revision', async () => {
        await store.append('member-1', numbered(2), { expectedRevision: 'no-stream' });

        const stale = await conflictOf(store.append('member-1', numbered(1), { expectedRevision: 0 }));
        const ahead = await conflictOf(store.append('member-1', numbered(1), { expectedRevision: 5 }));
        const missing = await conflictOf(store.append('member-2', numbered(1), { expectedRevision: 0 }));

        expect(stale).toMatchObject({ streamId: 'member-1', expected: 0, actual: 1 });
        expect(ahead).toMatchObject({ streamId: 'member-1', expected: 5, actual: 1 });
        expect(missing).toMatchObject({ streamId: 'member-2', expected: 0, actual: -1 });
        await expectHead(2);
      });

      it('appends at the exact revision of the last event', async () => {
        await store.append('member-1', numbered(2), { expectedRevision: 'no-stream' });

        const result = await store.append('member-1', numbered(2), { expectedRevision: 1 });

        const stored = await store.readStream('member-1');
        expect(result).toMatchObject({ firstRevision: 2, nextExpectedRevision: 3, position: stored[3].position });
        expect(stored.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        expectPositions(
          stored.map((e) => e.position),
          [1, 2, 3, 4],
        );
      });

      it("'any' appends to a new and to an existing stream", async () => {
        const first = await store.append('member-1', numbered(1), { expectedRevision: 'any' });
        const second = await store.append('member-1', numbered(2), { expectedRevision: 'any' });

        expect(first).toMatchObject({ firstRevision: 0, nextExpectedRevision: 0 });
        expect(second).toMatchObject({ firstRevision: 1, nextExpectedRevision: 2 });
      });

      it('keeps revisions contiguous over many appends', async () => {
        let expected: number | 'no-stream' = 'no-stream';
        for (const size of [1, 3, 2, 5]) {
          const result = await store.append('member-1', numbered(size), { expectedRevision: expected });
          expected = result.nextExpectedRevision;
        }

        const revisions = (await store.readStream('member-1')).map((e) => e.revision);
        expect(revisions).toEqual(Array.from({ length: 11 }, (_, i) => i));
        expect(expected).toBe(10);
      });

      it('refuses an empty event list, appending nothing', async () => {
        await expect(store.append('member-1', [], { expectedRevision: 'any' })).rejects.toThrow();

        expect(await store.readStream('member-1')).toEqual([]);
        await expectHead(0);
      });

      it('refuses an event JSON cannot carry, appending none of its events and failing no other append', async () => {
        const settled = await Promise.allSettled([
          store.append('member-1', [newEvent('Good.v1', {}), newEvent('Bad.v1', undefined)], { expectedRevision: 'any' }),
          store.append('member-2', [newEvent('Good.v1', { big: 1n })], { expectedRevision: 'any' }),
          store.append('member-3', numbered(1), { expectedRevision: 'any' }),
        ]);

        expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
        expect((await store.readAll()).map((e) => e.streamId)).toEqual(['member-3']);
      });
    });

    describe('global positions', () => {
      it(`increase ${contiguous ? 'without gaps' : '(gaps allowed)'} across streams, ending at the head position`, async () => {
        const heads = new Map<string, number>();
        for (let round = 0; round < 4; round++) {
          for (const stream of ['a', 'b', 'c']) {
            const result = await store.append(stream, numbered(round + 1), {
              expectedRevision: heads.get(stream) ?? 'no-stream',
            });
            heads.set(stream, result.nextExpectedRevision);
          }
        }

        const all = await store.readAll();
        expectPositions(
          all.map((e) => e.position),
          Array.from({ length: 30 }, (_, i) => i + 1),
        );
        await expectHead(30);
        for (const stream of ['a', 'b', 'c']) {
          const revisions = all.filter((e) => e.streamId === stream).map((e) => e.revision);
          expect(revisions).toEqual(Array.from({ length: 10 }, (_, i) => i));
        }
      });

      it('start at 0 for an empty store', async () => {
        expect(await store.headPosition()).toBe(0);
        expect(await store.readAll()).toEqual([]);
      });
    });

    describe('readStream', () => {
      beforeEach(async () => {
        await store.append('other', numbered(2), { expectedRevision: 'no-stream' });
        await store.append('member-1', numbered(6), { expectedRevision: 'no-stream' });
      });

      const revisionsOf = (events: RecordedEvent[]): number[] => events.map((e) => e.revision);

      it('reads forward by default, only the requested stream', async () => {
        const events = await store.readStream('member-1');
        expect(revisionsOf(events)).toEqual([0, 1, 2, 3, 4, 5]);
        const others = (await store.readStream('other')).map((e) => e.position);
        expectPositions([...others, ...events.map((e) => e.position)], [1, 2, 3, 4, 5, 6, 7, 8]);
      });

      it('reads forward from a revision (inclusive) with maxCount', async () => {
        expect(revisionsOf(await store.readStream('member-1', { fromRevision: 2 }))).toEqual([2, 3, 4, 5]);
        expect(revisionsOf(await store.readStream('member-1', { fromRevision: 2, maxCount: 3 }))).toEqual([2, 3, 4]);
        expect(revisionsOf(await store.readStream('member-1', { maxCount: 1 }))).toEqual([0]);
        expect(await store.readStream('member-1', { fromRevision: 6 })).toEqual([]);
      });

      it('reads backward from the end or from a revision (inclusive) with maxCount', async () => {
        expect(revisionsOf(await store.readStream('member-1', { direction: 'backward' }))).toEqual([5, 4, 3, 2, 1, 0]);
        expect(revisionsOf(await store.readStream('member-1', { direction: 'backward', fromRevision: 3 }))).toEqual([3, 2, 1, 0]);
        expect(revisionsOf(await store.readStream('member-1', { direction: 'backward', fromRevision: 3, maxCount: 2 }))).toEqual([
          3, 2,
        ]);
        expect(revisionsOf(await store.readStream('member-1', { direction: 'backward', maxCount: 1 }))).toEqual([5]);
      });

      it('reads an unknown stream as []', async () => {
        expect(await store.readStream('nobody')).toEqual([]);
        expect(await store.readStream('nobody', { direction: 'backward' })).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('reads after a position (exclusive) in position order, up to maxCount', async () => {
        await store.append('a', numbered(3), { expectedRevision: 'no-stream' });
        await store.append('b', numbered(2), { expectedRevision: 'no-stream' });
        await store.append('a', numbered(2), { expectedRevision: 2 });

        const all = await store.readAll();
        expect(all.map((e) => [e.streamId, e.revision])).toEqual([
          ['a', 0],
          ['a', 1],
          ['a', 2],
          ['b', 0],
          ['b', 1],
          ['a', 3],
          ['a', 4],
        ]);
        const positions = all.map((e) => e.position);
        expectPositions(positions, [1, 2, 3, 4, 5, 6, 7]);
        // With gap-free positions: after 3 -> [4, 5, 6, 7], after 3 max 2 -> [4, 5], max 1 -> [1], after 7 -> [].
        expect((await store.readAll({ afterPosition: positions[2] })).map((e) => e.position)).toEqual(positions.slice(3));
        expect((await store.readAll({ afterPosition: positions[2], maxCount: 2 })).map((e) => e.position)).toEqual(
          positions.slice(3, 5),
        );
        expect((await store.readAll({ maxCount: 1 })).map((e) => e.position)).toEqual([positions[0]]);
        expect(await store.readAll({ afterPosition: positions[6] })).toEqual([]);
      });
    });

    describe('subscribeToAll', () => {
      let subscription: AllSubscription | undefined;

      afterEach(async () => {
        await subscription?.close();
        subscription = undefined;
      });

      it('catches up in batches, then delivers later appends live, and ends on close', async () => {
        await store.append('a', numbered(5), { expectedRevision: 'no-stream' });
        const positions = (await store.readAll()).map((e) => e.position);
        expectPositions(positions, [1, 2, 3, 4, 5]);
        subscription = store.subscribeToAll({ afterPosition: positions[0], batchSize: 3 });
        const iterator = subscription[Symbol.asyncIterator]();

        const first = await nextBatch(iterator);
        const second = await nextBatch(iterator);
        // With gap-free positions: [2, 3, 4], then [5].
        expect(first.value.map((e: RecordedEvent) => e.position)).toEqual(positions.slice(1, 4));
        expect(second.value.map((e: RecordedEvent) => e.position)).toEqual([positions[4]]);

        // Caught up: the next batch waits for a commit.
        const live = nextBatch(iterator);
        const appended = numbered(2);
        await store.append('b', appended, { expectedRevision: 'no-stream' });
        const delivered = await live;
        expect(delivered.done).toBe(false);
        const b = (await store.readStream('b')).map((e) => e.position);
        expectPositions([...positions, ...b], [1, 2, 3, 4, 5, 6, 7]);
        // With gap-free positions: ['b', 6], ['b', 7].
        expect(delivered.value.map((e: RecordedEvent) => [e.streamId, e.position])).toEqual([
          ['b', b[0]],
          ['b', b[1]],
        ]);
        expect(asAppended(delivered.value)).toEqual(appended);

        const waiting = nextBatch(iterator);
        await subscription.close();
        expect(await waiting).toEqual({ done: true, value: undefined });
      });

      it('follows from the start by default, and close before iterating ends it at once', async () => {
        await store.append('a', numbered(2), { expectedRevision: 'no-stream' });
        const positions = (await store.readAll()).map((e) => e.position);
        expectPositions(positions, [1, 2]);
        subscription = store.subscribeToAll();
        const iterator = subscription[Symbol.asyncIterator]();
        expect((await nextBatch(iterator)).value.map((e: RecordedEvent) => e.position)).toEqual(positions);

        await subscription.close();
        expect(await nextBatch(iterator)).toEqual({ done: true, value: undefined });
      });

      it('delivers appends made with for-await running, in position order without loss', async () => {
        const followed = store.subscribeToAll({ batchSize: 4 });
        subscription = followed;
        const received: number[] = [];
        const consumer = (async () => {
          for await (const batch of followed) {
            received.push(...batch.map((e) => e.position));
            if (received.length >= 10) break;
          }
        })();
        for (let i = 0; i < 10; i++) {
          await store.append(`s-${i % 3}`, numbered(1), { expectedRevision: 'any' });
        }
        await within(consumer, 'live delivery of 10 events');
        const positions = (await store.readAll()).map((e) => e.position);
        expectPositions(
          positions,
          Array.from({ length: 10 }, (_, i) => i + 1),
        );
        expect(received).toEqual(positions);
      });
    });

    describe('idempotency by commandId', () => {
      it('a repeated command appends nothing and answers the first result, flagged duplicate', async () => {
        const first = await store.append('member-1', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-A' });
        // Same command retried, even with a now-stale expected revision and different events.
        const again = await store.append('member-1', numbered(3), { expectedRevision: 'no-stream', commandId: 'cmd-A' });

        expect(first.duplicate).toBe(false);
        expect(again).toEqual({ ...first, duplicate: true });
        expect(await store.readStream('member-1')).toHaveLength(2);
        await expectHead(2);
      });

      it('concurrent appends of one command append once', async () => {
        const results = await Promise.all(
          [0, 1, 2].map(() => store.append('member-1', numbered(1), { expectedRevision: 'any', commandId: 'cmd-B' })),
        );

        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        const original = results.find((r) => !r.duplicate);
        for (const result of results) expect({ ...result, duplicate: false }).toEqual(original);
        expect(await store.readStream('member-1')).toHaveLength(1);
        await expectHead(1);
      });

      it('findCommand answers the committed append of a command id, and null for one never committed', async () => {
        expect(await store.findCommand('cmd-D')).toBeNull();
        await store.append('member-2', numbered(1), { expectedRevision: 'no-stream' });
        const appended = await store.append('member-2', numbered(2), { expectedRevision: 0, commandId: 'cmd-D' });
        await conflictOf(store.append('member-2', numbered(1), { expectedRevision: 0, commandId: 'cmd-E' }));

        expect(await store.findCommand('cmd-D')).toEqual({ ...appended, duplicate: false });
        expect(await store.findCommand('cmd-D')).toMatchObject({
          streamId: 'member-2',
          firstRevision: 1,
          nextExpectedRevision: 2,
        });
        expect(await store.findCommand('cmd-E')).toBeNull();
      });

      it('a refused append does not record its command, so a corrected retry appends', async () => {
        await store.append('member-1', numbered(1), { expectedRevision: 'no-stream' });
        await conflictOf(store.append('member-1', numbered(1), { expectedRevision: 'no-stream', commandId: 'cmd-C' }));

        const retry = await store.append('member-1', numbered(1), { expectedRevision: 0, commandId: 'cmd-C' });

        expect(retry).toMatchObject({ duplicate: false, firstRevision: 1 });
        expect(await store.readStream('member-1')).toHaveLength(2);
      });
    });

    describe('concurrency', () => {
      it('concurrent appends to one stream at the same expected revision: exactly one wins', async () => {
        await store.append('member-1', numbered(1), { expectedRevision: 'no-stream' });
        const attempts = Array.from({ length: 5 }, (_, i) => [newEvent('Attempt.v1', { attempt: i })]);

        const settled = await Promise.allSettled(
          attempts.map((events) => store.append('member-1', events, { expectedRevision: 0 })),
        );

        const won = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        for (const s of settled) {
          if (s.status === 'rejected') {
            expect(s.reason).toBeInstanceOf(WrongExpectedRevisionError);
            expect(s.reason).toMatchObject({ expected: 0, actual: 1 });
          }
        }
        const stream = await store.readStream('member-1');
        expect(stream).toHaveLength(2);
        expect(asAppended(stream.slice(1))).toEqual(attempts[won[0]]);
      });

      it(`concurrent appends to different streams all succeed, with distinct ${contiguous ? 'gap-free' : 'increasing'} positions`, async () => {
        const streams = Array.from({ length: 20 }, (_, i) => `member-${i}`);

        const results = await Promise.all(streams.map((s) => store.append(s, numbered(2), { expectedRevision: 'no-stream' })));

        expect(results.map((r) => r.firstRevision)).toEqual(streams.map(() => 0));
        expectPositions(
          results.map((r) => r.position).sort((a, b) => a - b),
          Array.from({ length: 20 }, (_, i) => 2 * (i + 1)),
        );
        const all = await store.readAll();
        expectPositions(
          all.map((e) => e.position),
          Array.from({ length: 40 }, (_, i) => i + 1),
        );
        // Each append answers the position of its stream's last event.
        streams.forEach((stream, i) => {
          expect(results[i].position).toBe(all.filter((e) => e.streamId === stream)[1].position);
        });
      });

      it('one conflicting append among concurrent ones rejects only itself', async () => {
        await store.append('taken', numbered(1), { expectedRevision: 'no-stream' });

        const settled = await Promise.allSettled([
          store.append('x', numbered(1), { expectedRevision: 'no-stream' }),
          store.append('taken', numbered(1), { expectedRevision: 'no-stream' }),
          store.append('y', numbered(1), { expectedRevision: 'no-stream' }),
        ]);

        expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect((await store.readAll()).map((e) => e.streamId)).toEqual(['taken', 'x', 'y']);
      });
    });

    it('round-trips data and metadata exactly', async () => {
      const metadata = metadataFor('cmd-meta', {
        actor: { id: 'ünïcødé-☃-"quoted"\\', role: 'line\nbreak' },
        occurredAt: '2024-02-29T23:59:59.999+08:00',
        ruleSet: { id: 'evaluation', version: 12 },
      });
      const data = {
        text: '社区 \u0000 \t \u2028 emoji 🚀',
        nested: {
          list: [1, 2.5, -0.125, null, true, { deep: 'x' }],
          empty: {},
        },
        big: 2 ** 53 - 1,
      };

      await store.append('member-1', [{ type: 'Roundtrip.v1', data, metadata }], { expectedRevision: 'no-stream' });

      const [fromStream] = await store.readStream('member-1');
      const [fromAll] = await store.readAll();
      expect(fromStream.metadata).toStrictEqual(metadata);
      expect(fromStream.data).toStrictEqual(data);
      expect(fromAll).toStrictEqual(fromStream);
    });

    if (options.durable) {
      describe('durability across reopen', () => {
        async function reopened(): Promise<EventStore> {
          if (!fixture.reopen) throw new Error(`${name} is declared durable but its fixture has no reopen`);
          await store.close();
          store = await fixture.reopen();
          return store;
        }

        it('keeps every acknowledged event, stream revision and command, and continues from them', async () => {
          const a = await store.append('a', numbered(3), { expectedRevision: 'no-stream', commandId: 'cmd-a' });
          await Promise.all([
            store.append('b', numbered(2), { expectedRevision: 'no-stream', commandId: 'cmd-b' }),
            store.append('c', numbered(1), { expectedRevision: 'no-stream' }),
          ]);
          const before = await store.readAll();

          const again = await reopened();

          expect(await again.readAll()).toEqual(before);
          await expectHead(6);
          // Stream heads come back: stale and 'no-stream' expectations are refused with the right actual.
          expect(await conflictOf(again.append('a', numbered(1), { expectedRevision: 'no-stream' }))).toMatchObject({
            actual: 2,
          });
          expect(await conflictOf(again.append('b', numbered(1), { expectedRevision: 0 }))).toMatchObject({ actual: 1 });
          // Commands come back: the retried command is a duplicate with its original result.
          expect(await again.findCommand('cmd-a')).toEqual({ ...a, duplicate: false });
          expect(await again.append('a', numbered(1), { expectedRevision: 2, commandId: 'cmd-a' })).toEqual({
            ...a,
            duplicate: true,
          });
          // Appending continues at the right revision and position (7, then 8 when gap-free).
          const next = await again.append('a', numbered(1), { expectedRevision: 2 });
          expect(next).toMatchObject({ firstRevision: 3, duplicate: false });
          const last = await again.append('d', numbered(1), { expectedRevision: 'no-stream' });
          expect(last).toMatchObject({ firstRevision: 0 });
          expectPositions([...before.map((e) => e.position), next.position, last.position], [1, 2, 3, 4, 5, 6, 7, 8]);
        });

        it('commits appends still queued when closed', async () => {
          const pending = store.append('a', numbered(2), { expectedRevision: 'no-stream' });
          await store.close();
          const result = await within(pending, 'append queued before close');

          const again = await reopened();
          const stored = await again.readStream('a');
          expect(stored).toHaveLength(2);
          expect(result.position).toBe(stored[1].position);
          expectPositions(
            stored.map((e) => e.position),
            [1, 2],
          );
        });
      });
    }

    it('close ends open subscriptions', async () => {
      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      const waiting = nextBatch(iterator);

      await store.close();

      expect(await waiting).toEqual({ done: true, value: undefined });
    });
  });
}
