import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { EmbeddedReadStore, MongoReadStore, type ReadStore, type WriteOp } from '@opc/readstore';
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
          const admin = new MongoClient(mongoUrl);
          try {
            await admin.db(dbName).dropDatabase();
          } finally {
            await admin.close();
          }
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

const insert = (doc: { _id: string } & Record<string, unknown>): WriteOp => ({
  replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true },
});

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

  it('raises ReadStoreError with the MongoDB code', async () => {
    await store.write([{ collection: 'members', ops: [insert({ _id: 'm1', n: 1 })] }]);
    const write = (op: WriteOp, collection = 'members') => store.write([{ collection, ops: [op] }]);

    await expect(
      write({ replaceOne: { filter: { _id: 'm1', n: 2 }, replacement: { _id: 'm1', n: 3 }, upsert: true } }),
    ).rejects.toMatchObject({ code: 11000, codeName: 'DuplicateKey', name: 'ReadStoreError' });
    await expect(write({ replaceOne: { filter: { _id: 'm1' }, replacement: { _id: 'm2' } } })).rejects.toMatchObject({
      code: 66,
      name: 'ReadStoreError',
    });
    await expect(write(insert({ _id: 'x' }), 'bad$name')).rejects.toMatchObject({ code: 73, name: 'ReadStoreError' });
    await expect(write({ deleteOne: { filter: { n: { $bogus: 1 } } } })).rejects.toMatchObject({
      code: 2,
      name: 'ReadStoreError',
    });
    expect(await store.find('members')).toEqual([{ _id: 'm1', n: 1 }]);
  });

  it('stores JSON values: Dates become ISO strings, undefined fields are dropped, the same before and after reopen', async () => {
    await store.write([
      {
        collection: 'members',
        ops: [insert({ _id: 'm1', at: new Date('2024-03-01T08:00:00.000Z'), gone: undefined, list: [1, undefined] })],
      },
    ]);
    const expected = { _id: 'm1', at: '2024-03-01T08:00:00.000Z', list: [1, null] };
    expect(await store.findOne('members', { _id: 'm1' })).toEqual(expected);
    expect(await store.count('members', { at: { $gte: '2024-01-01' } })).toBe(1);

    await store.close();
    store = fixture.open();
    expect(await store.findOne('members', { _id: 'm1' })).toEqual(expected);
  });

  it('keeps insertion order for unsorted finds, also after replacements, deletes and reopen', async () => {
    const ids = ['m5', 'm2', 'm9', 'm1', 'm7'];
    await store.write([{ collection: 'members', ops: ids.map((id) => insert({ _id: id, n: 0 })) }]);
    await store.write([
      {
        collection: 'members',
        ops: [
          insert({ _id: 'm9', n: 1 }),
          { deleteOne: { filter: { _id: 'm2' } } },
          insert({ _id: 'm2', n: 5 }),
          insert({ _id: 'm3', n: 3 }),
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
          insert({ _id: 'm1', n: 1 }),
          insert({ _id: 'm1', n: 2 }),
          insert({ _id: 'm2', n: 1 }),
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

  it('refuses to work once closed', async () => {
    await store.close();
    await expect(store.find('members')).rejects.toThrow(/closed/);
    await expect(store.write([])).rejects.toThrow(/closed/);
  });
});
