import {
  type AnyBulkWriteOperation,
  type ClientSession,
  type Db,
  type Document,
  MongoClient,
  type MongoClientOptions,
  MongoError,
} from 'mongodb';
import {
  PreconditionFailed,
  type Doc,
  type Filter,
  type FindOptions,
  type ReadStore,
  type WriteBatch,
  type WriteOp,
} from './read-store.port';

export interface MongoReadStoreOptions {
  /**
   * Whether `write` runs each batch in a multi-document transaction. `'auto'` (default): when the
   * server supports them (a replica set or a sharded cluster); a standalone server does not.
   */
  transactions?: 'auto' | 'always' | 'never';
  /** Passed to `MongoClient`; `ignoreUndefined` defaults to true (undefined fields are dropped, as in the embedded store). */
  clientOptions?: MongoClientOptions;
  /**
   * Re-runs of a batch that failed on a duplicate key (code 11000) or with a transient error
   * (labels `TransientTransactionError`, `UnknownTransactionCommitResult`): `attempts` in all
   * (default 3), waiting `baseDelayMs` (default 50) before the second, doubled before each next.
   * `sleep` is there for tests.
   */
  retry?: { attempts?: number; baseDelayMs?: number; sleep?: (ms: number) => Promise<void> };
}

/** A run of write ops for one `bulkWrite`, or an `expect` precondition. */
type Step = { collection: string; ops: AnyBulkWriteOperation<Document>[] } | { collection: string; expect: Filter };

/**
 * The read store on a MongoDB server (driver 7; server 4.4 or later, which creates collections
 * inside transactions). `write` sends each collection's ops as one ordered `bulkWrite` (split where
 * an `expect` sits), collections in batch order; an `expect` is a `findOne` at its place.
 *
 * Atomicity: on a replica set or sharded cluster each batch runs in a transaction
 * (`session.withTransaction`, whose driver retries the whole callback on `TransientTransactionError`
 * and the commit on `UnknownTransactionCommitResult`), so a batch is applied whole or not at all,
 * as in the embedded store; a failed `expect` aborts the transaction. On a standalone server there
 * are no transactions and a batch is NOT atomic: when an op or an `expect` fails, the ops before it
 * stay applied and the ops after it are not. Malformed ops are refused before anything is sent.
 *
 * Retries: a batch failing on a duplicate key or a transient error is run again, bounded
 * (`retry`). Every op is a whole-document replace or delete, so running a batch again is
 * idempotent; a write guarded by its filter (the projection runner's checkpoint) fails again
 * instead of applying twice.
 *
 * Indexes: none beyond `_id`, which MongoDB creates with every collection. Every lookup on the
 * write path (a projection reading a document, the registry `_projections`, `_processes`, an
 * `expect` by `_id`) is by `_id`; read-model collections are per generation and scanned by queries
 * as the embedded store scans them.
 *
 * Differences from the embedded store: Dates stay BSON dates (the embedded store keeps JSON, i.e.
 * ISO strings).
 */
export class MongoReadStore implements ReadStore {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** Whether batches run in a transaction, i.e. are atomic. */
    readonly atomicBatches: boolean,
    retry: MongoReadStoreOptions['retry'] = {},
  ) {
    this.attempts = Math.max(1, retry.attempts ?? 3);
    this.baseDelayMs = retry.baseDelayMs ?? 50;
    this.sleep = retry.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Connects to `url` (production: `MONGODB_URL`) and opens database `dbName`. */
  static async connect(url: string, dbName: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    const client = new MongoClient(url, { ignoreUndefined: true, ...options.clientOptions });
    await client.connect();
    try {
      return await MongoReadStore.open(client, dbName, options);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /**
   * Opens database `dbName` on a connected client, which the store then owns (`close` closes it).
   * The seam tests pass a driver double here.
   */
  static async open(
    client: MongoClient,
    dbName: string,
    options: Omit<MongoReadStoreOptions, 'clientOptions'> = {},
  ): Promise<MongoReadStore> {
    const db = client.db(dbName);
    const mode = options.transactions ?? 'auto';
    let transactions = mode === 'always';
    if (mode === 'auto') {
      const hello = await db.admin().command({ hello: 1 });
      transactions = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
    }
    return new MongoReadStore(client, db, transactions, options.retry);
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
    const steps = plan(batch);
    if (steps.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(steps);
      } catch (error) {
        if (attempt >= this.attempts || !isRetryable(error)) throw error;
        await this.sleep(this.baseDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  /** Drops a collection; the driver answers false for a missing one (driver 7, src/operations/drop.ts). */
  async dropCollection(collection: string): Promise<void> {
    await this.db.dropCollection(collection);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async attempt(steps: Step[]): Promise<void> {
    if (!this.atomicBatches) return this.run(steps);
    const session = this.client.startSession();
    try {
      await session.withTransaction(() => this.run(steps, session));
    } finally {
      await session.endSession();
    }
  }

  private async run(steps: Step[], session?: ClientSession): Promise<void> {
    const options = session ? { session } : {};
    for (const step of steps) {
      const collection = this.db.collection(step.collection);
      if ('expect' in step) {
        const found = await collection.findOne(step.expect, { ...options, projection: { _id: 1 } });
        if (!found) throw new PreconditionFailed(step.collection, step.expect);
      } else {
        await collection.bulkWrite(step.ops, { ...options, ordered: true });
      }
    }
  }
}

/** The batch as steps; refuses malformed ops before anything is sent. */
function plan(batch: WriteBatch): Step[] {
  const steps: Step[] = [];
  for (const { collection, ops } of batch) {
    let run: AnyBulkWriteOperation<Document>[] | null = null;
    for (const op of ops) {
      if ('expect' in op && op.expect) {
        steps.push({ collection, expect: op.expect.filter });
        run = null;
        continue;
      }
      assertWellFormed(op);
      if (!run) steps.push({ collection, ops: (run = []) });
      run.push(op as AnyBulkWriteOperation<Document>);
    }
  }
  return steps;
}

function assertWellFormed(op: WriteOp): void {
  if ('deleteOne' in op && op.deleteOne) return;
  if (!('replaceOne' in op && op.replaceOne)) throw new Error(`Unknown write op: ${JSON.stringify(Object.keys(op ?? {}))}.`);
  const replacement = op.replaceOne.replacement ?? {};
  const operator = Object.keys(replacement).find((key) => key.startsWith('$'));
  if (operator) throw new Error(`A replacement document must not contain update operators ('${operator}').`);
  if (typeof replacement._id !== 'string') {
    throw new Error(`A replacement must carry its string _id, got ${JSON.stringify(replacement._id)}.`);
  }
}

/** A duplicate key (code 11000) or an error MongoDB labels transient (driver 7, src/error.ts MongoErrorLabel). */
function isRetryable(error: unknown): boolean {
  return (
    error instanceof MongoError &&
    (error.code === 11000 ||
      error.hasErrorLabel('TransientTransactionError') ||
      error.hasErrorLabel('UnknownTransactionCommitResult'))
  );
}
