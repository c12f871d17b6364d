import { InMemoryEventStore, SqliteEventStore, type EventStore } from '@opc/eventstore';
import { EmbeddedReadStore, type ReadStore } from '@opc/readstore';
import {
  physicalCollection,
  ProjectionWorker,
  REBUILD_PAGE,
  rebuildStatus,
  REGISTRY_COLLECTION,
  type Projection,
  type RebuildStatus,
} from '@opc/platform';
import { foldBatch } from '@opc/platform/projections/batch-fold';
import { balances, event, until } from '../support/projection.fixtures';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

  describe('a rebuild reports its progress', () => {
    /** 12,000 deposits over 7 accounts: three rebuild pages. */
    const deposits = async (n: number) => {
      for (let i = 0; i < n; i += 100)
        await events.append(
          `acct-${(i / 100) % 7}`,
          Array.from({ length: 100 }, () => event('Deposited.v1', { amountFen: 1 })),
          { expectedRevision: 'any' },
        );
    };

    it('done rises page by page toward the head, with a rate and an ETA; live appends meanwhile are folded; it switches at the end', async () => {
      await deposits(12_000);
      const seen: RebuildStatus[] = [];
      let appendedDuring = false;
      // The read store as the worker sees it, noting the rebuild's status after each of its pages.
      const watched: ReadStore = Object.create(docs);
      watched.write = async (batch) => {
        await docs.write(batch);
        const progress = worker.rebuildProgress;
        if (!progress || !batch.some((b) => b.collection === physicalCollection('balances', 'accounts', 2))) return;
        seen.push(rebuildStatus(progress, await events.headPosition(), progress.ratePerSecond));
        if (!appendedDuring) {
          appendedDuring = true;
          await events.append('acct-live', [event('Deposited.v1', { amountFen: 1000 })], { expectedRevision: 'any' });
        }
      };
      const worker = new ProjectionWorker(balances(), events, watched);
      await worker.start();
      expect(await worker.waitFor(12_000, 5000)).toBe(true);
      expect(worker.rebuildProgress).toBeNull();

      const { generation, done } = await worker.startRebuild();
      expect(worker.rebuildProgress).toMatchObject({ generation: 2, checkpoint: 0 });
      await done;

      expect(seen.map((s) => s.done)).toEqual([REBUILD_PAGE, 2 * REBUILD_PAGE, 12_001]);
      // The head moved once the deposit was appended after the first page.
      expect(seen.map((s) => s.total)).toEqual([12_000, 12_001, 12_001]);
      for (const s of seen) expect(s).toMatchObject({ generation, startedAt: expect.any(String) });
      // A rate once two steps are timed, and the time left at that rate.
      expect(seen[1].ratePerSecond).toBeGreaterThan(0);
      expect(seen[1].etaSeconds).toBe(Math.ceil((12_001 - 2 * REBUILD_PAGE) / seen[1].ratePerSecond!));
      expect(seen[2].etaSeconds).toBe(0);

      // Switched at the head: the new generation serves, with the deposit appended during the rebuild.
      expect(worker.generation).toBe(2);
      expect(worker.rebuildProgress).toBeNull();
      expect(worker.error).toBeNull();
      await until(() => worker.checkpoint >= 12_001);
      const after = await accounts(2);
      expect(after.find((d) => d._id === 'acct-live')).toEqual({ _id: 'acct-live', total: 1000, deposits: 1 });
      expect(after.reduce((sum, d) => sum + (d.deposits as number), 0)).toBe(12_001);
      expect(await docs.count(physicalCollection('balances', 'accounts', 1))).toBe(0);
      await worker.stop();
    });

    it('a failed rebuild is the worker’s error and the live generation keeps serving; started again, it goes on and switches', async () => {
      await deposits(6_000);
      let failing = false;
      const fragile: Projection = {
        ...balances(),
        async apply(e, tx) {
          if (failing && e.position === 5_500) throw new Error('cannot fold event 5500');
          await balances().apply(e, tx);
        },
      };
      const worker = new ProjectionWorker(fragile, events, docs);
      await worker.start();
      await worker.waitFor(6_000, 5000);
      failing = true;
      const first = await worker.startRebuild();
      await expect(first.done).rejects.toThrow('cannot fold event 5500');
      expect(worker.error).toBe('rebuild failed: cannot fold event 5500');
      expect(worker.rebuildProgress).toMatchObject({ generation: 2, checkpoint: REBUILD_PAGE, ratePerSecond: null });
      expect(worker.generation).toBe(1);
      expect((await accounts(1)).reduce((sum, d) => sum + (d.deposits as number), 0)).toBe(6_000);

      failing = false;
      const again = await worker.startRebuild();
      expect(again.generation).toBe(2);
      await again.done;
      expect(worker.error).toBeNull();
      expect(worker.generation).toBe(2);
      expect((await accounts(2)).reduce((sum, d) => sum + (d.deposits as number), 0)).toBe(6_000);
      await worker.stop();
    });

    it('a projection folds without awaiting the documents its batch already holds (peek), and reads each other one once', async () => {
      await events.append('acct-a', [event('Deposited.v1', { amountFen: 1 })], { expectedRevision: 'no-stream' });
      const first = new ProjectionWorker(balances(), events, docs);
      await first.start();
      await first.waitFor(1, 2000);
      await first.stop();
      await events.append('acct-a', [event('Deposited.v1', { amountFen: 2 }), event('Deposited.v1', { amountFen: 3 })], {
        expectedRevision: 0,
      });
      await events.append('acct-b', [event('Deposited.v1', { amountFen: 4 })], { expectedRevision: 'no-stream' });
      const peeks: (string | null | undefined)[] = [];
      let reads = 0;
      const counting: ReadStore = Object.create(docs);
      counting.findOne = async (collection, filter) => {
        reads++;
        return docs.findOne(collection, filter);
      };
      const peeking: Projection = {
        ...balances(),
        apply(e, tx) {
          const held = tx.peek?.<{ _id: string; total: number }>('accounts', e.streamId);
          peeks.push(held === undefined ? undefined : (held?._id ?? null));
          return balances().apply(e, tx);
        },
      };
      const batch = await foldBatch(peeking, counting, await events.readAll(), 1, 1);
      // acct-a: read once (its stored document), then held; acct-b: read once (absent).
      expect(peeks).toEqual([undefined, 'acct-a', undefined]);
      expect(reads).toBe(2);
      expect(batch).toEqual([
        {
          collection: physicalCollection('balances', 'accounts', 1),
          ops: [
            { replaceOne: { filter: { _id: 'acct-a' }, replacement: { _id: 'acct-a', total: 6, deposits: 3 }, upsert: true } },
            { replaceOne: { filter: { _id: 'acct-b' }, replacement: { _id: 'acct-b', total: 4, deposits: 1 }, upsert: true } },
          ],
        },
      ]);
    });
  });
});
