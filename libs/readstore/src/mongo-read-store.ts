import {
  type AnyBulkWriteOperation,
  type ClientSession,
  type Db,
  type Document,
  MongoClient,
  type MongoClientOptions,
} from 'mongodb';
import type { Doc, Filter, FindOptions, ReadStore, Update, WriteBatch, WriteOp } from './read-store.port';

export interface MongoReadStoreOptions {
  /**
   * Whether `write` runs each batch in a multi-document transaction. `'auto'` (default): when the
   * server supports them (a replica set or a sharded cluster); a standalone server does not.
   */
  transactions?: 'auto' | 'always' | 'never';
  /** Passed to `MongoClient`; `ignoreUndefined` defaults to true (undefined fields are dropped, as in the embedded store). */
  clientOptions?: MongoClientOptions;
}

/**
 * The read store on a MongoDB server (driver 7). `write` sends each collection's ops as one ordered
 * `bulkWrite`, collections in batch order.
 *
 * Atomicity: on a replica set or sharded cluster each batch runs in a transaction
 * (`session.withTransaction`, retried by the driver on transient errors), so a batch is applied
 * whole or not at all, as in the embedded store. On a standalone server there are no
 * transactions and a batch is NOT atomic: when an op fails, the ops before it (earlier collections,
 * and earlier ops of the same ordered `bulkWrite`) stay applied and the ops after it are not. Update
 * documents are checked before anything is sent, so a malformed update (plain fields, mixed with
 * operators, empty) never leaves a half-applied batch; a failure only the server detects (duplicate
 * `_id`, `$inc` on a string, …) can. A projection on a standalone server must therefore be
 * idempotent per batch (replaying from its last committed checkpoint).
 *
 * Differences from the embedded store: an upsert whose filter has no `_id` gets an ObjectId `_id`
 * (not a string), and Dates stay BSON dates (the embedded store keeps JSON, i.e. ISO strings).
 */
export class MongoReadStore implements ReadStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** Whether batches run in a transaction, i.e. are atomic. */
    readonly atomicBatches: boolean,
  ) {}

  static async connect(url: string, dbName: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    const client = new MongoClient(url, { ignoreUndefined: true, ...options.clientOptions });
    await client.connect();
    try {
      const db = client.db(dbName);
      const mode = options.transactions ?? 'auto';
      let transactions = mode === 'always';
      if (mode === 'auto') {
        const hello = await db.admin().command({ hello: 1 });
        transactions = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
      }
      return new MongoReadStore(client, db, transactions);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async find<T extends Doc = Doc>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    const cursor = this.db.collection(collection).find(filter, {
      ...(options.sort ? { sort: options.sort } : {}),
      ...(options.skip ? { skip: options.skip } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
    return (await cursor.toArray()) as unknown as T[];
  }

  async findOne<T extends Doc = Doc>(collection: string, filter: Filter): Promise<T | null> {
    return (await this.db.collection(collection).findOne(filter)) as unknown as T | null;
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    return this.db.collection(collection).countDocuments(filter);
  }

  async write(batch: WriteBatch): Promise<void> {
    for (const { ops } of batch) for (const op of ops) assertWellFormed(op);
    const entries = batch.filter((entry) => entry.ops.length > 0);
    if (entries.length === 0) return;
    const run = async (session?: ClientSession): Promise<void> => {
      for (const { collection, ops } of entries) {
        await this.db
          .collection(collection)
          .bulkWrite(ops as unknown as AnyBulkWriteOperation<Document>[], { ordered: true, ...(session ? { session } : {}) });
      }
    };
    if (!this.atomicBatches) return run();
    const session = this.client.startSession();
    try {
      await session.withTransaction(() => run(session));
    } finally {
      await session.endSession();
    }
  }

  async dropCollection(collection: string): Promise<void> {
    try {
      await this.db.dropCollection(collection);
    } catch (error) {
      // Servers before 7.0 answer NamespaceNotFound (26) for a missing collection.
      if ((error as { code?: unknown }).code !== 26) throw error;
    }
  }

  async listCollections(): Promise<string[]> {
    const infos = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return infos
      .filter((info) => info.type !== 'view' && !info.name.startsWith('system.'))
      .map((info) => info.name)
      .sort();
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Drops the whole database (tests use one database per run). */
  async dropDatabase(): Promise<void> {
    await this.db.dropDatabase();
  }
}

/** Refuses update documents the server would refuse, before anything of the batch is sent. */
function assertWellFormed(op: WriteOp): void {
  if ('updateOne' in op && op.updateOne) {
    assertOperatorsOnly(op.updateOne.update);
  } else if ('replaceOne' in op && op.replaceOne) {
    const keys = Object.keys(op.replaceOne.replacement ?? {});
    const operator = keys.find((key) => key.startsWith('$'));
    if (operator) throw new Error(`A replacement document must not contain update operators ('${operator}').`);
  }
}

function assertOperatorsOnly(update: Update): void {
  if (update === null || typeof update !== 'object' || Array.isArray(update)) {
    throw new Error('An update must be a document of update operators (pipelines are not supported).');
  }
  const keys = Object.keys(update);
  const plain = keys.find((key) => !key.startsWith('$'));
  if (keys.length === 0 || plain !== undefined) {
    throw new Error(
      plain !== undefined && keys.some((key) => key.startsWith('$'))
        ? `An update must not mix update operators and plain fields ('${plain}'): use only operators such as $set.`
        : 'Update document requires atomic operators (such as $set); to replace a document use replaceOne.',
    );
  }
}
