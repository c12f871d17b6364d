import { find as mingoFind, Query } from 'mingo';
import {
  type BulkWriteResult,
  type Document,
  MongoBulkWriteError,
  MongoError,
  MongoInvalidArgumentError,
  type MongoClient,
  MongoServerError,
  type WriteError,
} from 'mongodb';

/**
 * The driver's own `BulkWriteResult` and `WriteError` classes: its public index exports them as
 * types only (src/index.ts:179-191), so they are taken from the module that defines them
 * (lib/bulk/common.js, from src/bulk/common.ts); `BulkWriteResult`'s constructor is internal (:209).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const driverBulk = require('mongodb/lib/bulk/common') as {
  BulkWriteResult: new (result: BulkResult, isOrdered: boolean) => BulkWriteResult;
  WriteError: new (err: { index: number; code: number; errmsg: string; errInfo: Document; op: Document }) => WriteError;
};

/**
 * A scripted double of the slice of the MongoDB driver 7.9 (node_modules/mongodb) that
 * `MongoReadStore` uses: `MongoClient.db/startSession/close`, `Db.collection/admin().command/
 * dropCollection`, `Collection.find().toArray/findOne/countDocuments/bulkWrite` and
 * `ClientSession.withTransaction/endSession`.
 *
 * It answers with the driver's own classes and shapes (all paths under node_modules/mongodb):
 * - `bulkWrite` resolves a `BulkWriteResult` (src/bulk/common.ts:180, built from a `BulkResult`,
 *   :135, as `executeCommands` builds it); an ordered bulk stops at the first write error and
 *   rejects with `MongoBulkWriteError` whose `code` is the first write error's and whose
 *   `writeErrors` are `WriteError`s (`handleWriteError`, src/bulk/common.ts:1231-1245); a failed
 *   command (e.g. WriteConflict) rejects with `MongoBulkWriteError` wrapping the server's
 *   `MongoServerError` (src/bulk/common.ts:608-614), which keeps its `errorLabels`
 *   (src/error.ts:237-256). A duplicate `_id` is code 11000, a changed `_id` code 66. An empty
 *   bulk, an unknown op or a replacement with `$` keys throw `MongoInvalidArgumentError` before
 *   anything is sent (src/bulk/common.ts:1069-1140 `raw`, :1201).
 * - `withTransaction` follows src/sessions.ts:683-870: the callback's `MongoError` with label
 *   `TransientTransactionError` re-runs the callback (step 7.2); any other error aborts and is
 *   rethrown (7.1, 7.4; a non-`MongoError` is aborted and rethrown first); a commit error with
 *   `UnknownTransactionCommitResult` retries the commit only (10.1), with
 *   `TransientTransactionError` the whole transaction (10.2). Its 120-second deadline is
 *   `transactionAttempts` here, after which the last error is rethrown as is (`makeTimeoutError`
 *   without CSOT, src/sessions.ts:873-890). It never sleeps (the driver's backoff, step 2.1).
 * - `find()` returns a cursor whose `toArray` resolves the documents (src/cursor/abstract_cursor.ts:572).
 * - `dropCollection` resolves false for a missing collection: the driver turns NamespaceNotFound
 *   into false (src/operations/drop.ts:44-48).
 * - `admin().command({ hello: 1 })` resolves the `hello` reply given: `setName` on a replica set,
 *   `msg: 'isdbgrid'` from mongos (how the driver tells them, src/sdam/server_description.ts:221-225).
 *
 * It is NOT a MongoDB server: documents live in memory, filters and sorts are mingo's (as in the
 * embedded store), a transaction writes to a private overlay that its commit applies (no snapshot
 * isolation, no write conflicts unless scripted with `fail`). What the server itself does is only
 * proved by the contract suite run against a real MongoDB (MONGODB_URL).
 */
export class ServerDouble {
  /** Committed documents per collection, by `_id`, in insertion order. */
  readonly collections = new Map<string, Map<string, Document>>();
  /** Every driver call, in order. `txn` names the transaction a call ran in. */
  readonly calls: Call[] = [];
  /** The reply to `hello`: a replica set by default. */
  hello: Document = { isWritablePrimary: true, setName: 'rs0' };
  /** Callback runs plus commit attempts one `withTransaction` makes before it gives up (its 120 s deadline). */
  transactionAttempts = 10;
  private readonly faults: Fault[] = [];
  private nextTxn = 1;

  /** A client on this server, as `MongoReadStore.open` takes it. */
  client(): MongoClient {
    return new ClientDouble(this) as unknown as MongoClient;
  }

  /** Scripts the next `times` calls of `method` (on `collection`, if given) to fail with `error()`. */
  fail(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** The calls of one kind, e.g. `server.only('bulkWrite')`. */
  only(method: string): Call[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The committed documents of a collection, in insertion order. */
  docs(collection: string): Document[] {
    return [...(this.collections.get(collection)?.values() ?? [])].map(copy);
  }

  /** @internal */
  takeFault(method: string, collection?: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.method === method && (f.collection === undefined || f.collection === collection));
    if (i < 0) return undefined;
    const fault = this.faults[i];
    if (--fault.times <= 0) this.faults.splice(i, 1);
    return fault;
  }

  /** @internal */
  newTxn(): number {
    return this.nextTxn++;
  }
}

export interface Call {
  method: string;
  collection?: string;
  /** The transaction the call ran in (its session's), if any. */
  txn?: number;
  /** Whether a session was passed. */
  session?: boolean;
  args?: Document;
}

export interface Fault {
  method: 'bulkWrite' | 'commitTransaction' | 'findOne';
  collection?: string;
  times: number;
  /** The error a failed command raises (for `bulkWrite`: wrapped in `MongoBulkWriteError`, as the driver wraps it). */
  error?: () => Error;
  /** For `bulkWrite`: a write error on its first op instead (the shape `handleWriteError` throws). */
  writeError?: { code: number; errmsg: string };
  /** For `commitTransaction`: the commit lands although the error says otherwise (an unknown outcome). */
  applied?: boolean;
}

/** The error a server answers a command with, as the driver raises it (src/error.ts:237). */
export function serverError(fields: {
  code: number;
  codeName: string;
  errmsg: string;
  errorLabels?: string[];
}): MongoServerError {
  return new MongoServerError({ ok: 0, ...fields });
}

type Overlay = Map<string, Map<string, Document | null>>;

interface Txn {
  id: number;
  writes: Overlay;
  committed: boolean;
}

class ClientDouble {
  constructor(private readonly server: ServerDouble) {}

  db(name: string): DbDouble {
    this.server.calls.push({ method: 'db', args: { name } });
    return new DbDouble(this.server, name);
  }

  startSession(): SessionDouble {
    this.server.calls.push({ method: 'startSession' });
    return new SessionDouble(this.server);
  }

  async close(): Promise<void> {
    this.server.calls.push({ method: 'close' });
  }
}

class DbDouble {
  constructor(
    private readonly server: ServerDouble,
    readonly databaseName: string,
  ) {}

  collection(name: string): CollectionDouble {
    return new CollectionDouble(this.server, this.databaseName, name);
  }

  admin(): { command(command: Document): Promise<Document> } {
    return {
      command: async (command) => {
        this.server.calls.push({ method: 'command', args: command });
        if ('hello' in command) return { ...this.server.hello, ok: 1 };
        throw serverError({ code: 59, codeName: 'CommandNotFound', errmsg: `no such command: '${Object.keys(command)[0]}'` });
      },
    };
  }

  async dropCollection(name: string): Promise<boolean> {
    this.server.calls.push({ method: 'dropCollection', collection: name });
    return this.server.collections.delete(name);
  }
}

class SessionDouble {
  private txn: Txn | null = null;

  constructor(private readonly server: ServerDouble) {}

  inTransaction(): boolean {
    return this.txn !== null && !this.txn.committed;
  }

  /** @internal The running transaction, for the collection double. */
  get current(): Txn | null {
    return this.inTransaction() ? this.txn : null;
  }

  startTransaction(): void {
    this.txn = { id: this.server.newTxn(), writes: new Map(), committed: false };
    this.server.calls.push({ method: 'startTransaction', txn: this.txn.id });
  }

  async commitTransaction(): Promise<void> {
    const txn = this.txn;
    if (!txn) throw new MongoError('No transaction started');
    this.server.calls.push({ method: 'commitTransaction', txn: txn.id });
    if (txn.committed) return; // a retried commit of a commit that landed succeeds
    const fault = this.server.takeFault('commitTransaction');
    if (fault?.error) {
      if (fault.applied) this.apply(txn);
      throw fault.error();
    }
    this.apply(txn);
  }

  async abortTransaction(): Promise<void> {
    if (!this.txn) return;
    this.server.calls.push({ method: 'abortTransaction', txn: this.txn.id });
    this.txn = null;
  }

  async withTransaction<T>(fn: (session: SessionDouble) => Promise<T>): Promise<T> {
    let attempts = 0;
    let lastError: Error | null = null;
    const deadline = (): void => {
      if (++attempts > this.server.transactionAttempts) throw lastError;
    };
    retryTransaction: for (;;) {
      deadline();
      this.startTransaction();
      let result: T;
      try {
        result = await fn(this);
      } catch (fnError) {
        if (!(fnError instanceof MongoError)) {
          await this.abortTransaction();
          throw fnError;
        }
        lastError = fnError;
        if (this.inTransaction()) await this.abortTransaction(); // 7.1
        if (fnError.hasErrorLabel('TransientTransactionError')) continue retryTransaction; // 7.2
        throw fnError; // 7.3, 7.4
      }
      for (;;) {
        try {
          await this.commitTransaction(); // 9
          return result;
        } catch (commitError) {
          if (!(commitError instanceof MongoError)) throw commitError;
          lastError = commitError;
          if (commitError.hasErrorLabel('UnknownTransactionCommitResult')) {
            deadline(); // 10.1.1
            continue; // 10.1.2
          }
          if (commitError.hasErrorLabel('TransientTransactionError')) continue retryTransaction; // 10.2
          throw commitError; // 10.3
        }
      }
    }
  }

  async endSession(): Promise<void> {
    this.server.calls.push({ method: 'endSession' });
  }

  private apply(txn: Txn): void {
    for (const [name, writes] of txn.writes) {
      let coll = this.server.collections.get(name);
      if (!coll) this.server.collections.set(name, (coll = new Map()));
      for (const [id, doc] of writes) {
        if (doc === null) coll.delete(id);
        else coll.set(id, doc);
      }
    }
    txn.committed = true;
  }
}

interface BulkResult {
  ok: number;
  writeErrors: WriteError[];
  writeConcernErrors: never[];
  insertedIds: Document[];
  nInserted: number;
  nUpserted: number;
  nMatched: number;
  nModified: number;
  nRemoved: number;
  upserted: Document[];
}

const bulkWriteResult = (result: BulkResult): BulkWriteResult => new driverBulk.BulkWriteResult(result, true);

const emptyBulkResult = (): BulkResult => ({
  ok: 1,
  writeErrors: [],
  writeConcernErrors: [],
  insertedIds: [],
  nInserted: 0,
  nUpserted: 0,
  nMatched: 0,
  nModified: 0,
  nRemoved: 0,
  upserted: [],
});

/** The driver's `BulkWriteResult` of a bulk that wrote nothing. */
export const emptyBulkWriteResult = (): BulkWriteResult => bulkWriteResult(emptyBulkResult());

class CollectionDouble {
  constructor(
    private readonly server: ServerDouble,
    private readonly dbName: string,
    private readonly name: string,
  ) {}

  find(filter: Document, options: Document = {}): { toArray(): Promise<Document[]> } {
    this.log('find', undefined, { filter, options });
    return {
      toArray: async () => {
        let cursor = mingoFind<Document>(this.view(undefined), filter);
        if (options.sort) cursor = cursor.sort(options.sort as Document);
        if (options.skip) cursor = cursor.skip(options.skip as number);
        if (options.limit) cursor = cursor.limit(Math.abs(options.limit as number));
        return cursor.all().map(copy);
      },
    };
  }

  async findOne(filter: Document, options: { session?: SessionDouble; projection?: Document } = {}): Promise<Document | null> {
    this.log('findOne', options.session, { filter, ...(options.projection ? { projection: options.projection } : {}) });
    const fault = this.server.takeFault('findOne', this.name);
    if (fault?.error) throw fault.error();
    const query = new Query(filter);
    const found = this.view(options.session).find((doc) => query.test(doc));
    if (!found) return null;
    return options.projection?._id === 1 ? { _id: found._id } : copy(found);
  }

  async countDocuments(filter: Document = {}): Promise<number> {
    this.log('countDocuments', undefined, { filter });
    const query = new Query(filter);
    return this.view(undefined).filter((doc) => query.test(doc)).length;
  }

  async bulkWrite(ops: Document[], options: { ordered?: boolean; session?: SessionDouble } = {}): Promise<BulkWriteResult> {
    if (!Array.isArray(ops)) throw new MongoInvalidArgumentError('Argument "operations" must be an array of documents');
    for (const op of ops) {
      if ('replaceOne' in op) {
        if (Object.keys(op.replaceOne.replacement ?? {}).some((key) => key.startsWith('$'))) {
          throw new MongoInvalidArgumentError('Replacement document must not use atomic operators');
        }
      } else if (!('deleteOne' in op)) {
        throw new MongoInvalidArgumentError('bulkWrite only supports insertOne, updateOne, updateMany, deleteOne, deleteMany');
      }
    }
    if (ops.length === 0) throw new MongoInvalidArgumentError('Invalid BulkOperation, Batch cannot be empty');
    this.log('bulkWrite', options.session, { ops: ops.map(copy), ordered: options.ordered });
    const result = emptyBulkResult();
    const fault = this.server.takeFault('bulkWrite', this.name);
    if (fault?.error) throw new MongoBulkWriteError(fault.error() as MongoServerError, bulkWriteResult(result));

    const write = this.writer(options.session);
    for (const [index, op] of ops.entries()) {
      const failure = index === 0 && fault?.writeError ? fault.writeError : this.applyOne(op, index, result, write);
      if (failure) {
        result.writeErrors.push(new driverBulk.WriteError({ index, errInfo: {}, op, ...failure }));
        throw new MongoBulkWriteError(
          { message: failure.errmsg, code: failure.code, writeErrors: result.writeErrors },
          bulkWriteResult(result),
        );
      }
    }
    return bulkWriteResult(result);
  }

  /** Applies one op; a write error is returned (the ordered bulk stops there). */
  private applyOne(
    op: Document,
    index: number,
    result: BulkResult,
    write: (id: string, doc: Document | null) => void,
  ): { code: number; errmsg: string } | null {
    if ('deleteOne' in op) {
      const query = new Query(op.deleteOne.filter as Document);
      const found = this.current.find((doc) => query.test(doc));
      if (found) {
        write(found._id as string, null);
        result.nRemoved++;
      }
      return null;
    }
    const { filter, replacement, upsert } = op.replaceOne as { filter: Document; replacement: Document; upsert?: boolean };
    const query = new Query(filter);
    const found = this.current.find((doc) => query.test(doc));
    if (found) {
      if (replacement._id !== undefined && replacement._id !== found._id) {
        return {
          code: 66,
          errmsg: `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${JSON.stringify(replacement._id)}`,
        };
      }
      result.nMatched++;
      const next = { _id: found._id, ...copy(replacement) };
      if (JSON.stringify(next) !== JSON.stringify(found)) result.nModified++;
      write(found._id as string, next);
      return null;
    }
    if (!upsert) return null;
    const id = (replacement._id ?? (typeof filter._id === 'string' ? filter._id : undefined)) as string | undefined;
    if (id === undefined) throw new Error('ServerDouble: an upsert without a string _id is not modelled');
    if (this.current.some((doc) => doc._id === id)) {
      return {
        code: 11000,
        errmsg: `E11000 duplicate key error collection: ${this.dbName}.${this.name} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
      };
    }
    write(id, { _id: id, ...copy(replacement) });
    result.nUpserted++;
    result.upserted.push({ index, _id: id });
    return null;
  }

  /** The documents the op being applied sees (set by `writer`). */
  private current: Document[] = [];

  /** A write function for the session's transaction (its overlay), or straight to the committed state. */
  private writer(session: SessionDouble | undefined): (id: string, doc: Document | null) => void {
    const txn = session?.current;
    const refresh = (): void => {
      this.current = this.view(session);
    };
    refresh();
    return (id, doc) => {
      if (txn) {
        let writes = txn.writes.get(this.name);
        if (!writes) txn.writes.set(this.name, (writes = new Map()));
        writes.set(id, doc);
      } else {
        let coll = this.server.collections.get(this.name);
        if (!coll) this.server.collections.set(this.name, (coll = new Map()));
        if (doc === null) coll.delete(id);
        else coll.set(id, doc);
      }
      refresh();
    };
  }

  /** The collection as a session sees it: committed documents overlaid by its transaction's writes. */
  private view(session: SessionDouble | undefined): Document[] {
    const committed = this.server.collections.get(this.name) ?? new Map<string, Document>();
    const writes = session?.current?.writes.get(this.name);
    if (!writes) return [...committed.values()];
    const merged = new Map(committed);
    for (const [id, doc] of writes) {
      if (doc === null) merged.delete(id);
      else merged.set(id, doc);
    }
    return [...merged.values()];
  }

  private log(method: string, session: SessionDouble | undefined, args: Document): void {
    this.server.calls.push({
      method,
      collection: this.name,
      session: session !== undefined,
      ...(session?.current ? { txn: session.current.id } : {}),
      args,
    });
  }
}

function copy<T>(value: T): T {
  return structuredClone(value);
}
