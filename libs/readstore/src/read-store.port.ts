/**
 * A document store with MongoDB's filter semantics, so the embedded default and a MongoDB server
 * are interchangeable behind it. It holds what the product needs and no more: projections write
 * whole documents (replace or delete, keyed by `_id`) and queries read by filter.
 */
export type Doc = { _id: string } & Record<string, unknown>;
/** A MongoDB query filter, e.g. `{ status: 'active', 'term.end': { $lt: '2027-01-01' } }`. */
export type Filter = Record<string, unknown>;

export type WriteOp =
  /**
   * Replaces the first document matching `filter` by `replacement`, which carries the document's
   * string `_id` (a different `_id` than the matched document's is refused). With `upsert` and no
   * match it inserts `replacement`; if a document with that `_id` exists (it did not match the
   * rest of the filter) that is a duplicate-key error (code 11000), which fails the batch — how a
   * filter such as `{ _id, checkpoint: expected }` guards a write.
   */
  | { replaceOne: { filter: Filter; replacement: Doc; upsert?: boolean } }
  /** Deletes the first document matching `filter`, if any. */
  | { deleteOne: { filter: Filter } }
  /**
   * A write precondition: the batch applies only if a document matching `filter` exists in this
   * collection when the op is reached (after the batch's earlier ops; put it first to test the
   * state before the batch). Otherwise nothing of the batch is applied and `write` rejects with
   * `PreconditionFailed`. It writes nothing and creates no collection. Atomic with the batch on
   * the embedded store and on MongoDB with transactions (a replica set): the check reads in the
   * batch's transaction. Lease fencing: `{ expect: { filter: { _id: 'lease-…', token } } }` on
   * `_leases`, so a process that lost its lease cannot write.
   */
  | { expect: { filter: Filter } };

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

/** Writes to several collections, applied together (atomically where the adapter can). */
export type WriteBatch = { collection: string; ops: WriteOp[] }[];

/** A batch refused by an `expect` op: no document in `collection` matched `filter`. */
export class PreconditionFailed extends Error {
  constructor(
    readonly collection: string,
    readonly filter: Filter,
  ) {
    super(`Precondition failed: no document in '${collection}' matches ${JSON.stringify(filter)}; the batch was not applied.`);
    this.name = 'PreconditionFailed';
  }
}

export interface ReadStore {
  find<T extends Doc = Doc>(collection: string, filter?: Filter, options?: FindOptions): Promise<T[]>;
  findOne<T extends Doc = Doc>(collection: string, filter: Filter): Promise<T | null>;
  count(collection: string, filter?: Filter): Promise<number>;
  /**
   * Applies the ops in order, collections in batch order. The embedded store commits the whole
   * batch in one transaction, MongoDB in one transaction on a replica set: a failing op or
   * precondition leaves nothing of the batch applied. Rejects with `PreconditionFailed` when an
   * `expect` does not hold.
   */
  write(batch: WriteBatch): Promise<void>;
  /** Drops a collection (a rebuild drops the old generation's); a missing one is not an error. */
  dropCollection(collection: string): Promise<void>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('READ_STORE');
