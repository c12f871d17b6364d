import Database from 'better-sqlite3';
import type { NewEvent, RecordedEvent } from '@opc/kernel';
import { assertAppendable, CommitFeed, followAll, limitOf, revisionConflict, toJson } from './adapter-support';
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
} from './event-store.port';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position  INTEGER PRIMARY KEY,
    stream_id TEXT    NOT NULL,
    revision  INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    data      TEXT    NOT NULL,
    metadata  TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE IF NOT EXISTS commands (
    command_id             TEXT PRIMARY KEY,
    stream_id              TEXT    NOT NULL,
    first_revision         INTEGER NOT NULL,
    next_expected_revision INTEGER NOT NULL,
    position               INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

/** Rows per multi-row INSERT: fewer statement executions for large appends. */
const INSERT_CHUNK = 32;
/** Recently committed events kept parsed in memory for the log's followers (see `tail`). */
const TAIL_CAPACITY = 8192;

/** Events handed to several followers at once must not change under them. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** An append waiting for the next group commit. */
interface PendingAppend {
  streamId: string;
  /** Per event: type, data JSON, metadata JSON (flat, ready to bind). */
  payload: string[];
  options: AppendOptions;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** What one batch did, applied to the caches only once its transaction has committed. */
interface BatchOutcome {
  outcomes: (AppendResult | Error)[];
  heads: Map<string, number>;
  position: number;
  /** Another connection had committed: the caches were reloaded from the file. */
  reloaded: boolean;
}

type StreamRow = [revision: number, position: number, type: string, data: string, metadata: string];
type AllRow = [position: number, streamId: string, revision: number, type: string, data: string, metadata: string];
type CommandRow = [streamId: string, firstRevision: number, nextExpectedRevision: number, position: number];

/**
 * Event store on one SQLite file (better-sqlite3), WAL mode with `synchronous=FULL`: an
 * acknowledged append has been fsync'd.
 *
 * Group commit: `append` only queues; a flush scheduled with `setImmediate` writes everything
 * queued in the meantime (all appends issued during the current event-loop turn) in ONE
 * transaction, so one fsync serves many appends. Each append is checked against its own expected
 * revision inside the batch, and a conflict rejects only that append. better-sqlite3 is
 * synchronous, so a commit blocks the loop and no append can arrive while one is in progress.
 *
 * The last revision of each stream touched and the head position are cached, so an append costs
 * no SELECT once its stream is known. The caches assume this instance is the file's only writer;
 * should another connection commit anyway (detected through `PRAGMA data_version`), they are
 * dropped and reloaded rather than trusted.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly feed = new CommitFeed();
  /** Last revision per stream (-1: known not to exist), as committed; one entry per stream appended to. */
  private readonly streamHeads = new Map<string, number>();
  private head: number;
  private dataVersion: number;
  private commits = 0;
  private pending: PendingAppend[] = [];
  /**
   * The last committed events, parsed once and frozen: every projection, process manager and
   * subscription following the log reads them from here instead of each re-reading and re-parsing
   * the same rows. `tail[i]` has position `tailFirst + i` (positions are contiguous).
   */
  private tail: RecordedEvent[] = [];
  private tailFirst = 0;
  private flushTimer: NodeJS.Immediate | undefined;
  private closed = false;

  private readonly stmt: {
    dataVersion: Database.Statement<[], number>;
    headPosition: Database.Statement<[], number | null>;
    streamHead: Database.Statement<[string], number | null>;
    command: Database.Statement<[string], CommandRow>;
    /** insertEvents[k]: INSERT of k rows, prepared on first use. */
    insertEvents: Database.Statement<[unknown[]]>[];
    insertCommand: Database.Statement<[string, string, number, number, number]>;
    readForward: Database.Statement<[string, number, number], StreamRow>;
    readBackward: Database.Statement<[string, number, number], StreamRow>;
    readAll: Database.Statement<[number, number], AllRow>;
  };
  private readonly writeBatch: (batch: PendingAppend[]) => BatchOutcome;

  /** @param filename a file path, or `':memory:'` for a throw-away store. */
  constructor(filename: string) {
    this.db = new Database(filename);
    // Takes effect only on a new file (before WAL): larger pages, fewer page writes per event.
    this.db.pragma('page_size = 8192');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Checkpoint every ~32 MB of WAL rather than every 1000 pages: fewer, cheaper-per-event checkpoints.
    this.db.pragma('wal_autocheckpoint = 4000');
    this.db.exec(SCHEMA);
    const rows = <P extends unknown[], R>(sql: string): Database.Statement<P, R> => this.db.prepare<P, R>(sql).raw();
    const scalar = <P extends unknown[], R>(sql: string): Database.Statement<P, R> => this.db.prepare<P, R>(sql).pluck();
    this.stmt = {
      dataVersion: scalar('PRAGMA data_version'),
      headPosition: scalar('SELECT max(position) FROM events'),
      streamHead: scalar('SELECT max(revision) FROM events WHERE stream_id = ?'),
      command: rows('SELECT stream_id, first_revision, next_expected_revision, position FROM commands WHERE command_id = ?'),
      insertEvents: [],
      insertCommand: this.db.prepare(
        'INSERT INTO commands (command_id, stream_id, first_revision, next_expected_revision, position) VALUES (?, ?, ?, ?, ?)',
      ),
      readForward: rows(
        'SELECT revision, position, type, data, metadata FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      readBackward: rows(
        'SELECT revision, position, type, data, metadata FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      readAll: rows(
        'SELECT position, stream_id, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
    };
    this.head = this.stmt.headPosition.get() ?? 0;
    this.dataVersion = this.stmt.dataVersion.get() ?? 0;
    // IMMEDIATE takes the write lock up front, so the checks below read what the batch will commit on.
    const transaction = this.db.transaction((batch: PendingAppend[]) => this.applyBatch(batch));
    this.writeBatch = transaction.immediate;
  }

  /** Number of transactions committed by this instance: fewer than appends when group commit batches them. */
  get commitCount(): number {
    return this.commits;
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.assertOpen();
      assertAppendable(streamId, events, options);
      // Serialise now: a bad payload fails its own append, never the batch it would have joined.
      const payload = new Array<string>(events.length * 3);
      for (let i = 0; i < events.length; i++) {
        const event = events[i];
        payload[i * 3] = event.type;
        payload[i * 3 + 1] = toJson(event.data, 'data');
        payload[i * 3 + 2] = toJson(event.metadata, 'metadata');
      }
      this.pending.push({ streamId, payload, options, resolve, reject });
      this.flushTimer ??= setImmediate(() => this.flush());
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = limitOf(options.maxCount);
    const rows =
      options.direction === 'backward'
        ? this.stmt.readBackward.all(streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER, limit)
        : this.stmt.readForward.all(streamId, options.fromRevision ?? 0, limit);
    const events = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [revision, position, type, data, metadata] = rows[i];
      events[i] = { streamId, revision, position, type, data: JSON.parse(data), metadata: JSON.parse(metadata) };
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.afterPosition ?? 0;
    // Another connection committed since our last look: the tail may miss its events.
    if (this.tail.length > 0 && this.stmt.dataVersion.get() !== this.dataVersion) this.tail = [];
    if (this.tail.length > 0 && after >= this.tailFirst - 1) {
      const from = after - this.tailFirst + 1;
      const limit = limitOf(options.maxCount);
      return this.tail.slice(from, limit === -1 ? undefined : from + limit);
    }
    const rows = this.stmt.readAll.all(after, limitOf(options.maxCount));
    const events = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [position, streamId, revision, type, data, metadata] = rows[i];
      events[i] = { streamId, revision, position, type, data: JSON.parse(data), metadata: JSON.parse(metadata) };
    }
    return events;
  }

  subscribeToAll(options?: { afterPosition?: number; batchSize?: number }): AllSubscription {
    this.assertOpen();
    return followAll((afterPosition, maxCount) => this.readAll({ afterPosition, maxCount }), this.feed, options);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.head;
  }

  async findCommand(commandId: string): Promise<AppendResult | null> {
    this.assertOpen();
    return this.storedCommand(commandId) ?? null;
  }

  /** Commits the appends still queued, ends subscriptions, closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.flushTimer) {
      clearImmediate(this.flushTimer);
      this.flush();
    }
    this.closed = true;
    this.feed.close();
    this.db.close();
  }

  private flush(): void {
    this.flushTimer = undefined;
    const batch = this.pending;
    this.pending = [];
    let outcome: BatchOutcome;
    try {
      outcome = this.writeBatch(batch);
    } catch (error) {
      // Rolled back: nothing of the batch is stored, and the caches only ever received committed
      // state (the batch's own heads and position are applied below, after the commit).
      for (const append of batch) append.reject(error);
      return;
    }
    this.commits++;
    this.remember(batch, outcome);
    for (const [streamId, revision] of outcome.heads) this.streamHeads.set(streamId, revision);
    const appended = outcome.position !== this.head;
    this.head = outcome.position;
    batch.forEach((append, i) => {
      const result = outcome.outcomes[i];
      if (result instanceof Error) append.reject(result);
      else append.resolve(result);
    });
    if (appended) this.feed.notify();
  }

  /** Puts a committed batch's events on the tail, parsed from the very JSON that was stored. */
  private remember(batch: PendingAppend[], outcome: BatchOutcome): void {
    if (outcome.reloaded || (this.tail.length > 0 && this.tailFirst + this.tail.length !== this.head + 1)) this.tail = [];
    batch.forEach(({ streamId, payload }, i) => {
      const result = outcome.outcomes[i];
      if (result instanceof Error || result.duplicate) return;
      const count = payload.length / 3;
      const firstPosition = result.position - count + 1;
      if (this.tail.length === 0) this.tailFirst = firstPosition;
      for (let e = 0; e < count; e++)
        this.tail.push(
          deepFreeze({
            streamId,
            revision: result.firstRevision + e,
            position: firstPosition + e,
            type: payload[e * 3],
            data: JSON.parse(payload[e * 3 + 1]),
            metadata: JSON.parse(payload[e * 3 + 2]),
          }),
        );
    });
    // Drop the oldest in chunks, not one by one.
    if (this.tail.length > TAIL_CAPACITY * 1.5) {
      const drop = this.tail.length - TAIL_CAPACITY;
      this.tail = this.tail.slice(drop);
      this.tailFirst += drop;
    }
  }

  /** Runs inside the write transaction; touches no cache that a rollback would leave wrong. */
  private applyBatch(batch: PendingAppend[]): BatchOutcome {
    // Another connection committed since our last look: the caches may be stale, reload them
    // (from committed state, so they stay right even if this batch rolls back).
    const version = this.stmt.dataVersion.get() ?? 0;
    const reloaded = version !== this.dataVersion;
    if (reloaded) {
      this.streamHeads.clear();
      this.head = this.stmt.headPosition.get() ?? 0;
      this.dataVersion = version;
    }
    const heads = new Map<string, number>();
    let position = this.head;

    const outcomes = batch.map(({ streamId, payload, options }): AppendResult | Error => {
      const { commandId, expectedRevision } = options;
      // The lookup also sees commands written earlier in this same transaction.
      const first = commandId === undefined ? undefined : this.storedCommand(commandId);
      if (first) return { ...first, duplicate: true };
      const last = heads.get(streamId) ?? this.committedHead(streamId);
      const conflict = revisionConflict(streamId, expectedRevision, last);
      if (conflict) return conflict;

      const firstRevision = last + 1;
      const count = payload.length / 3;
      for (let start = 0; start < count; start += INSERT_CHUNK) {
        const rows = Math.min(INSERT_CHUNK, count - start);
        const params = new Array<unknown>(rows * 6);
        for (let r = 0; r < rows; r++) {
          const event = start + r;
          params[r * 6] = position + event + 1;
          params[r * 6 + 1] = streamId;
          params[r * 6 + 2] = firstRevision + event;
          params[r * 6 + 3] = payload[event * 3];
          params[r * 6 + 4] = payload[event * 3 + 1];
          params[r * 6 + 5] = payload[event * 3 + 2];
        }
        this.insertStatement(rows).run(params);
      }
      position += count;
      const nextExpectedRevision = firstRevision + count - 1;
      heads.set(streamId, nextExpectedRevision);
      if (commandId !== undefined) {
        this.stmt.insertCommand.run(commandId, streamId, firstRevision, nextExpectedRevision, position);
      }
      return { streamId, firstRevision, nextExpectedRevision, position, duplicate: false };
    });
    return { outcomes, heads, position, reloaded };
  }

  private insertStatement(rows: number): Database.Statement<[unknown[]]> {
    let statement = this.stmt.insertEvents[rows];
    if (!statement) {
      const values = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.db.prepare<[unknown[]]>(
        `INSERT INTO events (position, stream_id, revision, type, data, metadata) VALUES ${values}`,
      );
      this.stmt.insertEvents[rows] = statement;
    }
    return statement;
  }

  /** The stream's last committed revision; one SELECT the first time a stream is seen. */
  private committedHead(streamId: string): number {
    let revision = this.streamHeads.get(streamId);
    if (revision === undefined) {
      revision = this.stmt.streamHead.get(streamId) ?? -1;
      this.streamHeads.set(streamId, revision);
    }
    return revision;
  }

  private storedCommand(commandId: string): AppendResult | undefined {
    const row = this.stmt.command.get(commandId);
    if (!row) return undefined;
    const [streamId, firstRevision, nextExpectedRevision, position] = row;
    return { streamId, firstRevision, nextExpectedRevision, position, duplicate: false };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}
