import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type EventStore, InMemoryEventStore, SqliteEventStore, WrongExpectedRevisionError } from '@opc/eventstore';
import { eventStoreContract, newEvent } from './event-store.contract';

/** A SQLite store on a fresh temp file; `reopen` opens the same file again. */
function sqliteFixture(): {
  file: string;
  open: () => SqliteEventStore;
  cleanup: () => Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'opc-eventstore-'));
  const file = join(dir, 'events.db');
  const opened: SqliteEventStore[] = [];
  return {
    file,
    open: () => {
      const store = new SqliteEventStore(file);
      opened.push(store);
      return store;
    },
    cleanup: async () => {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

eventStoreContract('in-memory', async () => {
  const store = new InMemoryEventStore();
  return { store, cleanup: () => store.close() };
});

eventStoreContract(
  'SQLite (temp file)',
  async () => {
    const sqlite = sqliteFixture();
    return { store: sqlite.open(), reopen: async () => sqlite.open(), cleanup: sqlite.cleanup };
  },
  { durable: true },
);

const eventStoreUrl = process.env.EVENTSTORE_URL;
if (eventStoreUrl) {
  // A shared server keeps what every run wrote: each test gets its own namespace (the adapter's
  // streamPrefix, unique per run and per test), which reads as a fresh, empty store.
  const run = randomUUID().slice(0, 8);
  let fixtures = 0;
  eventStoreContract(
    'EventStoreDB',
    async () => {
      // Loaded lazily, as in production: the gRPC client only loads when this block runs.
      const { EventStoreDbEventStore } = await import('@opc/eventstore/eventstoredb-event-store');
      const streamPrefix = `contract-${run}-${++fixtures}-`;
      const opened: EventStore[] = [];
      const open = async (): Promise<EventStore> => {
        const store = await EventStoreDbEventStore.connect(eventStoreUrl, { streamPrefix });
        opened.push(store);
        return store;
      };
      return {
        store: await open(),
        reopen: open,
        cleanup: async () => {
          for (const store of opened) await store.close();
        },
      };
    },
    // Log positions: increasing, with gaps.
    { durable: true, contiguousPositions: false },
  );
} else {
  describe.skip('ARCH event store contract: EventStoreDB (skipped: EVENTSTORE_URL is not set)', () => {
    it('runs the event store contract against the EventStoreDB adapter at EVENTSTORE_URL', () => undefined);
  });
}

describe('ARCH event store: SQLite group commit and storage', () => {
  let sqlite: ReturnType<typeof sqliteFixture>;
  let store: SqliteEventStore;

  beforeEach(() => {
    sqlite = sqliteFixture();
    store = sqlite.open();
  });

  afterEach(async () => {
    await sqlite.cleanup();
  });

  it('writes concurrent appends to different streams in fewer commits than appends', async () => {
    const before = store.commitCount;

    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.append(`member-${i}`, [newEvent('Joined.v1', { i })], { expectedRevision: 'no-stream' }),
      ),
    );

    expect(results).toHaveLength(25);
    const commits = store.commitCount - before;
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(results.length);
  });

  it('in one commit, rejects only the conflicting append and dedupes a repeated command', async () => {
    await store.append('taken', [newEvent('Joined.v1', {})], { expectedRevision: 'no-stream' });
    const before = store.commitCount;

    const settled = await Promise.allSettled([
      store.append('x', [newEvent('Joined.v1', {})], { expectedRevision: 'no-stream', commandId: 'cmd-x' }),
      store.append('taken', [newEvent('Joined.v1', {})], { expectedRevision: 'no-stream' }),
      store.append('x', [newEvent('Joined.v1', {})], { expectedRevision: 'no-stream', commandId: 'cmd-x' }),
      store.append('y', [newEvent('Joined.v1', {})], { expectedRevision: 'no-stream' }),
    ]);

    expect(store.commitCount - before).toBe(1);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    const [x, , xAgain] = settled as PromiseFulfilledResult<unknown>[];
    expect(xAgain.value).toEqual({ ...(x.value as object), duplicate: true });
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['taken', 'x', 'y']);
  });

  it('keeps the schema and WAL journal on disk', async () => {
    await store.append('a', [newEvent('Joined.v1', {})], { expectedRevision: 'no-stream', commandId: 'cmd-1' });
    await store.close();

    const raw = new Database(sqlite.file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('SELECT position, stream_id, revision, type FROM events').all()).toEqual([
        { position: 1, stream_id: 'a', revision: 0, type: 'Joined.v1' },
      ]);
      expect(raw.prepare('SELECT command_id, stream_id, position FROM commands').all()).toEqual([
        { command_id: 'cmd-1', stream_id: 'a', position: 1 },
      ]);
    } finally {
      raw.close();
    }
  });

  it('serves followers the events it just committed, parsed once and frozen, exactly as a fresh reader of the file sees them', async () => {
    for (let i = 0; i < 30; i++)
      await store.append(
        `s-${i % 4}`,
        [newEvent('Joined.v1', { i, at: new Date(0), skip: undefined }), newEvent('Left.v1', { i })],
        {
          expectedRevision: 'any',
        },
      );
    const fresh = sqlite.open();
    for (const [after, max] of [
      [0, undefined],
      [7, 5],
      [59, 10],
      [60, 10],
    ] as const) {
      const fromTail = await store.readAll({ afterPosition: after, maxCount: max });
      expect(fromTail).toEqual(await fresh.readAll({ afterPosition: after, maxCount: max }));
    }
    const [first] = await store.readAll({ afterPosition: 0, maxCount: 1 });
    expect(first.data).toEqual({ i: 0, at: '1970-01-01T00:00:00.000Z' }); // as stored: JSON, not the object appended
    expect(Object.isFrozen(first.data) && Object.isFrozen(first.metadata)).toBe(true);
  });

  it("sees another connection's events even when it serves its own from memory", async () => {
    await store.append('a', [newEvent('Joined.v1', {})], { expectedRevision: 'no-stream' });
    expect(await store.readAll()).toHaveLength(1);
    const other = sqlite.open();
    await other.append('b', [newEvent('Joined.v1', {})], { expectedRevision: 'no-stream' });
    expect((await store.readAll({ afterPosition: 1 })).map((e) => e.streamId)).toEqual(['b']);
  });

  it('notices another connection writing the file instead of trusting its cached heads', async () => {
    await store.append('a', [newEvent('Joined.v1', {})], { expectedRevision: 'no-stream' });
    const other = sqlite.open();
    await other.append('a', [newEvent('Joined.v1', {})], { expectedRevision: 0 });

    const error = await store.append('a', [newEvent('Joined.v1', {})], { expectedRevision: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(WrongExpectedRevisionError);
    expect(error).toMatchObject({ actual: 1 });
    expect(await store.append('b', [newEvent('Joined.v1', {})], { expectedRevision: 'no-stream' })).toMatchObject({
      position: 3,
    });
  });
});
