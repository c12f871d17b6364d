import { InMemoryEventStore } from '@opc/eventstore';
import { EmbeddedReadStore, type ReadStore } from '@opc/readstore';
import { physicalCollection, ProjectionWorker, REGISTRY_COLLECTION } from '@opc/platform';
import { balances, deposits, event, until } from '../support/projection.fixtures';

/**
 * The runner's guard (docs/architecture.md "Read store"): each batch's checkpoint record is
 * written with the filter `{ _id, checkpoint: <the checkpoint the batch was folded from> }`, so a
 * writer whose view of the registry is stale cannot overwrite newer documents with an older fold.
 */

describe('projection runner: the checkpoint guard (ARCH read side)', () => {
  let docs: ReadStore;
  const accounts = () => docs.find(physicalCollection('balances', 'accounts', 1));

  beforeEach(() => {
    docs = EmbeddedReadStore.inMemory();
  });
  afterEach(async () => {
    await docs.close();
  });

  it("a stale writer's older fold is refused whole: the documents and the checkpoint stay the newer ones", async () => {
    const liveEvents = new InMemoryEventStore();
    const lateEvents = new InMemoryEventStore();
    // The stale writer read the registry (no record yet) before the live one advanced it.
    const stale = new ProjectionWorker(balances(), lateEvents, docs);
    await stale.start();
    const live = new ProjectionWorker(balances(), liveEvents, docs);
    await live.start();
    try {
      await deposits(liveEvents);
      expect(await live.waitFor(2, 2000)).toBe(true);
      expect(await accounts()).toEqual([{ _id: 'acct-a', total: 150, deposits: 2 }]);

      await deposits(lateEvents); // the same events reach the stale writer late: it folds them onto 150
      await until(() => stale.error !== null);

      expect(stale.error).toMatch(/duplicate key/);
      expect(await accounts()).toEqual([{ _id: 'acct-a', total: 150, deposits: 2 }]);
      expect(await docs.findOne(REGISTRY_COLLECTION, { _id: 'balances' })).toMatchObject({ checkpoint: 2 });
    } finally {
      await stale.stop();
      await live.stop();
    }
  });

  it('the live writer itself is not hindered: catch-up, live batches, a rebuild and its switch all pass the guard', async () => {
    const events = new InMemoryEventStore();
    await deposits(events);
    const worker = new ProjectionWorker(balances(), events, docs);
    await worker.start();
    try {
      expect(await worker.waitFor(2, 2000)).toBe(true);
      await events.append('acct-b', [event('Deposited.v1', { amountFen: 7 })], { expectedRevision: 'no-stream' });
      expect(await worker.waitFor(3, 2000)).toBe(true);
      await worker.rebuild();
      await events.append('acct-c', [event('Deposited.v1', { amountFen: 1 })], { expectedRevision: 'no-stream' });
      expect(await worker.waitFor(4, 2000)).toBe(true);

      expect(worker.error).toBeNull();
      expect(await docs.findOne(REGISTRY_COLLECTION, { _id: 'balances' })).toMatchObject({ generation: 2, checkpoint: 4 });
      expect(await docs.find(physicalCollection('balances', 'accounts', 2), {}, { sort: { _id: 1 } })).toEqual([
        { _id: 'acct-a', total: 150, deposits: 2 },
        { _id: 'acct-b', total: 7, deposits: 1 },
        { _id: 'acct-c', total: 1, deposits: 1 },
      ]);
    } finally {
      await worker.stop();
    }
  });
});
