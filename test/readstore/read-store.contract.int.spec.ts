import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EmbeddedReadStore, MongoReadStore, ReadStoreError, type ReadStore } from '@opc/readstore';
import { readStoreContract } from './read-store.contract';

/** An embedded store on a fresh temp file; `open` opens the same file again. */
function fileFixture(): { file: string; open: () => EmbeddedReadStore; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'opc-readstore-'));
  const file = join(dir, 'read.db');
  const opened: EmbeddedReadStore[] = [];
  return {
    file,
    open: () => {
      const store = EmbeddedReadStore.open(file);
      opened.push(store);
      return store;
    },
    cleanup: async () => {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

readStoreContract('embedded, in memory', async () => {
  const store = EmbeddedReadStore.inMemory();
  return { store, cleanup: () => store.close() };
});

readStoreContract(
  'embedded, SQLite temp file',
  async () => {
    const fixture = fileFixture();
    return { store: fixture.open(), reopen: async () => fixture.open(), cleanup: fixture.cleanup };
  },
  { durable: true },
);

const mongoUrl = process.env.MONGODB_URL;
if (mongoUrl) {
  readStoreContract(
    'MongoDB',
    async () => {
      const dbName = `opc_readstore_contract_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const opened: MongoReadStore[] = [];
      const connect = async (): Promise<MongoReadStore> => {
        const store = await MongoReadStore.connect(mongoUrl, dbName);
        opened.push(store);
        return store;
      };
      const store = await connect();
      return {
        store,
        reopen: connect,
        atomicBatches: store.atomicBatches,
        cleanup: async () => {
          const admin = await MongoReadStore.connect(mongoUrl, dbName);
          await admin.dropDatabase();
          await admin.close();
          for (const s of opened) await s.close();
        },
      };
    },
    { durable: true },
  );
} else {
  describe.skip('ARCH read store contract: MongoDB (skipped: no MONGODB_URL set)', () => {
    it('runs the read store contract against MongoReadStore when MONGODB_URL is set', () => undefined);
  });
}

describe('ARCH read store: embedded specifics', () => {
  let fixture: ReturnType<typeof fileFixture>;
  let store: ReadStore;

  beforeEach(() => {
    fixture = fileFixture();
    store = fixture.open();
  });

  afterEach(async () => {
    await fixture.cleanup();
  });

  it('open(":memory:") and inMemory() keep nothing on disk; open(file) does', async () => {
    for (const memory of [EmbeddedReadStore.open(':memory:'), EmbeddedReadStore.inMemory()]) {
      expect(memory.persistent).toBe(false);
      await memory.close();
    }
    expect((store as EmbeddedReadStore).persistent).toBe(true);
  });

  it('generates an ObjectId-like 24-hex string _id for an upsert without _id', async () => {
    await store.write([
      { collection: 'members', ops: [{ updateOne: { filter: { email: 'a@x' }, update: { $set: { n: 1 } }, upsert: true } }] },
    ]);

    const [doc] = await store.find('members');
    expect(doc._id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('refuses a non-string _id', async () => {
    await expect(
      store.write([
        { collection: 'members', ops: [{ updateOne: { filter: { _id: 7 }, update: { $set: { n: 1 } }, upsert: true } }] },
      ]),
    ).rejects.toThrow(/string _id/);
    expect(await store.listCollections()).toEqual([]);
  });

  it('raises ReadStoreError with the MongoDB code', async () => {
    const write = (update: Record<string, unknown>, filter: Record<string, unknown> = { _id: 'm1' }) =>
      store.write([{ collection: 'members', ops: [{ updateOne: { filter, update, upsert: true } }] }]);
    await write({ $set: { n: 1 } });

    await expect(write({ $set: { n: 1 } }, { _id: 'm1', n: 2 })).rejects.toMatchObject({ code: 11000, name: 'ReadStoreError' });
    await expect(write({ $set: { a: 1, 'a.b': 2 } })).rejects.toMatchObject({ code: 40 });
    await expect(write({ $inc: { n: 'x' } })).rejects.toMatchObject({ code: 14 });
    await expect(write({ $set: { 'n.x': 1 } })).rejects.toMatchObject({ code: 28 });
    await expect(write({ $set: { _id: 'm2' } })).rejects.toMatchObject({ code: 66 });
    await expect(write({ $foo: { n: 1 } })).rejects.toBeInstanceOf(ReadStoreError);
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f${i}`, i]));
    await expect(write({ $set: many, $inc: { 'f39.x': 1 } })).rejects.toMatchObject({ code: 40 });
    await expect(write({ $set: many, $unset: { f7: '' } })).rejects.toMatchObject({ code: 40 });
    await expect(write({ $set: { n: 3 }, name: 'x' })).rejects.toThrow(/must not mix update operators and plain fields/);
    expect(await store.find('members')).toEqual([{ _id: 'm1', n: 1 }]);
  });

  it('allows $set of _id to its current value, and $setOnInsert of _id on insert', async () => {
    await store.write([
      {
        collection: 'members',
        ops: [
          { updateOne: { filter: { email: 'a@x' }, update: { $setOnInsert: { _id: 'm7' }, $set: { n: 1 } }, upsert: true } },
          { updateOne: { filter: { _id: 'm7' }, update: { $set: { _id: 'm7', n: 2 } } } },
        ],
      },
    ]);

    expect(await store.find('members')).toEqual([{ _id: 'm7', email: 'a@x', n: 2 }]);
  });

  it('stores JSON values: Dates become ISO strings, undefined fields are dropped, the same before and after reopen', async () => {
    await store.write([
      {
        collection: 'members',
        ops: [
          {
            updateOne: {
              filter: { _id: 'm1' },
              update: { $set: { at: new Date('2024-03-01T08:00:00.000Z'), gone: undefined, list: [1, undefined] } },
              upsert: true,
            },
          },
        ],
      },
    ]);
    const expected = { _id: 'm1', at: '2024-03-01T08:00:00.000Z', list: [1, null] };
    expect(await store.findOne('members', { _id: 'm1' })).toEqual(expected);
    expect(await store.count('members', { at: { $gte: '2024-01-01' } })).toBe(1);

    await store.close();
    store = fixture.open();
    expect(await store.findOne('members', { _id: 'm1' })).toEqual(expected);
  });

  it('keeps insertion order for unsorted finds, also after updates, deletes and reopen', async () => {
    const ids = ['m5', 'm2', 'm9', 'm1', 'm7'];
    await store.write([
      {
        collection: 'members',
        ops: ids.map((id) => ({ updateOne: { filter: { _id: id }, update: { $set: { n: 0 } }, upsert: true } })),
      },
    ]);
    await store.write([
      {
        collection: 'members',
        ops: [
          { updateOne: { filter: { _id: 'm9' }, update: { $inc: { n: 1 } } } },
          { deleteOne: { filter: { _id: 'm2' } } },
          { updateOne: { filter: { _id: 'm2' }, update: { $set: { n: 5 } }, upsert: true } },
          { updateOne: { filter: { _id: 'm3' }, update: { $set: { n: 3 } }, upsert: true } },
        ],
      },
    ]);
    const order = ['m5', 'm2', 'm9', 'm1', 'm7', 'm3'];
    expect((await store.find('members')).map((d) => d._id)).toEqual(order);
    expect((await store.findOne('members', { n: { $gte: 1 } }))?._id).toBe('m2');

    await store.close();
    store = fixture.open();
    expect((await store.find('members')).map((d) => d._id)).toEqual(order);
  });

  it('persists only the final state of each document a batch touched, in WAL mode', async () => {
    await store.write([
      {
        collection: 'members',
        ops: [
          { updateOne: { filter: { _id: 'm1' }, update: { $set: { n: 1 } }, upsert: true } },
          { updateOne: { filter: { _id: 'm1' }, update: { $inc: { n: 1 } } } },
          { updateOne: { filter: { _id: 'm2' }, update: { $set: { n: 1 } }, upsert: true } },
          { deleteOne: { filter: { _id: 'm2' } } },
        ],
      },
    ]);

    const db = new Database(fixture.file, { readonly: true });
    try {
      const rows = db.prepare('SELECT coll, id, doc FROM readstore_docs ORDER BY rowid').all();
      expect(rows).toEqual([{ coll: 'members', id: 'm1', doc: JSON.stringify({ _id: 'm1', n: 2 }) }]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('applies the operators mingo provides ($min, $max, $mul, $rename, $pop, positional $)', async () => {
    await store.write([
      {
        collection: 'members',
        ops: [
          {
            replaceOne: {
              filter: { _id: 'm1' },
              replacement: {
                _id: 'm1',
                lo: 5,
                hi: 5,
                m: 3,
                old: 'x',
                q: [1, 2, 3],
                items: [
                  { k: 'a', v: 1 },
                  { k: 'b', v: 2 },
                ],
              },
              upsert: true,
            },
          },
        ],
      },
    ]);
    await store.write([
      {
        collection: 'members',
        ops: [
          {
            updateOne: {
              filter: { _id: 'm1', 'items.k': 'b' },
              update: {
                $min: { lo: 2 },
                $max: { hi: 9 },
                $mul: { m: 2 },
                $rename: { old: 'renamed' },
                $pop: { q: 1 },
                $set: { 'items.$.v': 20 },
              },
            },
          },
        ],
      },
    ]);

    expect(await store.findOne('members', { _id: 'm1' })).toEqual({
      _id: 'm1',
      lo: 2,
      hi: 9,
      m: 6,
      renamed: 'x',
      q: [1, 2],
      items: [
        { k: 'a', v: 1 },
        { k: 'b', v: 20 },
      ],
    });
  });

  it('refuses to work once closed', async () => {
    await store.close();
    await expect(store.find('members')).rejects.toThrow(/closed/);
    await expect(store.write([])).rejects.toThrow(/closed/);
  });
});
