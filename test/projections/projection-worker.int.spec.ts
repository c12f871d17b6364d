import { InMemoryEventStore, SqliteEventStore, type EventStore } from '@opc/eventstore';
import type { NewEvent } from '@opc/kernel';
import { EmbeddedReadStore, type ReadStore } from '@opc/readstore';
import { physicalCollection, ProjectionWorker, REGISTRY_COLLECTION, type Projection } from '@opc/platform';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: `e-${Math.random()}`,
    commandId: `c-${Math.random()}`,
    correlationId: 'c',
    causationId: 'c',
    actor: { id: 't', role: 'admin' },
    occurredAt: '2026-10-01T00:00:00.000Z',
    recordedAt: '2026-10-01T00:00:00.000Z',
    ruleSet: { id: 'test', version: 1 },
  },
});

/** Counts deposits per account: not idempotent by itself, so a re-applied event would show. */
const balances = (version = 1): Projection => ({
  name: 'balances',
  version,
  collections: ['accounts'],
  eventTypes: ['Deposited.v1'],
  async apply(e, tx) {
    const id = e.streamId;
    const doc = await tx.get<{ _id: string; total: number; deposits: number }>('accounts', id);
    const amount = (e.data as { amountFen: number }).amountFen;
    tx.put('accounts', { _id: id, total: (doc?.total ?? 0) + amount, deposits: (doc?.deposits ?? 0) + 1 });
  },
});

const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
};

describe('projection runner (ARCH read side)', () => {
  let events: EventStore;
  let docs: ReadStore;
  let dir: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opc-proj-'));
    events = new SqliteEventStore(join(dir, 'events.db'));
    docs = EmbeddedReadStore.open(join(dir, 'read.db'));
  });
  afterEach(async () => {
    await events.close();
    await docs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const accounts = (generation = 1) =>
    docs.find(physicalCollection('balances', 'accounts', generation), {}, { sort: { _id: 1 } });

  it('catches up from its checkpoint, then follows live appends', async () => {
    await events.append('acct-a', [event('Deposited.v1', { amountFen: 100 }), event('Deposited.v1', { amountFen: 50 })], {
      expectedRevision: 'no-stream',
    });
    await events.append('other-x', [event('Ignored.v1', {})], { expectedRevision: 'no-stream' });
    const worker = new ProjectionWorker(balances(), events, docs);
    await worker.start();
    expect(await worker.waitFor(3, 2000)).toBe(true);
    expect(await accounts()).toEqual([{ _id: 'acct-a', total: 150, deposits: 2 }]);

    await events.append('acct-b', [event('Deposited.v1', { amountFen: 7 })], { expectedRevision: 'no-stream' });
    expect(await worker.waitFor(4, 2000)).toBe(true);
    expect(await accounts()).toEqual([
      { _id: 'acct-a', total: 150, deposits: 2 },
      { _id: 'acct-b', total: 7, deposits: 1 },
    ]);
    const record = await docs.findOne(REGISTRY_COLLECTION, { _id: 'balances' });
    expect(record).toMatchObject({ checkpoint: 4, generation: 1 });
    await worker.stop();
  });

  it('resumes from its stored checkpoint after a restart: nothing is applied twice', async () => {
    await events.append('acct-a', [event('Deposited.v1', { amountFen: 100 })], { expectedRevision: 'no-stream' });
    const first = new ProjectionWorker(balances(), events, docs);
    await first.start();
    await first.waitFor(1, 2000);
    await first.stop();

    await events.append('acct-a', [event('Deposited.v1', { amountFen: 1 })], { expectedRevision: 0 });
    const second = new ProjectionWorker(balances(), events, docs);
    await second.start();
    expect(await second.waitFor(2, 2000)).toBe(true);
    expect(await accounts()).toEqual([{ _id: 'acct-a', total: 101, deposits: 2 }]);
    await second.stop();
  });

  it('a re-delivered event changes nothing', async () => {
    const memory = new InMemoryEventStore();
    await memory.append('acct-a', [event('Deposited.v1', { amountFen: 10 })], { expectedRevision: 'no-stream' });
    const delivered = await memory.readAll();
    // A feed that delivers the same batch twice, as an at-least-once subscription may.
    const twice: EventStore = Object.create(memory);
    twice.subscribeToAll = () => {
      let closed = false;
      return {
        async close() {
          closed = true;
        },
        async *[Symbol.asyncIterator]() {
          yield delivered;
          yield delivered;
          while (!closed) await new Promise((r) => setTimeout(r, 5));
        },
      };
    };
    const worker = new ProjectionWorker(balances(), twice, docs);
    await worker.start();
    await worker.waitFor(1, 2000);
    await new Promise((r) => setTimeout(r, 30));
    expect(await accounts()).toEqual([{ _id: 'acct-a', total: 10, deposits: 1 }]);
    await worker.stop();
    await memory.close();
  });

  it('a rebuild builds the next generation beside the live one, then switches and drops the old', async () => {
    for (let i = 0; i < 2500; i++)
      await events.append(`acct-${i % 7}`, [event('Deposited.v1', { amountFen: 1 })], { expectedRevision: 'any' });
    const worker = new ProjectionWorker(balances(), events, docs);
    await worker.start();
    await worker.waitFor(2500, 5000);
    const before = await accounts(1);

    const { generation, done } = await worker.startRebuild();
    expect(generation).toBe(2);
    // Live appends during the rebuild are folded by whichever generation is live, and end up in the new one.
    await events.append('acct-0', [event('Deposited.v1', { amountFen: 1000 })], { expectedRevision: 'any' });
    await done;
    await until(() => worker.checkpoint >= 2501);
    expect(worker.generation).toBe(2);
    const after = await accounts(2);
    const expected = before.map((d) =>
      d._id === 'acct-0' ? { ...d, total: (d.total as number) + 1000, deposits: (d.deposits as number) + 1 } : d,
    );
    expect(after).toEqual(expected);
    expect(await docs.count(physicalCollection('balances', 'accounts', 1))).toBe(0);
    await worker.stop();
  });

  it('a new projection version rebuilds on start and records the version', async () => {
    await events.append('acct-a', [event('Deposited.v1', { amountFen: 5 })], { expectedRevision: 'no-stream' });
    const v1 = new ProjectionWorker(balances(1), events, docs);
    await v1.start();
    await v1.waitFor(1, 2000);
    await v1.stop();
    const v2 = new ProjectionWorker(balances(2), events, docs);
    await v2.start();
    await until(() => v2.generation === 2 && v2.rebuildState === null);
    expect(await docs.findOne(REGISTRY_COLLECTION, { _id: 'balances' })).toMatchObject({
      version: 2,
      generation: 2,
      rebuild: null,
    });
    expect(await accounts(2)).toEqual([{ _id: 'acct-a', total: 5, deposits: 1 }]);
    await v2.stop();
  });
});
