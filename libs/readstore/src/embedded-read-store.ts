import Database from 'better-sqlite3';
import { find as mingoFind, Query } from 'mingo';
import {
  PreconditionFailed,
  type Doc,
  type Filter,
  type FindOptions,
  type ReadStore,
  type WriteBatch,
  type WriteOp,
} from './read-store.port';

/**
 * The embedded read store: every document is held in memory (one `Map` per collection, keyed by
 * `_id`, in insertion order) and queried with mingo, MongoDB's filter language in JavaScript.
 * `EmbeddedReadStore.open(file)` also keeps the documents in one SQLite file (better-sqlite3, WAL,
 * `synchronous=NORMAL`) and loads them all back on open; `EmbeddedReadStore.inMemory()` keeps
 * nothing on disk.
 *
 * Writes (`write(batch)`): the ops of all collections are applied in order, then every document the
 * batch touched is written (its final state, serialised once) in ONE SQLite transaction. If any op
 * or `expect` precondition fails, or the commit fails, nothing of the batch remains, neither in
 * memory nor on disk. A projection puts its checkpoint in the same batch as the read-model changes
 * so that both commit or roll back together. With `synchronous=NORMAL` a committed batch survives a
 * crash of the process; a power cut may lose the last batches, which a rebuild from the event store
 * restores.
 *
 * MongoDB semantics, as a MongoDB server applies them:
 * - `replaceOne` replaces the first match and keeps its `_id` (a replacement with another `_id` is
 *   refused); with `upsert` and no match it inserts the replacement, and an insert whose `_id`
 *   already exists (the document did not match the rest of the filter) is a duplicate-key error.
 *   `deleteOne` removes the first match.
 * - `expect` checks that a document matches, against the batch's state at that point.
 * - `find` without `sort` returns documents in insertion order (a replaced document keeps its
 *   place), which is also their order after reopening the file.
 * - Documents returned by `find`/`findOne` are copies; values written are copied too, so later
 *   mutations on either side never reach the store.
 *
 * Differences from MongoDB, on purpose:
 * - `_id` must be a string, carried by the replacement (the port's `Doc` type).
 * - Documents hold JSON values only: they are stored as JSON, so, exactly as `JSON.stringify` does,
 *   a `Date` becomes its ISO string (in memory as well, so a document reads the same before and
 *   after reopening), `undefined` fields are dropped, `NaN`/`Infinity` become `null`.
 *
 * Speed: a filter with a string `_id` (`{_id: 'x'}`, `{_id: {$eq: 'x'}}`, `{_id: {$in: [...]}}`,
 * possibly with further conditions) is a map lookup; any other filter is a linear scan of the
 * collection with mingo (~1 ms per 10,000 documents), acceptable for the read models' sizes today.
 * A secondary index on the fields queries filter by is the next step if a collection grows large.
 */
export class EmbeddedReadStore implements ReadStore {
  private readonly collections = new Map<string, Collection>();
  private closed = false;

  private constructor(private readonly file: SqliteFile | null) {
    if (file) file.loadInto(this.collections);
  }

  /** A store kept in the SQLite file at `path` (created if missing); `':memory:'` keeps nothing on disk. */
  static open(path: string): EmbeddedReadStore {
    if (path === ':memory:') return EmbeddedReadStore.inMemory();
    return new EmbeddedReadStore(new SqliteFile(path));
  }

  /** A store held in memory only: everything is gone once it is closed. */
  static inMemory(): EmbeddedReadStore {
    return new EmbeddedReadStore(null);
  }

  async find<T extends Doc = Doc>(collection: string, filter: Filter = {}, options: FindOptions = {}): Promise<T[]> {
    this.assertOpen();
    const matcher = compileFilter(filter);
    const { skip, limit } = pageOf(options);
    const coll = this.collections.get(collection);
    if (!coll) return [];
    const sort = options.sort;
    let page: Doc[];
    if (sort && Object.keys(sort).length > 0) {
      for (const key of Object.keys(sort)) {
        if (sort[key] !== 1 && sort[key] !== -1) throw storeError(2, 'BadValue', `Invalid sort value for '${key}': use 1 or -1.`);
      }
      const sorted = mingoFind<Doc>(collectMatches(coll, matcher, Infinity), {})
        .sort(sort)
        .all();
      page = sorted.slice(skip, limit === 0 ? undefined : skip + limit);
    } else {
      page = collectMatches(coll, matcher, limit === 0 ? Infinity : skip + limit).slice(skip);
    }
    return page.map((doc) => cloneValue(doc) as T);
  }

  async findOne<T extends Doc = Doc>(collection: string, filter: Filter): Promise<T | null> {
    this.assertOpen();
    const matcher = compileFilter(filter);
    const coll = this.collections.get(collection);
    const doc = coll ? firstMatch(coll, matcher) : undefined;
    return doc ? (cloneValue(doc) as T) : null;
  }

  async count(collection: string, filter: Filter = {}): Promise<number> {
    this.assertOpen();
    const matcher = compileFilter(filter);
    const coll = this.collections.get(collection);
    if (!coll) return 0;
    if (!matcher.ids && !matcher.test) return coll.docs.size;
    return collectMatches(coll, matcher, Infinity).length;
  }

  /**
   * Applies the whole batch or nothing. Runs synchronously from start to end (no `await` inside),
   * so no read or other write can observe a half-applied batch.
   */
  /**
   * Applies the whole batch or nothing. Runs synchronously from start to end (no `await` inside),
   * so no read or other write can observe a half-applied batch.
   */
  async write(batch: WriteBatch): Promise<void> {
    this.assertOpen();
    if (!Array.isArray(batch)) throw storeError(2, 'BadValue', 'A write batch must be an array.');
    const state: BatchState = new Map();
    try {
      for (const entry of batch) {
        assertCollectionName(entry.collection);
        if (!Array.isArray(entry.ops)) throw storeError(2, 'BadValue', `The ops for '${entry.collection}' must be an array.`);
        for (const op of entry.ops) this.apply(state, entry.collection, op);
      }
      if (this.file && state.size > 0) this.file.commit(state);
    } catch (error) {
      rollback(state);
      throw error;
    }
    settle(state);
  }

  async dropCollection(collection: string): Promise<void> {
    this.assertOpen();
    if (this.file) this.file.drop(collection);
    this.collections.delete(collection);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.collections.clear();
    if (this.file) this.file.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('EmbeddedReadStore is closed.');
  }

  // ---------------------------------------------------------------------------------------------
  // Writes. The first time a batch touches a document it records the document as it was (in the
  // batch state); a deleted document is replaced by TOMBSTONE so that it keeps its place in the map
  // until the batch commits. Rollback puts back what the state recorded; settle drops the tombstones.

  private apply(state: BatchState, collection: string, op: WriteOp): void {
    if ('replaceOne' in op && op.replaceOne) return this.replaceOne(state, collection, op.replaceOne);
    if ('deleteOne' in op && op.deleteOne) return this.deleteOne(state, collection, op.deleteOne.filter);
    if ('expect' in op && op.expect) return this.expect(collection, op.expect.filter);
    throw storeError(2, 'BadValue', `Unknown write op: ${JSON.stringify(Object.keys(op ?? {}))}.`);
  }

  private replaceOne(state: BatchState, collection: string, op: { filter: Filter; replacement: Doc; upsert?: boolean }): void {
    const { replacement } = op;
    if (!isPlainObject(replacement)) throw storeError(2, 'BadValue', 'A replacement must be a document.');
    for (const key of Object.keys(replacement)) {
      if (key.startsWith('$'))
        throw storeError(2, 'BadValue', `A replacement document must not contain update operators ('${key}').`);
    }
    if (typeof replacement._id !== 'string') {
      throw storeError(2, 'BadValue', `A replacement must carry its string _id, got ${JSON.stringify(replacement._id)}.`);
    }
    const matcher = compileFilter(op.filter);
    let coll = this.collections.get(collection);
    const found = coll ? firstMatch(coll, matcher) : undefined;
    const fresh = cloneValue(replacement) as Doc;
    if (coll && found) {
      if (fresh._id !== found._id) {
        throw storeError(
          66,
          'ImmutableField',
          `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${JSON.stringify(fresh._id)}`,
        );
      }
      record(state, coll, found._id, found);
      coll.docs.set(found._id, idFirst(fresh));
      return;
    }
    if (!op.upsert) return;
    if (!coll) {
      coll = { name: collection, docs: new Map() };
      this.collections.set(collection, coll);
    }
    const existing = coll.docs.get(fresh._id);
    if (existing !== undefined && existing !== TOMBSTONE) {
      throw storeError(
        11000,
        'DuplicateKey',
        `E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: ${JSON.stringify(fresh._id)} }`,
      );
    }
    record(state, coll, fresh._id, existing);
    coll.docs.set(fresh._id, idFirst(fresh));
  }

  private deleteOne(state: BatchState, collection: string, filter: Filter): void {
    const matcher = compileFilter(filter);
    const coll = this.collections.get(collection);
    const found = coll ? firstMatch(coll, matcher) : undefined;
    if (!coll || !found) return;
    record(state, coll, found._id, found);
    coll.docs.set(found._id, TOMBSTONE);
  }

  /** The `expect` precondition, against the batch's state so far. */
  private expect(collection: string, filter: Filter): void {
    const matcher = compileFilter(filter);
    const coll = this.collections.get(collection);
    if (!coll || !firstMatch(coll, matcher)) throw new PreconditionFailed(collection, filter);
  }
}

// -----------------------------------------------------------------------------------------------
// Storage

type Obj = Record<string, unknown>;

interface Collection {
  readonly name: string;
  /** Live documents by `_id`, in insertion order; during a batch also TOMBSTONEs. */
  readonly docs: Map<string, Doc>;
}

/** Per collection, every document the batch touched as it was before (undefined: it did not exist). */
type BatchState = Map<Collection, Map<string, Doc | undefined>>;

/** Marks a document deleted by the batch in progress; never visible outside `write`. */
const TOMBSTONE: Doc = Object.freeze({ _id: '\u0000deleted' });

/** Records the pre-batch state of a document the first time the batch touches it. */
function record(state: BatchState, coll: Collection, id: string, current: Doc | undefined): void {
  let before = state.get(coll);
  if (!before) {
    before = new Map();
    state.set(coll, before);
  }
  if (!before.has(id)) before.set(id, current);
}

function rollback(state: BatchState): void {
  for (const [coll, before] of state) {
    for (const [id, doc] of before) {
      if (doc === undefined) coll.docs.delete(id);
      else coll.docs.set(id, doc);
    }
  }
}

function settle(state: BatchState): void {
  for (const [coll, before] of state) {
    for (const id of before.keys()) {
      if (coll.docs.get(id) === TOMBSTONE) coll.docs.delete(id);
    }
  }
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS readstore_docs (
    coll TEXT NOT NULL,
    id   TEXT NOT NULL,
    doc  TEXT NOT NULL,
    UNIQUE (coll, id)
  );
`;

/**
 * The SQLite file: one table of documents as JSON text keyed by (collection, _id). Upserts keep a
 * row's rowid, so `ORDER BY rowid` gives back the in-memory insertion order on load. (Files written
 * before the port was trimmed also hold a `readstore_collections` table, no longer read.)
 */
class SqliteFile {
  private readonly db: Database.Database;
  private readonly deleteDocs: Database.Statement<[string]>;
  private readonly commitBatch: (state: BatchState) => void;

  constructor(path: string) {
    this.db = new Database(path);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(SCHEMA);
    } catch (error) {
      this.db.close();
      throw error;
    }
    const upsertDoc = this.db.prepare<[string, string, string]>(
      'INSERT INTO readstore_docs (coll, id, doc) VALUES (?, ?, ?) ON CONFLICT (coll, id) DO UPDATE SET doc = excluded.doc',
    );
    const deleteDoc = this.db.prepare<[string, string]>('DELETE FROM readstore_docs WHERE coll = ? AND id = ?');
    this.deleteDocs = this.db.prepare<[string]>('DELETE FROM readstore_docs WHERE coll = ?');

    this.commitBatch = this.db.transaction((state: BatchState) => {
      for (const [coll, before] of state) {
        const name = coll.name;
        for (const [id, previous] of before) {
          const doc = coll.docs.get(id);
          if (doc === undefined || doc === TOMBSTONE) {
            if (previous !== undefined) deleteDoc.run(name, id);
          } else {
            upsertDoc.run(name, id, JSON.stringify(doc));
          }
        }
      }
    });
  }

  loadInto(collections: Map<string, Collection>): void {
    const rows = this.db.prepare('SELECT coll, doc FROM readstore_docs ORDER BY rowid').raw().iterate() as IterableIterator<
      [string, string]
    >;
    for (const [name, json] of rows) {
      let coll = collections.get(name);
      if (!coll) {
        coll = { name, docs: new Map() };
        collections.set(name, coll);
      }
      const doc = JSON.parse(json) as Doc;
      coll.docs.set(doc._id, doc);
    }
  }

  commit(state: BatchState): void {
    this.commitBatch(state);
  }

  drop(name: string): void {
    this.deleteDocs.run(name);
  }

  close(): void {
    this.db.close();
  }
}

// -----------------------------------------------------------------------------------------------
// Errors

/** A write or query MongoDB would refuse; `code`/`codeName` are MongoDB's for the same error. */
export class ReadStoreError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly codeName: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReadStoreError';
  }
}

function storeError(code: number, codeName: string, message: string, cause?: unknown): ReadStoreError {
  return new ReadStoreError(message, code, codeName, cause === undefined ? undefined : { cause });
}

function assertCollectionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('$') || name.includes('\u0000')) {
    throw storeError(73, 'InvalidNamespace', `Invalid collection name: ${JSON.stringify(name)}.`);
  }
}

// -----------------------------------------------------------------------------------------------
// Filters

interface Matcher {
  /** Candidate `_id`s when the filter pins `_id` to strings; null: scan the collection. */
  readonly ids: readonly string[] | null;
  /** The filter as a predicate; null when every candidate matches (no filter, or `_id` alone). */
  readonly test: ((doc: Doc) => boolean) | null;
}

const MATCH_ALL: Matcher = { ids: null, test: null };

function compileFilter(filter: Filter | undefined): Matcher {
  if (filter === undefined || filter === null) return MATCH_ALL;
  if (!isPlainObject(filter)) throw storeError(2, 'BadValue', 'A filter must be a document.');
  const keys = Object.keys(filter);
  if (keys.length === 0) return MATCH_ALL;
  const ids = idsOf(filter._id);
  if (ids && keys.length === 1) return { ids, test: null };
  // The candidates already satisfy the `_id` condition: test only the rest (an `$in` of N ids would
  // otherwise be re-evaluated against every candidate, N × N).
  const rest: Filter = ids ? Object.fromEntries(Object.entries(filter).filter(([k]) => k !== '_id')) : filter;
  let query: Query;
  try {
    query = new Query(rest);
  } catch (error) {
    throw storeError(2, 'BadValue', `Invalid filter: ${messageOf(error)}`, error);
  }
  return { ids, test: (doc) => query.test(doc) };
}

/** The `_id`s a filter's `_id` condition allows, when they are all strings. */
function idsOf(condition: unknown): string[] | null {
  if (typeof condition === 'string') return [condition];
  if (!isPlainObject(condition)) return null;
  const keys = Object.keys(condition);
  if (keys.length !== 1) return null;
  if (keys[0] === '$eq' && typeof condition.$eq === 'string') return [condition.$eq];
  if (keys[0] === '$in' && Array.isArray(condition.$in) && condition.$in.every((id) => typeof id === 'string')) {
    return [...new Set(condition.$in as string[])];
  }
  return null;
}

function firstMatch(coll: Collection, matcher: Matcher): Doc | undefined {
  const { ids, test } = matcher;
  if (ids) {
    for (const id of ids) {
      const doc = coll.docs.get(id);
      if (doc !== undefined && doc !== TOMBSTONE && (!test || test(doc))) return doc;
    }
    return undefined;
  }
  for (const doc of coll.docs.values()) {
    if (doc !== TOMBSTONE && (!test || test(doc))) return doc;
  }
  return undefined;
}

function collectMatches(coll: Collection, matcher: Matcher, max: number): Doc[] {
  const out: Doc[] = [];
  if (max <= 0) return out;
  const { ids, test } = matcher;
  if (ids) {
    for (const id of ids) {
      const doc = coll.docs.get(id);
      if (doc !== undefined && doc !== TOMBSTONE && (!test || test(doc)) && out.push(doc) >= max) break;
    }
    return out;
  }
  for (const doc of coll.docs.values()) {
    if (doc !== TOMBSTONE && (!test || test(doc)) && out.push(doc) >= max) break;
  }
  return out;
}

function pageOf(options: FindOptions): { skip: number; limit: number } {
  const skip = options.skip ?? 0;
  const limit = options.limit ?? 0;
  if (!Number.isInteger(skip) || skip < 0) throw storeError(2, 'BadValue', `skip must be a non-negative integer, got ${skip}.`);
  if (!Number.isInteger(limit)) throw storeError(2, 'BadValue', `limit must be an integer, got ${limit}.`);
  // As MongoDB: 0 means no limit, a negative limit is its absolute value.
  return { skip, limit: Math.abs(limit) };
}

// -----------------------------------------------------------------------------------------------
// Values

function isPlainObject(value: unknown): value is Obj {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A deep copy holding JSON values only, exactly what `JSON.parse(JSON.stringify(value))` gives
 * (`toJSON` honoured, so a Date becomes its ISO string; undefined and functions dropped from
 * objects and null in arrays; non-finite numbers null), but several times faster.
 */
function cloneValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    case 'bigint':
      throw storeError(2, 'BadValue', 'BigInt values cannot be stored.');
    default:
      return undefined;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneItem(value[i]);
    return out;
  }
  const source = value as Obj;
  if (typeof source.toJSON === 'function') return cloneValue((source.toJSON as () => unknown)());
  const out: Obj = {};
  for (const key of Object.keys(source)) {
    const copy = cloneValue(source[key]);
    if (copy === undefined) continue;
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
}

/** The document with `_id` as its first key, as MongoDB keeps it; copied only when it is not (a projection's documents already are). */
function idFirst(doc: Doc): Doc {
  for (const key in doc) return key === '_id' ? doc : (Object.assign({ _id: doc._id }, doc) as Doc);
  return doc;
}

/** An array element as JSON keeps it: undefined becomes null. */
function cloneItem(value: unknown): unknown {
  const copy = cloneValue(value);
  return copy === undefined ? null : copy;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
