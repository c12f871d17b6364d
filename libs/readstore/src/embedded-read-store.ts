import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { find as mingoFind, Query, update as mingoUpdate } from 'mingo';
import type { Doc, Filter, FindOptions, ReadStore, Update, WriteBatch, WriteOp } from './read-store.port';

/**
 * The embedded read store: every document is held in memory (one `Map` per collection, keyed by
 * `_id`, in insertion order) and queried with mingo, MongoDB's filter language in JavaScript.
 * `EmbeddedReadStore.open(file)` also keeps the documents in one SQLite file (better-sqlite3, WAL,
 * `synchronous=NORMAL`) and loads them all back on open; `EmbeddedReadStore.inMemory()` keeps
 * nothing on disk.
 *
 * Writes (`write(batch)`): the ops of all collections are applied in order, then every document the
 * batch touched is written (its final state, serialised once) in ONE SQLite transaction. If any op
 * fails, or the commit fails, nothing of the batch remains, neither in memory nor on disk. A
 * projection should put its checkpoint in the same batch as the read-model changes so that both
 * commit or roll back together. With `synchronous=NORMAL` a committed batch survives a crash of the
 * process; a power cut may lose the last batches, which a rebuild from the event store restores.
 *
 * MongoDB semantics, as a MongoDB server applies them:
 * - `updateOne` changes the first match only; with `upsert` and no match it inserts a document made
 *   of the filter's equality conditions (`{a: v}`, `{a: {$eq: v}}`, inside `$and` or a one-clause
 *   `$or`; dotted paths make nested fields) plus the update, so `_id` comes from the filter (else a
 *   new ObjectId-like 24-hex string). `$setOnInsert` applies only on that insert.
 * - An update must consist of operators only; a plain field next to an operator is refused, as are
 *   unknown operators, two operators on the same or overlapping paths, and any change of `_id`.
 *   Type errors MongoDB raises are raised too: `$inc`/`$mul` on a non-number, `$push`/`$addToSet`
 *   /`$pull`/`$pop` on a non-array, creating a field inside a scalar or an array (`a.b` where `a`
 *   is `1` or `[...]`).
 * - `replaceOne` keeps the matched document's `_id` (a different `_id` in the replacement is
 *   refused); `deleteOne` removes the first match, `deleteMany` all of them. An insert whose `_id`
 *   already exists (an upsert whose filter did not match that document) is a duplicate-key error.
 * - `find` without `sort` returns documents in insertion order (an updated document keeps its
 *   place), which is also their order after reopening the file.
 * - Documents returned by `find`/`findOne` are copies; values written are copied too, so later
 *   mutations on either side never reach the store.
 *
 * Differences from MongoDB, on purpose:
 * - `_id` must be a string (the port's `Doc` type).
 * - Documents hold JSON values only: they are stored as JSON, so, exactly as `JSON.stringify` does,
 *   a `Date` becomes its ISO string (in memory as well, so a document reads the same before and
 *   after reopening), `undefined` fields are dropped, `NaN`/`Infinity` become `null`.
 *
 * Speed: `$set`, `$unset`, `$inc`, `$push` (a value or `{$each}`) and `$setOnInsert` on plain
 * paths are applied by this class directly (~1 µs per update); other operators, `$push` modifiers
 * and positional paths (`a.$`, `a.$[]`) go through mingo's updater (~60 µs per update), so keep the
 * hot projections on the former. A filter with a string `_id` (`{_id: 'x'}`, `{_id: {$eq: 'x'}}`,
 * `{_id: {$in: [...]}}`, possibly with further conditions) is a map lookup; any other filter is a
 * linear scan of the collection with mingo (~1 ms per 10,000 documents), acceptable for the read
 * models' sizes today. A secondary index on the fields projections look up by is the next step if
 * a collection grows large or a projection looks documents up by another field for every event.
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

  /** Whether the documents are kept on disk. */
  get persistent(): boolean {
    return this.file !== null;
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
  async write(batch: WriteBatch): Promise<void> {
    this.assertOpen();
    if (!Array.isArray(batch)) throw storeError(2, 'BadValue', 'A write batch must be an array.');
    const state: BatchState = { before: new Map(), created: [] };
    try {
      for (const entry of batch) {
        assertCollectionName(entry.collection);
        if (!Array.isArray(entry.ops)) throw storeError(2, 'BadValue', `The ops for '${entry.collection}' must be an array.`);
        for (const op of entry.ops) this.apply(state, entry.collection, op);
      }
      if (this.file && (state.before.size > 0 || state.created.length > 0)) this.file.commit(state);
    } catch (error) {
      this.rollback(state);
      throw error;
    }
    this.settle(state);
  }

  async dropCollection(collection: string): Promise<void> {
    this.assertOpen();
    if (this.file) this.file.drop(collection);
    this.collections.delete(collection);
  }

  async listCollections(): Promise<string[]> {
    this.assertOpen();
    return [...this.collections.keys()].sort();
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
  // Writes. Copy-on-write: the first time a batch touches a document it records the document as it
  // was (in `state.before`) and works on a private copy; a deleted document is replaced by TOMBSTONE
  // so that it keeps its place in the map until the batch commits. Rollback puts back what
  // `before` recorded; settle drops the tombstones.

  private apply(state: BatchState, collection: string, op: WriteOp): void {
    if ('updateOne' in op && op.updateOne) return this.updateOne(state, collection, op.updateOne);
    if ('replaceOne' in op && op.replaceOne) return this.replaceOne(state, collection, op.replaceOne);
    if ('deleteOne' in op && op.deleteOne) return this.deleteOne(state, collection, op.deleteOne.filter);
    if ('deleteMany' in op && op.deleteMany) return this.deleteMany(state, collection, op.deleteMany.filter);
    throw storeError(2, 'BadValue', `Unknown write op: ${JSON.stringify(Object.keys(op ?? {}))}.`);
  }

  private updateOne(state: BatchState, collection: string, op: { filter: Filter; update: Update; upsert?: boolean }): void {
    const parsed = parseUpdate(op.update);
    const matcher = compileFilter(op.filter);
    const coll = this.collections.get(collection);
    const found = coll ? firstMatch(coll, matcher) : undefined;
    if (coll && found) {
      const doc = this.writable(state, coll, found);
      const updated = applyUpdate(doc, parsed, false, op.filter);
      if (updated !== doc) coll.docs.set(doc._id, updated);
      return;
    }
    if (!op.upsert) return;
    const seed: Obj = {};
    addEqualities(op.filter, seed);
    this.insert(state, collection, applyUpdate(seed, parsed, true, undefined));
  }

  private replaceOne(state: BatchState, collection: string, op: { filter: Filter; replacement: Doc; upsert?: boolean }): void {
    const { replacement } = op;
    if (!isPlainObject(replacement)) throw storeError(2, 'BadValue', 'A replacement must be a document.');
    for (const key of Object.keys(replacement)) {
      if (key.startsWith('$'))
        throw storeError(2, 'BadValue', `A replacement document must not contain update operators ('${key}').`);
    }
    const matcher = compileFilter(op.filter);
    const coll = this.collections.get(collection);
    const found = coll ? firstMatch(coll, matcher) : undefined;
    const fresh = cloneValue(replacement) as Obj;
    if (coll && found) {
      if (fresh._id !== undefined && fresh._id !== found._id) {
        throw storeError(
          66,
          'ImmutableField',
          `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${JSON.stringify(fresh._id)}`,
        );
      }
      this.record(state, coll, found._id, found);
      coll.docs.set(found._id, Object.assign({ _id: found._id }, fresh));
      return;
    }
    if (!op.upsert) return;
    if (fresh._id === undefined) {
      const seed: Obj = {};
      addEqualities(op.filter, seed);
      if (seed._id !== undefined) fresh._id = seed._id;
    }
    this.insert(state, collection, fresh);
  }

  private deleteOne(state: BatchState, collection: string, filter: Filter): void {
    const matcher = compileFilter(filter);
    const coll = this.collections.get(collection);
    const found = coll ? firstMatch(coll, matcher) : undefined;
    if (!coll || !found) return;
    this.record(state, coll, found._id, found);
    coll.docs.set(found._id, TOMBSTONE);
  }

  private deleteMany(state: BatchState, collection: string, filter: Filter): void {
    const matcher = compileFilter(filter);
    const coll = this.collections.get(collection);
    if (!coll) return;
    for (const doc of collectMatches(coll, matcher, Infinity)) {
      this.record(state, coll, doc._id, doc);
      coll.docs.set(doc._id, TOMBSTONE);
    }
  }

  /** Inserts a new document (given `_id` or a generated one); a live document with that `_id` is a duplicate key. */
  private insert(state: BatchState, collection: string, fields: Obj): void {
    const id = fields._id === undefined ? newObjectIdHex() : fields._id;
    if (typeof id !== 'string') {
      throw storeError(2, 'BadValue', `EmbeddedReadStore supports string _id values only, got ${JSON.stringify(id)}.`);
    }
    let coll = this.collections.get(collection);
    if (!coll) {
      coll = { name: collection, docs: new Map() };
      this.collections.set(collection, coll);
      state.created.push(coll);
    }
    const existing = coll.docs.get(id);
    if (existing !== undefined && existing !== TOMBSTONE) {
      throw storeError(
        11000,
        'DuplicateKey',
        `E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
      );
    }
    this.record(state, coll, id, existing);
    coll.docs.set(id, Object.assign({ _id: id }, fields) as Doc);
  }

  /** Records the pre-batch state of a document the first time the batch touches it. */
  private record(state: BatchState, coll: Collection, id: string, current: Doc | undefined): void {
    let before = state.before.get(coll);
    if (!before) {
      before = new Map();
      state.before.set(coll, before);
    }
    if (!before.has(id)) before.set(id, current);
  }

  /** The batch's private copy of a live document, made on first touch. */
  private writable(state: BatchState, coll: Collection, doc: Doc): Doc {
    let before = state.before.get(coll);
    if (!before) {
      before = new Map();
      state.before.set(coll, before);
    }
    if (before.has(doc._id)) return doc;
    before.set(doc._id, doc);
    const copy = cloneValue(doc) as Doc;
    coll.docs.set(doc._id, copy);
    return copy;
  }

  private rollback(state: BatchState): void {
    for (const [coll, before] of state.before) {
      for (const [id, doc] of before) {
        if (doc === undefined) coll.docs.delete(id);
        else coll.docs.set(id, doc);
      }
    }
    for (const coll of state.created) {
      if (this.collections.get(coll.name) === coll) this.collections.delete(coll.name);
    }
  }

  private settle(state: BatchState): void {
    for (const [coll, before] of state.before) {
      for (const id of before.keys()) {
        if (coll.docs.get(id) === TOMBSTONE) coll.docs.delete(id);
      }
    }
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

interface BatchState {
  /** Per collection, every document the batch touched as it was before (undefined: it did not exist). */
  readonly before: Map<Collection, Map<string, Doc | undefined>>;
  /** Collections the batch created. */
  readonly created: Collection[];
}

/** Marks a document deleted by the batch in progress; never visible outside `write`. */
const TOMBSTONE: Doc = Object.freeze({ _id: '\u0000deleted' });

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS readstore_collections (
    name TEXT PRIMARY KEY
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS readstore_docs (
    coll TEXT NOT NULL,
    id   TEXT NOT NULL,
    doc  TEXT NOT NULL,
    UNIQUE (coll, id)
  );
`;

/**
 * The SQLite file: one table of documents as JSON text keyed by (collection, _id). Upserts keep a
 * row's rowid, so `ORDER BY rowid` gives back the in-memory insertion order on load.
 */
class SqliteFile {
  private readonly db: Database.Database;
  private readonly upsertDoc: Database.Statement<[string, string, string]>;
  private readonly deleteDoc: Database.Statement<[string, string]>;
  private readonly addCollection: Database.Statement<[string]>;
  private readonly commitBatch: (state: BatchState) => void;
  private readonly dropCollection: (name: string) => void;

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
    this.upsertDoc = this.db.prepare(
      'INSERT INTO readstore_docs (coll, id, doc) VALUES (?, ?, ?) ON CONFLICT (coll, id) DO UPDATE SET doc = excluded.doc',
    );
    this.deleteDoc = this.db.prepare('DELETE FROM readstore_docs WHERE coll = ? AND id = ?');
    this.addCollection = this.db.prepare('INSERT OR IGNORE INTO readstore_collections (name) VALUES (?)');
    const deleteDocs = this.db.prepare<[string]>('DELETE FROM readstore_docs WHERE coll = ?');
    const deleteCollection = this.db.prepare<[string]>('DELETE FROM readstore_collections WHERE name = ?');

    this.commitBatch = this.db.transaction((state: BatchState) => {
      for (const coll of state.created) this.addCollection.run(coll.name);
      for (const [coll, before] of state.before) {
        const name = coll.name;
        for (const [id, previous] of before) {
          const doc = coll.docs.get(id);
          if (doc === undefined || doc === TOMBSTONE) {
            if (previous !== undefined) this.deleteDoc.run(name, id);
          } else {
            this.upsertDoc.run(name, id, JSON.stringify(doc));
          }
        }
      }
    });
    this.dropCollection = this.db.transaction((name: string) => {
      deleteDocs.run(name);
      deleteCollection.run(name);
    });
  }

  loadInto(collections: Map<string, Collection>): void {
    const names = this.db.prepare('SELECT name FROM readstore_collections').pluck().all() as string[];
    for (const name of names) collections.set(name, { name, docs: new Map() });
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
    this.dropCollection(name);
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

/** Adds a filter's equality conditions to the document an upsert inserts, as MongoDB does. */
function addEqualities(filter: Filter, seed: Obj): void {
  if (!isPlainObject(filter)) return;
  for (const key of Object.keys(filter)) {
    const condition = filter[key];
    if (key === '$and') {
      if (Array.isArray(condition)) for (const clause of condition) addEqualities(clause as Filter, seed);
    } else if (key === '$or') {
      if (Array.isArray(condition) && condition.length === 1) addEqualities(condition[0] as Filter, seed);
    } else if (!key.startsWith('$')) {
      const value = equalityValue(condition);
      if (value !== NOT_EQUALITY) {
        const path = parsePath(key);
        const { parent, key: last } = containerOf(seed, path);
        put(parent, last, cloneValue(value));
      }
    }
  }
}

const NOT_EQUALITY = Symbol('not an equality');

function equalityValue(condition: unknown): unknown {
  if (condition instanceof RegExp) return NOT_EQUALITY;
  if (!isPlainObject(condition)) return condition;
  const keys = Object.keys(condition);
  if (keys.length === 0 || !keys.some((k) => k.startsWith('$'))) return condition;
  if (keys.length === 1 && keys[0] === '$eq' && !(condition.$eq instanceof RegExp)) return condition.$eq;
  return NOT_EQUALITY;
}

// -----------------------------------------------------------------------------------------------
// Updates

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$rename',
  '$currentDate',
  '$setOnInsert',
  '$bit',
]);
/** Operators applied here directly (on paths without `$` segments); the others go through mingo. */
const NATIVE_OPERATORS = new Set(['$set', '$unset', '$inc', '$push', '$setOnInsert']);
/** Operators that never create the path they name. */
const NON_CREATING = new Set(['$unset', '$pull', '$pullAll', '$pop', '$rename']);
const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop']);
const NUMERIC_OPERATORS = new Set(['$inc', '$mul']);

interface PathOp {
  readonly op: string;
  readonly path: string;
  readonly segs: readonly string[];
  readonly value: unknown;
  /** Has a positional segment (`$`, `$[]`, `$[id]`): left to mingo. */
  readonly positional: boolean;
}

interface ParsedUpdate {
  readonly update: Update;
  readonly ops: PathOp[];
  readonly native: boolean;
  /** `_id` given by `$set` / `$setOnInsert`: allowed when it equals the document's `_id` or names the inserted one. */
  readonly idAssignment: { op: string; value: unknown } | null;
}

function parseUpdate(update: Update): ParsedUpdate {
  if (!isPlainObject(update)) {
    throw storeError(9, 'FailedToParse', 'An update must be a document of update operators (pipelines are not supported).');
  }
  const operators = Object.keys(update);
  const plain = operators.find((key) => !key.startsWith('$'));
  if (operators.length === 0 || plain !== undefined) {
    const mixed = plain !== undefined && operators.some((key) => key.startsWith('$'));
    throw storeError(
      9,
      'FailedToParse',
      mixed
        ? `An update must not mix update operators and plain fields ('${plain}'): use only operators such as $set.`
        : 'Update document requires atomic operators (such as $set); to replace a document use replaceOne.',
    );
  }
  const ops: PathOp[] = [];
  const paths: string[] = [];
  let native = true;
  let idAssignment: ParsedUpdate['idAssignment'] = null;
  for (const op of operators) {
    if (!OPERATORS.has(op)) throw storeError(9, 'FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier.`);
    const operand = update[op];
    if (!isPlainObject(operand)) {
      throw storeError(
        9,
        'FailedToParse',
        `Modifiers operate on fields but we found type ${typeName(operand)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${JSON.stringify(operand)}}`,
      );
    }
    for (const path of Object.keys(operand)) {
      const value = operand[path];
      const segs = parsePath(path);
      paths.push(path);
      if (segs[0] === '_id') {
        if (segs.length === 1 && (op === '$set' || op === '$setOnInsert')) {
          idAssignment = { op, value };
          continue;
        }
        throw storeError(
          66,
          'ImmutableField',
          `Performing an update on the path '${path}' would modify the immutable field '_id'`,
        );
      }
      const positional = segs.some((seg) => seg.startsWith('$'));
      if (NUMERIC_OPERATORS.has(op) && typeof value !== 'number') {
        const verb = op === '$inc' ? 'increment' : 'multiply';
        throw storeError(14, 'TypeMismatch', `Cannot ${verb} with non-numeric argument: {${path}: ${JSON.stringify(value)}}`);
      }
      if ((op === '$push' || op === '$addToSet') && isPlainObject(value) && '$each' in value && !Array.isArray(value.$each)) {
        throw storeError(
          2,
          'BadValue',
          `The argument to $each in ${op} must be an array but it was of type: ${typeName(value.$each)}`,
        );
      }
      if (op === '$rename') {
        if (typeof value !== 'string')
          throw storeError(2, 'BadValue', `The 'to' field for $rename must be a string: ${path}: ${JSON.stringify(value)}`);
        const target = parsePath(value);
        if (target[0] === '_id')
          throw storeError(
            66,
            'ImmutableField',
            `Performing an update on the path '${value}' would modify the immutable field '_id'`,
          );
        paths.push(value);
        ops.push({
          op: '$rename:to',
          path: value,
          segs: target,
          value: undefined,
          positional: target.some((s) => s.startsWith('$')),
        });
      }
      if (!NATIVE_OPERATORS.has(op) || positional || (op === '$push' && !isSimplePush(value))) native = false;
      ops.push({ op, path, segs, value, positional });
    }
  }
  assertNoConflicts(paths);
  return { update, ops, native, idAssignment };
}

/** Valid paths already split: projections use the same few paths for every event. */
const PATH_CACHE = new Map<string, readonly string[]>();
const PATH_CACHE_LIMIT = 10_000;

/** A path's segments; refuses empty segments, `$`-prefixed first segments, null bytes and `__proto__`. */
function parsePath(path: string): readonly string[] {
  const cached = PATH_CACHE.get(path);
  if (cached) return cached;
  const segs = path.split('.');
  for (const seg of segs) {
    if (seg.length === 0)
      throw storeError(56, 'EmptyFieldName', `The path '${path}' contains an empty field name, which is not allowed.`);
    if (seg === '__proto__' || seg.includes('\u0000')) throw storeError(2, 'BadValue', `Invalid field name in path '${path}'.`);
  }
  if (segs[0].startsWith('$')) {
    throw storeError(52, 'DollarPrefixedFieldName', `The dollar ($) prefixed field '${segs[0]}' in '${path}' is not valid.`);
  }
  if (PATH_CACHE.size >= PATH_CACHE_LIMIT) PATH_CACHE.clear();
  Object.freeze(segs);
  PATH_CACHE.set(path, segs);
  return segs;
}

/** MongoDB refuses two operators on the same path or on a path and one inside it. */
function assertNoConflicts(paths: string[]): void {
  const n = paths.length;
  if (n < 2) return;
  const conflict = (a: string, b: string): boolean => a === b || isInside(a, b) || isInside(b, a);
  if (n <= 32) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (conflict(paths[i], paths[j])) throw conflictError(paths[i], paths[j]);
      }
    }
    return;
  }
  const all = new Set<string>();
  for (const path of paths) {
    if (all.has(path)) throw conflictError(path, path);
    all.add(path);
  }
  for (const path of paths) {
    for (let dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
      const outer = path.slice(0, dot);
      if (all.has(outer)) throw conflictError(outer, path);
    }
  }
}

/** Whether `inner` is a path inside `outer` (`a.b` inside `a`). */
function isInside(outer: string, inner: string): boolean {
  return inner.length > outer.length && inner.charCodeAt(outer.length) === 46 && inner.startsWith(outer);
}

function conflictError(a: string, b: string): ReadStoreError {
  const [first, second] = a.length <= b.length ? [a, b] : [b, a];
  return storeError(40, 'ConflictingUpdateOperators', `Updating the path '${second}' would create a conflict at '${first}'`);
}

function isSimplePush(value: unknown): boolean {
  if (!isPlainObject(value)) return true;
  const keys = Object.keys(value);
  if (!keys.some((k) => k.startsWith('$'))) return true;
  return keys.length === 1 && keys[0] === '$each';
}

/**
 * Applies a parsed update to `doc` (the batch's private copy, or the seed of an upsert). Returns the
 * document: `doc` itself, or a fresh normalised copy after the mingo path.
 */
function applyUpdate(doc: Obj, parsed: ParsedUpdate, isInsert: boolean, filter: Filter | undefined): Doc {
  const assignment = parsed.idAssignment;
  if (assignment && (isInsert || assignment.op === '$set')) {
    if (doc._id === undefined && isInsert) {
      doc._id = cloneValue(assignment.value);
    } else if (!sameValue(doc._id, assignment.value)) {
      throw storeError(66, 'ImmutableField', `Performing an update on the path '_id' would modify the immutable field '_id'`);
    }
  }
  if (parsed.native) {
    applyNative(doc, parsed.ops, isInsert);
    return doc as Doc;
  }
  checkPaths(doc, parsed.ops, isInsert);
  const modifier = mingoModifier(parsed.update, isInsert);
  try {
    mingoUpdate(doc, modifier as never, undefined, isInsert ? undefined : (filter as never), { cloneMode: 'deep' });
  } catch (error) {
    throw storeError(2, 'BadValue', messageOf(error), error);
  }
  return cloneValue(doc) as Doc;
}

function applyNative(doc: Obj, ops: readonly PathOp[], isInsert: boolean): void {
  for (const p of ops) {
    switch (p.op) {
      case '$set':
      case '$setOnInsert': {
        if (p.op === '$setOnInsert' && !isInsert) break;
        const { parent, key } = containerOf(doc, p.segs);
        put(parent, key, cloneValue(p.value));
        break;
      }
      case '$unset':
        unsetPath(doc, p.segs);
        break;
      case '$inc': {
        const { parent, key } = containerOf(doc, p.segs);
        const current = get(parent, key);
        if (current === undefined) put(parent, key, p.value);
        else if (typeof current === 'number') put(parent, key, current + (p.value as number));
        else throw nonNumeric(doc, p, current);
        break;
      }
      case '$push': {
        const { parent, key } = containerOf(doc, p.segs);
        const items = isPlainObject(p.value) && '$each' in p.value ? (p.value.$each as unknown[]) : [p.value];
        const current = get(parent, key);
        if (current === undefined) put(parent, key, items.map(cloneItem));
        else if (Array.isArray(current)) for (const item of items) current.push(cloneItem(item));
        else throw notAnArray(doc, p, current);
        break;
      }
    }
  }
}

/** Raises the errors MongoDB raises and mingo's updater passes over silently (before a mingo update). */
function checkPaths(doc: Obj, ops: readonly PathOp[], isInsert: boolean): void {
  for (const p of ops) {
    if (p.positional || (p.op === '$setOnInsert' && !isInsert)) continue;
    const creates = !NON_CREATING.has(p.op);
    const last = p.segs.length - 1;
    let current: unknown = doc;
    let complete = true;
    for (let i = 0; i < last; i++) {
      const next = childOf(current, p.segs, i, creates);
      if (next === undefined) {
        complete = false;
        break;
      }
      if (next === null || typeof next !== 'object') {
        if (creates) throw cannotCreate(p.segs[i + 1], p.segs[i], next);
        complete = false;
        break;
      }
      current = next;
    }
    if (!complete) continue;
    const value = childOf(current, p.segs, last, creates);
    if (value === undefined) continue;
    if (NUMERIC_OPERATORS.has(p.op) && typeof value !== 'number') throw nonNumeric(doc, p, value);
    if (ARRAY_OPERATORS.has(p.op) && !Array.isArray(value)) {
      if (p.op === '$push' || p.op === '$addToSet') throw notAnArray(doc, p, value);
      throw storeError(2, 'BadValue', `Cannot apply ${p.op} to a non-array value`);
    }
  }
}

/** The update for mingo: `$setOnInsert` folded into `$set` on insert (dropped otherwise), `_id` assignments removed. */
function mingoModifier(update: Update, isInsert: boolean): Obj {
  const modifier: Obj = {};
  for (const op of Object.keys(update)) {
    let operand = update[op] as Obj;
    let target = op;
    if (op === '$setOnInsert') {
      if (!isInsert) continue;
      target = '$set';
    }
    if ('_id' in operand) {
      operand = { ...operand };
      delete operand._id;
    }
    const existing = modifier[target] as Obj | undefined;
    modifier[target] = existing ? { ...existing, ...operand } : operand;
  }
  return modifier;
}

/**
 * Walks to the container of a path's last segment, creating missing objects on the way (as
 * MongoDB does for `$set`/`$inc`/`$push`); a scalar or a non-index step into an array is an error.
 */
function containerOf(doc: Obj, segs: readonly string[]): { parent: Obj | unknown[]; key: string } {
  let current: Obj | unknown[] = doc;
  const last = segs.length - 1;
  for (let i = 0; i < last; i++) {
    const seg = segs[i];
    let next: unknown;
    if (Array.isArray(current)) {
      const index = arrayIndex(seg);
      if (index < 0) throw cannotCreate(seg, segs[i - 1], current);
      next = current[index];
    } else {
      next = Object.hasOwn(current, seg) ? current[seg] : undefined;
    }
    if (next === undefined) {
      next = {};
      put(current, seg, next);
    } else if (next === null || typeof next !== 'object') {
      throw cannotCreate(segs[i + 1], seg, next);
    }
    current = next as Obj | unknown[];
  }
  if (Array.isArray(current) && arrayIndex(segs[last]) < 0) throw cannotCreate(segs[last], segs[last - 1], current);
  return { parent: current, key: segs[last] };
}

/** The value at `segs[i]` inside `container` (undefined: missing); a non-index step into an array is an error when `creates`. */
function childOf(container: unknown, segs: readonly string[], i: number, creates: boolean): unknown {
  if (Array.isArray(container)) {
    const index = arrayIndex(segs[i]);
    if (index < 0) {
      if (creates) throw cannotCreate(segs[i], segs[i - 1], container);
      return undefined;
    }
    return container[index];
  }
  const obj = container as Obj;
  return Object.hasOwn(obj, segs[i]) ? obj[segs[i]] : undefined;
}

function get(container: Obj | unknown[], key: string): unknown {
  if (Array.isArray(container)) return container[arrayIndex(key)];
  return Object.hasOwn(container, key) ? container[key] : undefined;
}

/** Sets a field, or an array element (padding with nulls as MongoDB does). */
function put(container: Obj | unknown[], key: string, value: unknown): void {
  if (Array.isArray(container)) {
    const index = arrayIndex(key);
    while (container.length < index) container.push(null);
    container[index] = value;
  } else {
    container[key] = value;
  }
}

/** `$unset`: removes a field; an array element becomes null (MongoDB keeps array positions). */
function unsetPath(doc: Obj, segs: readonly string[]): void {
  let current: unknown = doc;
  const last = segs.length - 1;
  for (let i = 0; i < last; i++) {
    if (current === null || typeof current !== 'object') return;
    current = Array.isArray(current)
      ? current[arrayIndex(segs[i])]
      : Object.hasOwn(current, segs[i])
        ? (current as Obj)[segs[i]]
        : undefined;
  }
  if (current === null || typeof current !== 'object') return;
  if (Array.isArray(current)) {
    const index = arrayIndex(segs[last]);
    if (index >= 0 && index < current.length) current[index] = null;
  } else if (Object.hasOwn(current, segs[last])) {
    delete (current as Obj)[segs[last]];
  }
}

/** A path segment as an array index, or -1. */
function arrayIndex(seg: string): number {
  if (seg.length === 0 || seg.length > 9) return -1;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return Number(seg);
}

function cannotCreate(field: string, parentField: string, parentValue: unknown): ReadStoreError {
  return storeError(
    28,
    'PathNotViable',
    `Cannot create field '${field}' in element {${parentField}: ${JSON.stringify(parentValue)}}`,
  );
}

function nonNumeric(doc: Obj, p: PathOp, value: unknown): ReadStoreError {
  return storeError(
    14,
    'TypeMismatch',
    `Cannot apply ${p.op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${p.segs[p.segs.length - 1]}' of non-numeric type ${typeName(value)}`,
  );
}

function notAnArray(doc: Obj, p: PathOp, value: unknown): ReadStoreError {
  return storeError(
    2,
    'BadValue',
    `The field '${p.path}' must be an array but is of type ${typeName(value)} in document {_id: ${JSON.stringify(doc._id)}}`,
  );
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

/** An array element as JSON keeps it: undefined becomes null. */
function cloneItem(value: unknown): unknown {
  const copy = cloneValue(value);
  return copy === undefined ? null : copy;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(cloneValue(a)) === JSON.stringify(cloneValue(b));
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// A 24-hex ObjectId-like id: 4 bytes of seconds, 5 random bytes per process, a 3-byte counter.
const PROCESS_UNIQUE = randomBytes(5).toString('hex');
let objectIdCounter = randomBytes(3).readUIntBE(0, 3);

function newObjectIdHex(): string {
  objectIdCounter = (objectIdCounter + 1) & 0xffffff;
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return seconds + PROCESS_UNIQUE + objectIdCounter.toString(16).padStart(6, '0');
}
