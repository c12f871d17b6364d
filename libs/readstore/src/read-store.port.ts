/**
 * A document store with MongoDB's filter and update semantics, so the embedded default and a
 * MongoDB server are interchangeable behind it.
 */
export type Doc = { _id: string } & Record<string, unknown>;
/** A MongoDB query filter, e.g. `{ status: 'active', 'term.end': { $lt: '2027-01-01' } }`. */
export type Filter = Record<string, unknown>;
/** A MongoDB update document made of operators: `$set`, `$unset`, `$inc`, `$push`, `$setOnInsert`, … */
export type Update = Record<string, unknown>;

export type WriteOp =
  | { updateOne: { filter: Filter; update: Update; upsert?: boolean } }
  | { replaceOne: { filter: Filter; replacement: Doc; upsert?: boolean } }
  | { deleteOne: { filter: Filter } }
  | { deleteMany: { filter: Filter } };

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

/** Writes to several collections, applied together (atomically where the adapter can). */
export type WriteBatch = { collection: string; ops: WriteOp[] }[];

export interface ReadStore {
  find<T extends Doc = Doc>(collection: string, filter?: Filter, options?: FindOptions): Promise<T[]>;
  findOne<T extends Doc = Doc>(collection: string, filter: Filter): Promise<T | null>;
  count(collection: string, filter?: Filter): Promise<number>;
  /** Applies the ops in order. The embedded adapter commits the whole batch in one transaction. */
  write(batch: WriteBatch): Promise<void>;
  dropCollection(collection: string): Promise<void>;
  listCollections(): Promise<string[]>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('READ_STORE');
