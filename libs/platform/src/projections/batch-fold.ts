import type { RecordedEvent } from '@opc/kernel';
import type { Doc, ReadStore, WriteBatch, WriteOp } from '@opc/readstore';
import { physicalCollection, type Projection, type ProjectionTx } from './projection';

/**
 * Folds a batch of events into the write ops of one generation, skipping events at or before
 * `after` and those the projection does not name. Every document the batch reads or writes stays
 * held for the rest of the batch: `get` reads the store once per document, and `peek` answers from
 * memory, so a projection using it folds an event whose document the batch already holds without
 * awaiting (most events, in a rebuild's pages). Only a document's first read awaits the store.
 */
export async function foldBatch(
  projection: Projection,
  docs: ReadStore,
  events: readonly RecordedEvent[],
  generation: number,
  after: number,
): Promise<WriteBatch> {
  /** Per logical collection: documents as the batch holds them (null: absent or deleted). */
  const held = new Map<string, Map<string, Doc | null>>();
  /** Per logical collection: ids the batch wrote, in the order first written. */
  const written = new Map<string, Set<string>>();
  const holding = (collection: string): Map<string, Doc | null> => {
    let docsHeld = held.get(collection);
    if (!docsHeld) held.set(collection, (docsHeld = new Map()));
    return docsHeld;
  };
  const write = (collection: string, id: string, doc: Doc | null): void => {
    if (!projection.collections.includes(collection))
      throw new Error(`projection ${projection.name} writes undeclared collection ${collection}`);
    holding(collection).set(id, doc);
    let ids = written.get(collection);
    if (!ids) written.set(collection, (ids = new Set()));
    ids.add(id);
  };
  const tx: ProjectionTx = {
    peek: <T extends Doc>(collection: string, id: string) => held.get(collection)?.get(id) as T | null | undefined,
    get: async <T extends Doc>(collection: string, id: string) => {
      const known = held.get(collection)?.get(id);
      if (known !== undefined) return known as T | null;
      const found = await docs.findOne<T>(physicalCollection(projection.name, collection, generation), { _id: id });
      const docsHeld = holding(collection);
      // A write or read that landed while this one was under way (reads run in parallel) wins.
      if (!docsHeld.has(id)) docsHeld.set(id, found);
      return docsHeld.get(id) as T | null;
    },
    put: (collection, doc) => write(collection, doc._id, doc),
    delete: (collection, id) => write(collection, id, null),
  };
  const types = projection.eventTypes ? new Set(projection.eventTypes) : null;
  for (const event of events) {
    if (event.position <= after) continue;
    if (types && !types.has(event.type)) continue;
    // Awaited only when the projection had to read; otherwise the batch goes on synchronously.
    const applying = projection.apply(event, tx);
    if (applying) await applying;
  }
  return [...written].map(([collection, ids]) => {
    const docsHeld = held.get(collection)!;
    return {
      collection: physicalCollection(projection.name, collection, generation),
      ops: [...ids].map((id): WriteOp => {
        const doc = docsHeld.get(id) as Doc | null;
        return doc === null
          ? { deleteOne: { filter: { _id: id } } }
          : { replaceOne: { filter: { _id: id }, replacement: doc, upsert: true } };
      }),
    };
  });
}
