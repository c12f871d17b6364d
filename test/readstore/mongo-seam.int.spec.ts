import { InMemoryEventStore } from '@opc/eventstore';
import { ProjectionWorker } from '@opc/platform';
import { MongoReadStore, PreconditionFailed, type Doc, type MongoReadStoreOptions, type WriteOp } from '@opc/readstore';
import { type Document, MongoBulkWriteError, MongoError } from 'mongodb';
import { readStoreContract } from './read-store.contract';
import { type Call, emptyBulkWriteResult, serverError, ServerDouble } from './mongo-driver-double';
import { balances, deposits, event, until } from '../support/projection.fixtures';

/**
 * MongoReadStore at its seam with the driver: every test runs the adapter against ServerDouble, a
 * scripted double answering with driver 7.9's own classes and shapes (see mongo-driver-double.ts
 * for the source of each). These tests prove what the adapter sends and how it reacts to what the
 * driver returns; they never ran against a MongoDB server. The contract suite against a real
 * server runs from read-store.contract.int.spec.ts when MONGODB_URL is set.
 */

const DB = 'opc';
const ACCOUNTS = 'balances.accounts.g1';

async function storeOn(
  server: ServerDouble,
  options: Omit<MongoReadStoreOptions, 'clientOptions' | 'retry'> & { attempts?: number; baseDelayMs?: number } = {},
): Promise<{ store: MongoReadStore; sleeps: number[] }> {
  const sleeps: number[] = [];
  const { attempts, baseDelayMs, ...rest } = options;
  const store = await MongoReadStore.open(server.client(), DB, {
    ...rest,
    retry: { attempts, baseDelayMs, sleep: async (ms) => void sleeps.push(ms) },
  });
  return { store, sleeps };
}

const put = (doc: Doc): WriteOp => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } });

/** The transaction-shaped calls after `from`, as `method collection #txn`. */
function trace(server: ServerDouble, from = 0): string[] {
  const kinds = new Set([
    'startSession',
    'startTransaction',
    'bulkWrite',
    'findOne',
    'commitTransaction',
    'abortTransaction',
    'endSession',
  ]);
  return server.calls
    .slice(from)
    .filter((call) => kinds.has(call.method))
    .map((call: Call) =>
      [call.method, call.collection, call.txn === undefined ? undefined : `#${call.txn}`].filter(Boolean).join(' '),
    );
}

const transientWriteConflict = () =>
  serverError({
    code: 112,
    codeName: 'WriteConflict',
    errmsg:
      'WriteConflict error: this operation conflicted with another operation. Please retry your operation or multi-document transaction.',
    errorLabels: ['TransientTransactionError'],
  });

const duplicateKey = {
  code: 11000,
  errmsg: `E11000 duplicate key error collection: ${DB}.${ACCOUNTS} index: _id_ dup key: { _id: "a" }`,
};

// -------------------------------------------------------------------------------------------------
// A projection driven by the real runner (ProjectionWorker), its batches written through the adapter.

describe('MongoReadStore at the driver seam (a double of driver 7.9, never a server)', () => {
  it('open asks hello: transactions on a replica set and through mongos, none on a standalone; it creates no index', async () => {
    const cases: [Document, boolean][] = [
      [{ isWritablePrimary: true, setName: 'rs0' }, true],
      [{ isWritablePrimary: true, msg: 'isdbgrid' }, true],
      [{ isWritablePrimary: true }, false],
    ];
    for (const [hello, atomic] of cases) {
      const server = new ServerDouble();
      server.hello = hello;
      const { store } = await storeOn(server);
      expect(store.atomicBatches).toBe(atomic);
      // The only call on open: no createIndex/createIndexes, every lookup the store serves by key is by _id.
      expect(server.calls).toEqual([
        { method: 'db', args: { name: DB } },
        { method: 'command', args: { hello: 1 } },
      ]);
    }
    const server = new ServerDouble();
    expect((await storeOn(server, { transactions: 'never' })).store.atomicBatches).toBe(false);
    expect((await storeOn(server, { transactions: 'always' })).store.atomicBatches).toBe(true);
    expect(server.only('command')).toEqual([]);
  });

  it('the error shapes relied on: a wrapped command error keeps its code and labels; a write error is MongoBulkWriteError with writeErrors', async () => {
    // src/bulk/common.ts:608-614 wraps a failed command; src/error.ts:237-256 copies its errorLabels.
    const wrapped = new MongoBulkWriteError(transientWriteConflict(), emptyBulkWriteResult());
    expect(wrapped).toBeInstanceOf(MongoError);
    expect(wrapped.code).toBe(112);
    expect(wrapped.hasErrorLabel('TransientTransactionError')).toBe(true);

    const server = new ServerDouble();
    server.fail({ method: 'bulkWrite', writeError: duplicateKey });
    const { store } = await storeOn(server, { transactions: 'never', attempts: 1 });
    const error = await store.write([{ collection: ACCOUNTS, ops: [put({ _id: 'a' })] }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect(error).toMatchObject({ code: 11000, writeErrors: [expect.objectContaining({ code: 11000, index: 0 })] });
  });

  describe('a projection batch from the runner', () => {
    it('becomes one transaction: an ordered bulkWrite of replaceOne/deleteOne per collection, then the guarded checkpoint record, one commit', async () => {
      const server = new ServerDouble();
      const { store } = await storeOn(server);
      const events = new InMemoryEventStore();
      await deposits(events);
      await events.append('acct-b', [event('Deposited.v1', { amountFen: 7 }), event('Closed.v1', {})], {
        expectedRevision: 'no-stream',
      });
      const worker = new ProjectionWorker(balances(), events, store);
      const from = server.calls.length;
      await worker.start();
      try {
        expect(await worker.waitFor(4, 2000)).toBe(true);
      } finally {
        await worker.stop();
      }

      const [start] = server.only('startTransaction');
      const txn = `#${start.txn}`;
      expect(trace(server, from)).toEqual([
        // The runner's reads (its record, then the documents the fold starts from) come before the write.
        'findOne _projections',
        `findOne ${ACCOUNTS}`,
        `findOne ${ACCOUNTS}`,
        'startSession',
        `startTransaction ${txn}`,
        `bulkWrite ${ACCOUNTS} ${txn}`,
        `bulkWrite _projections ${txn}`,
        `commitTransaction ${txn}`,
        'endSession',
      ]);
      const [docs, registry] = server.only('bulkWrite');
      expect(docs).toMatchObject({ session: true, args: { ordered: true } });
      expect(docs.args!.ops).toEqual([
        { replaceOne: { filter: { _id: 'acct-a' }, replacement: { _id: 'acct-a', total: 150, deposits: 2 }, upsert: true } },
        { deleteOne: { filter: { _id: 'acct-b' } } },
      ]);
      // The checkpoint record is written in the same transaction, guarded by the checkpoint the batch was folded from.
      expect(registry).toMatchObject({ session: true, args: { ordered: true } });
      expect(registry.args!.ops).toEqual([
        {
          replaceOne: {
            filter: { _id: 'balances', checkpoint: 0 },
            replacement: { _id: 'balances', version: 1, generation: 1, checkpoint: 4, rebuild: null },
            upsert: true,
          },
        },
      ]);
      expect(server.docs(ACCOUNTS)).toEqual([{ _id: 'acct-a', total: 150, deposits: 2 }]);
    });

    it("a stale writer's older batch cannot overwrite newer documents: its guarded record upsert collides (E11000), every attempt aborts, nothing commits", async () => {
      const server = new ServerDouble();
      const live = await storeOn(server);
      const stale = await storeOn(server);
      const liveEvents = new InMemoryEventStore();
      const lateEvents = new InMemoryEventStore();
      // The stale process loaded the registry (no record: checkpoint 0) before the live one advanced it.
      const staleWorker = new ProjectionWorker(balances(), lateEvents, stale.store);
      await staleWorker.start();
      const liveWorker = new ProjectionWorker(balances(), liveEvents, live.store);
      await liveWorker.start();
      try {
        await deposits(liveEvents);
        expect(await liveWorker.waitFor(2, 2000)).toBe(true);
        const before = { accounts: server.docs(ACCOUNTS), registry: server.docs('_projections') };
        expect(before.accounts).toEqual([{ _id: 'acct-a', total: 150, deposits: 2 }]);
        const from = server.calls.length;

        await deposits(lateEvents); // the same events reach the stale process late
        await until(() => staleWorker.error !== null);

        expect(staleWorker.error).toMatch(/E11000 duplicate key error collection: opc\._projections/);
        expect({ accounts: server.docs(ACCOUNTS), registry: server.docs('_projections') }).toEqual(before);
        const attempts = server.only('bulkWrite').filter((call) => server.calls.indexOf(call) >= from);
        // It would have written 300: it read the live document (150) and applied the same deposits again.
        expect(attempts[0].args!.ops).toEqual([
          { replaceOne: { filter: { _id: 'acct-a' }, replacement: { _id: 'acct-a', total: 300, deposits: 4 }, upsert: true } },
        ]);
        expect(attempts[1].args!.ops).toEqual([
          expect.objectContaining({ replaceOne: expect.objectContaining({ filter: { _id: 'balances', checkpoint: 0 } }) }),
        ]);
        const calls = trace(server, from);
        expect(calls.filter((c) => c.startsWith('commitTransaction'))).toEqual([]);
        expect(calls.filter((c) => c.startsWith('abortTransaction'))).toHaveLength(3);
        expect(stale.sleeps).toEqual([50, 100]); // 3 attempts in all, bounded, doubling backoff
      } finally {
        await staleWorker.stop();
        await liveWorker.stop();
      }
    });
  });

  describe('the expect precondition', () => {
    const lease = (token: string): WriteOp => ({ expect: { filter: { _id: 'lease-balances', token } } });

    it('holds: a findOne in the transaction, at its place before the writes after it; the batch commits', async () => {
      const server = new ServerDouble();
      const { store } = await storeOn(server);
      await store.write([{ collection: '_leases', ops: [put({ _id: 'lease-balances', token: 't1' })] }]);
      const from = server.calls.length;

      await store.write([
        { collection: '_leases', ops: [lease('t1')] },
        { collection: ACCOUNTS, ops: [put({ _id: 'a', total: 1 })] },
      ]);

      const txn = `#${server.only('startTransaction').at(-1)!.txn}`;
      expect(trace(server, from)).toEqual([
        'startSession',
        `startTransaction ${txn}`,
        `findOne _leases ${txn}`,
        `bulkWrite ${ACCOUNTS} ${txn}`,
        `commitTransaction ${txn}`,
        'endSession',
      ]);
      expect(server.only('findOne').at(-1)).toMatchObject({
        session: true,
        args: { filter: { _id: 'lease-balances', token: 't1' }, projection: { _id: 1 } },
      });
      expect(server.docs(ACCOUNTS)).toEqual([{ _id: 'a', total: 1 }]);
    });

    it('fails: PreconditionFailed, the transaction is aborted with the writes before it, nothing commits, no retry', async () => {
      const server = new ServerDouble();
      const { store, sleeps } = await storeOn(server);
      await store.write([
        { collection: '_leases', ops: [put({ _id: 'lease-balances', token: 't2' })] },
        { collection: ACCOUNTS, ops: [put({ _id: 'a', total: 1 })] },
      ]);
      const from = server.calls.length;

      const error = await store
        .write([
          { collection: ACCOUNTS, ops: [put({ _id: 'a', total: 2 })] },
          { collection: '_leases', ops: [lease('t1')] },
          { collection: ACCOUNTS, ops: [put({ _id: 'b', total: 3 })] },
        ])
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PreconditionFailed);
      expect(error).toMatchObject({ collection: '_leases', filter: { _id: 'lease-balances', token: 't1' } });
      const txn = `#${server.only('startTransaction').at(-1)!.txn}`;
      expect(trace(server, from)).toEqual([
        'startSession',
        `startTransaction ${txn}`,
        `bulkWrite ${ACCOUNTS} ${txn}`,
        `findOne _leases ${txn}`,
        `abortTransaction ${txn}`,
        'endSession',
      ]);
      expect(server.docs(ACCOUNTS)).toEqual([{ _id: 'a', total: 1 }]);
      expect(sleeps).toEqual([]);
    });
  });

  describe('retries', () => {
    it("a transient error in the transaction (WriteConflict, TransientTransactionError) re-runs the whole callback: withTransaction's own retry (step 7.2)", async () => {
      const server = new ServerDouble();
      const { store, sleeps } = await storeOn(server);
      server.fail({ method: 'bulkWrite', collection: '_projections', error: transientWriteConflict });

      await store.write([
        { collection: ACCOUNTS, ops: [put({ _id: 'a', total: 1 }), { deleteOne: { filter: { _id: 'b' } } }] },
        { collection: '_projections', ops: [put({ _id: 'balances', checkpoint: 1 })] },
      ]);

      const [first, second] = server.only('startTransaction').map((call) => `#${call.txn}`);
      expect(trace(server).slice(-10)).toEqual([
        'startSession',
        `startTransaction ${first}`,
        `bulkWrite ${ACCOUNTS} ${first}`,
        `bulkWrite _projections ${first}`,
        `abortTransaction ${first}`,
        `startTransaction ${second}`,
        `bulkWrite ${ACCOUNTS} ${second}`,
        `bulkWrite _projections ${second}`,
        `commitTransaction ${second}`,
        'endSession',
      ]);
      expect(server.docs(ACCOUNTS)).toEqual([{ _id: 'a', total: 1 }]);
      expect(server.docs('_projections')).toEqual([{ _id: 'balances', checkpoint: 1 }]);
      expect(sleeps).toEqual([]);
    });

    it.each([false, true])(
      'UnknownTransactionCommitResult on commit (commit landed: %s) retries the commit only (step 10.1): the callback runs once',
      async (landed) => {
        const server = new ServerDouble();
        const { store, sleeps } = await storeOn(server);
        server.fail({
          method: 'commitTransaction',
          applied: landed,
          error: () =>
            serverError({
              code: 91,
              codeName: 'ShutdownInProgress',
              errmsg: 'The server is in quiesce mode and will shut down',
              errorLabels: ['UnknownTransactionCommitResult'],
            }),
        });

        await store.write([{ collection: ACCOUNTS, ops: [put({ _id: 'a', total: 1 })] }]);

        const txn = `#${server.only('startTransaction')[0].txn}`;
        expect(trace(server)).toEqual([
          'startSession',
          `startTransaction ${txn}`,
          `bulkWrite ${ACCOUNTS} ${txn}`,
          `commitTransaction ${txn}`,
          `commitTransaction ${txn}`,
          'endSession',
        ]);
        expect(server.docs(ACCOUNTS)).toEqual([{ _id: 'a', total: 1 }]);
        expect(sleeps).toEqual([]);
      },
    );

    it('a transient error that outlasts withTransaction (its deadline) is retried by the adapter, after a backoff', async () => {
      const server = new ServerDouble();
      server.transactionAttempts = 2;
      const { store, sleeps } = await storeOn(server);
      server.fail({ method: 'bulkWrite', error: transientWriteConflict, times: 2 });

      await store.write([{ collection: ACCOUNTS, ops: [put({ _id: 'a', total: 1 })] }]);

      expect(server.only('startSession')).toHaveLength(2);
      expect(server.only('commitTransaction')).toHaveLength(1);
      expect(server.docs(ACCOUNTS)).toEqual([{ _id: 'a', total: 1 }]);
      expect(sleeps).toEqual([50]);
    });

    it.each([
      ['replica set', 'auto'],
      ['standalone', 'never'],
    ] as const)('a duplicate key (%s) is retried by the adapter: the batch runs again and applies', async (_, transactions) => {
      const server = new ServerDouble();
      const { store, sleeps } = await storeOn(server, { transactions });
      server.fail({ method: 'bulkWrite', writeError: duplicateKey });

      await store.write([{ collection: ACCOUNTS, ops: [put({ _id: 'a', total: 1 })] }]);

      expect(server.only('bulkWrite')).toHaveLength(2);
      expect(server.docs(ACCOUNTS)).toEqual([{ _id: 'a', total: 1 }]);
      expect(sleeps).toEqual([50]);
    });

    it('is bounded: after `attempts` the last error is rethrown; other errors (ImmutableField 66) are not retried', async () => {
      const server = new ServerDouble();
      const { store, sleeps } = await storeOn(server, { attempts: 5, baseDelayMs: 10 });
      server.fail({ method: 'bulkWrite', writeError: duplicateKey, times: 9 });

      await expect(store.write([{ collection: ACCOUNTS, ops: [put({ _id: 'a' })] }])).rejects.toMatchObject({ code: 11000 });
      expect(server.only('bulkWrite')).toHaveLength(5);
      expect(sleeps).toEqual([10, 20, 40, 80]);

      const other = new ServerDouble();
      const fresh = await storeOn(other);
      await fresh.store.write([{ collection: ACCOUNTS, ops: [put({ _id: 'a' })] }]);
      await expect(
        fresh.store.write([{ collection: ACCOUNTS, ops: [{ replaceOne: { filter: { _id: 'a' }, replacement: { _id: 'b' } } }] }]),
      ).rejects.toMatchObject({ code: 66 });
      expect(other.only('bulkWrite')).toHaveLength(2);
      expect(fresh.sleeps).toEqual([]);
    });
  });

  it('standalone (no transactions): no session; ordered bulkWrites in batch order; an expect is a findOne at its place, the ops before it stay', async () => {
    const server = new ServerDouble();
    server.hello = { isWritablePrimary: true };
    const { store } = await storeOn(server);
    await store.write([{ collection: ACCOUNTS, ops: [put({ _id: 'b', total: 9 })] }]);

    await store.write([
      { collection: ACCOUNTS, ops: [put({ _id: 'a', total: 1 }), { deleteOne: { filter: { _id: 'b' } } }] },
      { collection: '_leases', ops: [put({ _id: 'lease-balances', token: 't1' }), { expect: { filter: { token: 't1' } } }] },
      { collection: '_projections', ops: [put({ _id: 'balances', checkpoint: 1 })] },
    ]);
    await expect(
      store.write([
        { collection: ACCOUNTS, ops: [put({ _id: 'a', total: 2 })] },
        { collection: '_leases', ops: [{ expect: { filter: { token: 't0' } } }] },
        { collection: ACCOUNTS, ops: [put({ _id: 'c', total: 3 })] },
      ]),
    ).rejects.toBeInstanceOf(PreconditionFailed);

    expect(trace(server)).toEqual([
      `bulkWrite ${ACCOUNTS}`,
      `bulkWrite ${ACCOUNTS}`,
      'bulkWrite _leases',
      'findOne _leases',
      'bulkWrite _projections',
      `bulkWrite ${ACCOUNTS}`,
      'findOne _leases',
    ]);
    expect(server.calls.filter((call) => call.session)).toEqual([]);
    expect(server.only('bulkWrite').every((call) => call.args!.ordered === true)).toBe(true);
    expect(server.docs(ACCOUNTS)).toEqual([{ _id: 'a', total: 2 }]); // documented: not atomic without transactions
  });

  it('reads: find passes sort/skip/limit only when given and returns the cursor toArray; findOne; count is countDocuments', async () => {
    const server = new ServerDouble();
    const { store } = await storeOn(server);
    await store.write([{ collection: ACCOUNTS, ops: [1, 2, 3, 4].map((n) => put({ _id: `a${n}`, total: n })) }]);

    expect(await store.find(ACCOUNTS, { total: { $gte: 2 } }, { sort: { total: -1 }, skip: 1, limit: 2 })).toEqual([
      { _id: 'a3', total: 3 },
      { _id: 'a2', total: 2 },
    ]);
    expect(await store.find(ACCOUNTS)).toHaveLength(4);
    expect(await store.findOne(ACCOUNTS, { _id: 'a4' })).toEqual({ _id: 'a4', total: 4 });
    expect(await store.count(ACCOUNTS, { total: { $lt: 3 } })).toBe(2);

    expect(server.only('find').map((call) => call.args)).toEqual([
      { filter: { total: { $gte: 2 } }, options: { sort: { total: -1 }, skip: 1, limit: 2 } },
      { filter: {}, options: {} },
    ]);
    expect(server.only('findOne').at(-1)).toMatchObject({ session: false, args: { filter: { _id: 'a4' } } });
    expect(server.only('countDocuments')).toMatchObject([{ args: { filter: { total: { $lt: 3 } } } }]);
  });

  it('dropCollection resolves for a present and a missing collection (driver 7 answers false for NamespaceNotFound); close closes the client', async () => {
    const server = new ServerDouble();
    const { store } = await storeOn(server);
    await store.write([{ collection: ACCOUNTS, ops: [put({ _id: 'a' })] }]);

    await store.dropCollection(ACCOUNTS);
    await store.dropCollection('never-existed');
    await store.close();

    expect(server.docs(ACCOUNTS)).toEqual([]);
    expect(server.calls.slice(-3).map((call) => [call.method, call.collection])).toEqual([
      ['dropCollection', ACCOUNTS],
      ['dropCollection', 'never-existed'],
      ['close', undefined],
    ]);
  });

  it('refuses malformed ops before anything reaches the driver', async () => {
    const server = new ServerDouble();
    const { store } = await storeOn(server);
    const from = server.calls.length;
    const first = { collection: ACCOUNTS, ops: [put({ _id: 'a' })] };

    await expect(
      store.write([
        first,
        { collection: 'x', ops: [{ replaceOne: { filter: {}, replacement: { _id: 'b', $set: { n: 1 } } as Doc } }] },
      ]),
    ).rejects.toThrow(/update operators/);
    await expect(
      store.write([
        first,
        { collection: 'x', ops: [{ replaceOne: { filter: {}, replacement: { n: 1 } as unknown as Doc, upsert: true } }] },
      ]),
    ).rejects.toThrow(/string _id/);
    await expect(
      store.write([
        first,
        { collection: 'x', ops: [{ updateOne: { filter: {}, update: { $set: { n: 1 } } } } as unknown as WriteOp] },
      ]),
    ).rejects.toThrow(/Unknown write op/);
    await store.write([{ collection: ACCOUNTS, ops: [] }]);

    expect(server.calls.slice(from)).toEqual([]);
  });
});

// The contract suite through the adapter and the double: the adapter's mapping under the double's
// model of the server (mingo filters, an overlay per transaction), not the server's behaviour.
readStoreContract(
  'MongoReadStore on the driver double, replica set (not a server)',
  async () => {
    const server = new ServerDouble();
    const open = () => MongoReadStore.open(server.client(), DB, { retry: { sleep: async () => undefined } });
    return { store: await open(), reopen: open, cleanup: async () => undefined };
  },
  { durable: true },
);

readStoreContract('MongoReadStore on the driver double, standalone (not a server)', async () => {
  const server = new ServerDouble();
  server.hello = { isWritablePrimary: true };
  const store = await MongoReadStore.open(server.client(), DB, { retry: { sleep: async () => undefined } });
  return { store, atomicBatches: false, cleanup: async () => undefined };
});
