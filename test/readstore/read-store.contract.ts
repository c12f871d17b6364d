import type { Doc, ReadStore, WriteBatch, WriteOp } from '@opc/readstore';

/** What a contract run needs from an adapter under test. */
export interface ReadStoreFixture {
  store: ReadStore;
  /** Durable adapters: open the same storage again (the test closes `store` first). */
  reopen?: () => Promise<ReadStore>;
  /** Closes whatever is still open and removes the storage. */
  cleanup: () => Promise<void>;
  /**
   * Whether a failing batch leaves nothing applied (default true). MongoDB without transactions
   * (a standalone server) is not atomic: there the contract checks the documented ordered behaviour.
   */
  atomicBatches?: boolean;
}

export interface ReadStoreContractOptions {
  /** Runs the persistence-across-reopen tests; the fixture must then provide `reopen`. */
  durable?: boolean;
}

type Member = Doc & {
  name?: string;
  status?: string;
  n?: number;
  tags?: string[];
  profile?: { city?: string; zip?: string; geo?: { lat: number } };
  joinedAt?: string;
};

const byId = { sort: { _id: 1 as const } };

function upsert(filter: Record<string, unknown>, update: Record<string, unknown>): WriteOp {
  return { updateOne: { filter, update, upsert: true } };
}

/** A replacement without `_id` (the port's type requires one; MongoDB takes it from the matched document). */
function noId(fields: Record<string, unknown>): Doc {
  return fields as Doc;
}

function insert(doc: Doc): WriteOp {
  return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } };
}

export function readStoreContract(
  name: string,
  factory: () => Promise<ReadStoreFixture>,
  options: ReadStoreContractOptions = {},
): void {
  describe(`ARCH read store contract: ${name}`, () => {
    let fixture: ReadStoreFixture;
    let store: ReadStore;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    async function members(docs: Doc[]): Promise<void> {
      await store.write([{ collection: 'members', ops: docs.map(insert) }]);
    }

    async function reopen(): Promise<void> {
      expect(fixture.reopen).toBeDefined();
      await store.close();
      store = await fixture.reopen!();
    }

    describe('updateOne', () => {
      it('upserts a document built from the filter equality fields plus the update, _id from the filter', async () => {
        await store.write([
          {
            collection: 'members',
            ops: [
              upsert(
                { _id: 'm1', 'profile.city': 'Lyon', status: { $eq: 'active' }, score: { $gt: 3 } },
                { $set: { name: 'Ann' }, $inc: { visits: 1 }, $setOnInsert: { joinedAt: '2024-01-01' } },
              ),
            ],
          },
        ]);

        expect(await store.find('members')).toEqual([
          { _id: 'm1', profile: { city: 'Lyon' }, status: 'active', name: 'Ann', visits: 1, joinedAt: '2024-01-01' },
        ]);
      });

      it('applies $setOnInsert only on insert and updates the existing document otherwise', async () => {
        const op = (joinedAt: string, name: string): WriteOp =>
          upsert({ _id: 'm1' }, { $set: { name }, $inc: { visits: 2 }, $setOnInsert: { joinedAt } });
        await store.write([{ collection: 'members', ops: [op('2024-01-01', 'Ann')] }]);
        await store.write([{ collection: 'members', ops: [op('2025-06-30', 'Anna')] }]);

        expect(await store.find('members')).toEqual([{ _id: 'm1', name: 'Anna', visits: 4, joinedAt: '2024-01-01' }]);
      });

      it('inserts nothing without upsert when nothing matches', async () => {
        await members([{ _id: 'm1', name: 'Ann' }]);
        await store.write([
          { collection: 'members', ops: [{ updateOne: { filter: { _id: 'm2' }, update: { $set: { name: 'Bob' } } } }] },
        ]);

        expect(await store.findOne('members', { _id: 'm2' })).toBeNull();
        expect(await store.find('members')).toEqual([{ _id: 'm1', name: 'Ann' }]);
      });

      it('generates an _id when the upsert filter has none, and finds the same document next time', async () => {
        const op = upsert({ email: 'ann@example.org' }, { $inc: { logins: 1 } });
        await store.write([{ collection: 'members', ops: [op] }]);
        await store.write([{ collection: 'members', ops: [op] }]);

        const all = await store.find('members');
        expect(all).toHaveLength(1);
        expect(all[0]._id).toBeTruthy();
        expect(all[0]).toMatchObject({ email: 'ann@example.org', logins: 2 });
      });

      it('applies $set (dotted paths create nested fields), $unset, $inc and $push', async () => {
        await members([{ _id: 'm1', profile: { city: 'Lyon', zip: '69000' }, tags: ['a'], old: true, n: 5 }]);
        await store.write([
          {
            collection: 'members',
            ops: [
              {
                updateOne: {
                  filter: { _id: 'm1' },
                  update: {
                    $set: { 'profile.city': 'Paris', 'profile.geo.lat': 48.85, status: 'active' },
                    $unset: { old: '', missing: '' },
                    $inc: { n: -2, 'stats.logins': 3 },
                    $push: { tags: 'b' },
                  },
                },
              },
              { updateOne: { filter: { _id: 'm1' }, update: { $push: { tags: { $each: ['c', 'd'] }, history: 'created' } } } },
            ],
          },
        ]);

        expect(await store.findOne('members', { _id: 'm1' })).toEqual({
          _id: 'm1',
          profile: { city: 'Paris', zip: '69000', geo: { lat: 48.85 } },
          tags: ['a', 'b', 'c', 'd'],
          history: ['created'],
          n: 3,
          stats: { logins: 3 },
          status: 'active',
        });
      });

      it('applies $addToSet (only missing values) and $pull (matching values)', async () => {
        await members([{ _id: 'm1', roles: ['member'], scores: [1, 5, 8, 2] }]);
        await store.write([
          {
            collection: 'members',
            ops: [
              {
                updateOne: {
                  filter: { _id: 'm1' },
                  update: { $addToSet: { roles: { $each: ['member', 'board', 'board'] } }, $pull: { scores: { $gte: 5 } } },
                },
              },
            ],
          },
        ]);

        expect(await store.findOne('members', { _id: 'm1' })).toEqual({ _id: 'm1', roles: ['member', 'board'], scores: [1, 2] });
      });

      it('changes only the first matching document', async () => {
        await members([
          { _id: 'm1', status: 'active' },
          { _id: 'm2', status: 'active' },
          { _id: 'm3', status: 'active' },
        ]);
        await store.write([
          {
            collection: 'members',
            ops: [{ updateOne: { filter: { status: 'active' }, update: { $set: { flagged: true } } } }],
          },
        ]);

        expect(await store.count('members', { flagged: true })).toBe(1);
        expect(await store.count('members', { status: 'active' })).toBe(3);
      });

      it.each<[string, Record<string, unknown>]>([
        ['plain fields mixed with operators', { $set: { name: 'Bob' }, status: 'active' }],
        ['plain fields only', { name: 'Bob' }],
        ['an empty update', {}],
        ['$set and $inc on the same path', { $set: { n: 1 }, $inc: { n: 1 } }],
        ['$set on a path inside another one', { $set: { profile: {}, 'profile.city': 'Paris' } }],
        ['a change of _id', { $set: { _id: 'other' } }],
      ])('refuses an update with %s', async (_, update) => {
        await members([{ _id: 'm1', name: 'Ann', n: 1, profile: { city: 'Lyon' } }]);

        await expect(
          store.write([{ collection: 'members', ops: [{ updateOne: { filter: { _id: 'm1' }, update } }] }]),
        ).rejects.toThrow();

        expect(await store.find('members')).toEqual([{ _id: 'm1', name: 'Ann', n: 1, profile: { city: 'Lyon' } }]);
      });
    });

    describe('replaceOne and deletes', () => {
      it('replaceOne replaces the whole document and keeps its _id', async () => {
        await members([{ _id: 'm1', name: 'Ann', status: 'active', tags: ['a'] }]);
        await store.write([
          {
            collection: 'members',
            ops: [{ replaceOne: { filter: { name: 'Ann' }, replacement: { _id: 'm1', name: 'Ann B.', n: 2 } } }],
          },
        ]);
        await store.write([
          {
            collection: 'members',
            ops: [{ replaceOne: { filter: { _id: 'm1' }, replacement: noId({ name: 'Ann C.' }) } }],
          },
        ]);

        expect(await store.find('members')).toEqual([{ _id: 'm1', name: 'Ann C.' }]);
      });

      it('replaceOne upserts with the filter _id, and inserts nothing without upsert', async () => {
        await store.write([
          {
            collection: 'members',
            ops: [
              { replaceOne: { filter: { _id: 'm1' }, replacement: noId({ name: 'Ann' }), upsert: true } },
              { replaceOne: { filter: { _id: 'm2' }, replacement: noId({ name: 'Bob' }) } },
            ],
          },
        ]);

        expect(await store.find('members')).toEqual([{ _id: 'm1', name: 'Ann' }]);
      });

      it('deleteOne removes only the first match, deleteMany all matches', async () => {
        await members([
          { _id: 'm1', status: 'active' },
          { _id: 'm2', status: 'active' },
          { _id: 'm3', status: 'active' },
          { _id: 'm4', status: 'left' },
        ]);

        await store.write([{ collection: 'members', ops: [{ deleteOne: { filter: { status: 'active' } } }] }]);
        expect(await store.count('members', { status: 'active' })).toBe(2);
        expect(await store.count('members')).toBe(3);

        await store.write([{ collection: 'members', ops: [{ deleteMany: { filter: { status: 'active' } } }] }]);
        expect(await store.find('members')).toEqual([{ _id: 'm4', status: 'left' }]);
      });

      it('applies the ops of a batch in order, across collections', async () => {
        await store.write([
          {
            collection: 'members',
            ops: [
              upsert({ _id: 'm1' }, { $set: { n: 1 } }),
              { updateOne: { filter: { _id: 'm1' }, update: { $inc: { n: 10 } } } },
              { deleteOne: { filter: { _id: 'm1' } } },
              upsert({ _id: 'm1' }, { $inc: { n: 100 } }),
            ],
          },
          { collection: 'cohorts', ops: [upsert({ _id: 'c1' }, { $push: { members: 'm1' } })] },
          { collection: 'members', ops: [{ updateOne: { filter: { _id: 'm1' }, update: { $inc: { n: 1 } } } }] },
        ]);

        expect(await store.find('members')).toEqual([{ _id: 'm1', n: 101 }]);
        expect(await store.find('cohorts')).toEqual([{ _id: 'c1', members: ['m1'] }]);
      });
    });

    describe('queries', () => {
      const docs: Member[] = [
        {
          _id: 'm1',
          name: 'Ann',
          status: 'active',
          n: 3,
          profile: { city: 'Lyon' },
          joinedAt: '2024-01-15T09:00:00.000Z',
          tags: ['board'],
        },
        { _id: 'm2', name: 'Bob', status: 'active', n: 1, profile: { city: 'Paris' }, joinedAt: '2024-06-01T00:00:00.000Z' },
        {
          _id: 'm3',
          name: 'Cid',
          status: 'left',
          n: 2,
          profile: { city: 'Lyon' },
          joinedAt: '2023-12-31T23:59:59.999Z',
          tags: [],
        },
        { _id: 'm4', name: 'Dee', status: 'pending', n: 3, joinedAt: '2025-02-01T00:00:00.000Z' },
      ];
      const ids = (found: Doc[]): string[] => found.map((d) => d._id).sort();

      beforeEach(async () => {
        await members(docs);
      });

      it('matches dotted paths', async () => {
        expect(ids(await store.find('members', { 'profile.city': 'Lyon' }))).toEqual(['m1', 'm3']);
      });

      it('matches $in, and array fields by element', async () => {
        expect(ids(await store.find('members', { status: { $in: ['left', 'pending'] } }))).toEqual(['m3', 'm4']);
        expect(ids(await store.find('members', { _id: { $in: ['m2', 'm4', 'nobody'] } }))).toEqual(['m2', 'm4']);
        expect(ids(await store.find('members', { tags: 'board' }))).toEqual(['m1']);
      });

      it('compares ISO date strings with $lt and $gte', async () => {
        expect(ids(await store.find('members', { joinedAt: { $lt: '2024-01-01' } }))).toEqual(['m3']);
        expect(ids(await store.find('members', { joinedAt: { $gte: '2024-01-15T09:00:00.000Z', $lt: '2025-01-01' } }))).toEqual([
          'm1',
          'm2',
        ]);
      });

      it('matches $exists', async () => {
        expect(ids(await store.find('members', { tags: { $exists: true } }))).toEqual(['m1', 'm3']);
        expect(ids(await store.find('members', { 'profile.city': { $exists: false } }))).toEqual(['m4']);
      });

      it('matches $or, combined with other conditions', async () => {
        expect(ids(await store.find('members', { $or: [{ status: 'left' }, { n: { $gte: 3 } }] }))).toEqual(['m1', 'm3', 'm4']);
        expect(ids(await store.find('members', { status: 'active', $or: [{ n: 1 }, { 'profile.city': 'Lyon' }] }))).toEqual([
          'm1',
          'm2',
        ]);
      });

      it('matches _id together with further conditions', async () => {
        expect(await store.findOne('members', { _id: 'm1', status: 'active' })).toMatchObject({ _id: 'm1', name: 'Ann' });
        expect(await store.findOne('members', { _id: 'm1', status: 'left' })).toBeNull();
        expect(await store.findOne('members', { _id: 'nobody' })).toBeNull();
      });

      it('sorts on several keys, then skips and limits', async () => {
        const sorted = await store.find('members', {}, { sort: { n: -1, name: 1 } });
        expect(sorted.map((d) => d._id)).toEqual(['m1', 'm4', 'm3', 'm2']);

        const page = await store.find('members', {}, { sort: { n: -1, name: 1 }, skip: 1, limit: 2 });
        expect(page.map((d) => d._id)).toEqual(['m4', 'm3']);

        const filtered = await store.find('members', { status: 'active' }, { sort: { joinedAt: -1 }, limit: 1 });
        expect(filtered.map((d) => d._id)).toEqual(['m2']);

        expect((await store.find('members', {}, { sort: { _id: 1 }, skip: 3 })).map((d) => d._id)).toEqual(['m4']);
      });

      it('returns whole documents', async () => {
        expect(await store.find('members', { name: 'Ann' })).toEqual([docs[0]]);
        expect(await store.find('members', {}, byId)).toEqual(docs);
      });

      it('counts with and without a filter, and 0 for an unknown collection', async () => {
        expect(await store.count('members')).toBe(4);
        expect(await store.count('members', { 'profile.city': 'Lyon', n: { $gte: 3 } })).toBe(1);
        expect(await store.count('nothing-here')).toBe(0);
        expect(await store.find('nothing-here')).toEqual([]);
        expect(await store.findOne('nothing-here', { _id: 'm1' })).toBeNull();
      });
    });

    describe('copies, not aliases', () => {
      it('mutating found documents does not change the store', async () => {
        await members([{ _id: 'm1', name: 'Ann', profile: { city: 'Lyon' }, tags: ['a'] }]);

        const [found] = await store.find<Member>('members');
        found.name = 'Changed';
        found.profile!.city = 'Changed';
        found.tags!.push('changed');
        const one = (await store.findOne<Member>('members', { _id: 'm1' }))!;
        one.profile!.city = 'Changed too';
        one.tags!.length = 0;

        expect(await store.findOne('members', { _id: 'm1' })).toEqual({
          _id: 'm1',
          name: 'Ann',
          profile: { city: 'Lyon' },
          tags: ['a'],
        });
      });

      it('mutating written values afterwards does not change the store', async () => {
        const profile = { city: 'Lyon', geo: { lat: 45.76 } };
        const tags = ['a'];
        const replacement = { _id: 'm2', name: 'Bob', profile: { city: 'Paris' } };
        await store.write([
          {
            collection: 'members',
            ops: [
              upsert({ _id: 'm1' }, { $set: { profile }, $push: { tags: { $each: tags } } }),
              { replaceOne: { filter: { _id: 'm2' }, replacement, upsert: true } },
            ],
          },
        ]);
        profile.geo.lat = 0;
        profile.city = 'Changed';
        tags.push('changed');
        replacement.profile.city = 'Changed';

        expect(await store.find('members', {}, byId)).toEqual([
          { _id: 'm1', profile: { city: 'Lyon', geo: { lat: 45.76 } }, tags: ['a'] },
          { _id: 'm2', name: 'Bob', profile: { city: 'Paris' } },
        ]);
      });
    });

    describe('atomic batches', () => {
      const failing: [string, WriteOp][] = [
        ['$inc with a non-numeric argument', { updateOne: { filter: { _id: 'm1' }, update: { $inc: { n: 'x' } } } }],
        ['$inc on a string field', { updateOne: { filter: { _id: 'm1' }, update: { $inc: { name: 1 } } } }],
        ['$push on a non-array field', { updateOne: { filter: { _id: 'm1' }, update: { $push: { name: 'x' } } } }],
        ['a field created inside a string', { updateOne: { filter: { _id: 'm1' }, update: { $set: { 'name.first': 'x' } } } }],
        [
          'an update mixing operators and plain fields',
          { updateOne: { filter: { _id: 'm1' }, update: { $set: { a: 1 }, b: 2 } } },
        ],
        ['an upsert whose _id already exists', upsert({ _id: 'm2', status: 'nobody' }, { $set: { status: 'x' } })],
        ['a replaceOne altering _id', { replaceOne: { filter: { _id: 'm1' }, replacement: { _id: 'm9', name: 'x' } } }],
        [
          'a replaceOne upsert whose _id already exists',
          { replaceOne: { filter: { name: 'nobody' }, replacement: { _id: 'm2', name: 'x' }, upsert: true } },
        ],
      ];

      it.each(failing)('a batch failing on %s leaves nothing of it applied', async (_, failingOp) => {
        await store.write([
          { collection: 'members', ops: [insert({ _id: 'm1', name: 'Ann', n: 1 }), insert({ _id: 'm2', name: 'Bob', n: 2 })] },
          { collection: 'cohorts', ops: [insert({ _id: 'c1', size: 2 })] },
        ]);
        const snapshot = async (): Promise<unknown> => ({
          members: await store.find('members', {}, byId),
          cohorts: await store.find('cohorts', {}, byId),
          collections: await store.listCollections(),
        });
        const before = await snapshot();
        const batch: WriteBatch = [
          {
            collection: 'cohorts',
            ops: [{ updateOne: { filter: { _id: 'c1' }, update: { $inc: { size: 1 } } } }, insert({ _id: 'c2', size: 0 })],
          },
          {
            collection: 'members',
            ops: [
              { updateOne: { filter: { _id: 'm1' }, update: { $set: { name: 'Changed' }, $inc: { n: 5 } } } },
              { deleteOne: { filter: { _id: 'm2' } } },
              insert({ _id: 'm2', name: 'Bob again' }),
              upsert({ _id: 'm3' }, { $set: { name: 'New' } }),
              failingOp,
              { updateOne: { filter: { _id: 'm1' }, update: { $set: { after: true } } } },
            ],
          },
          { collection: 'audit', ops: [insert({ _id: 'a1', at: 'now' })] },
        ];

        await expect(store.write(batch)).rejects.toThrow();

        if (fixture.atomicBatches === false) {
          // Documented for non-transactional adapters: the ops after the failing one are not applied.
          expect(await store.findOne('members', { _id: 'm1', after: true })).toBeNull();
          expect(await store.count('audit')).toBe(0);
          return;
        }
        expect(await snapshot()).toEqual(before);
        expect(await store.listCollections()).not.toContain('audit');
        if (fixture.reopen) {
          await reopen();
          expect(await snapshot()).toEqual(before);
        }
        // The store still works after a rolled-back batch.
        await store.write([
          { collection: 'members', ops: [{ updateOne: { filter: { _id: 'm1' }, update: { $inc: { n: 1 } } } }] },
        ]);
        expect(await store.findOne('members', { _id: 'm1' })).toEqual({ _id: 'm1', name: 'Ann', n: 2 });
      });
    });

    describe('collections', () => {
      it('lists collections written to, including emptied ones, and drops them', async () => {
        expect(await store.listCollections()).toEqual([]);
        await store.write([
          { collection: 'members', ops: [insert({ _id: 'm1' }), insert({ _id: 'm2' })] },
          { collection: 'cohorts', ops: [insert({ _id: 'c1' })] },
        ]);
        expect(await store.listCollections()).toEqual(['cohorts', 'members']);

        await store.write([{ collection: 'cohorts', ops: [{ deleteMany: { filter: {} } }] }]);
        expect(await store.listCollections()).toEqual(['cohorts', 'members']);
        expect(await store.count('cohorts')).toBe(0);

        await store.dropCollection('members');
        expect(await store.listCollections()).toEqual(['cohorts']);
        expect(await store.find('members')).toEqual([]);
        expect(await store.count('members')).toBe(0);

        await store.dropCollection('never-existed');
        await store.write([{ collection: 'members', ops: [insert({ _id: 'm3' })] }]);
        expect(await store.find('members')).toEqual([{ _id: 'm3' }]);
      });
    });

    if (options.durable) {
      describe('persistence', () => {
        it('keeps inserts, updates, deletes and emptied collections across reopen', async () => {
          await store.write([
            {
              collection: 'members',
              ops: [
                insert({ _id: 'm1', name: 'Ann', profile: { city: 'Lyon' }, tags: ['a'] }),
                insert({ _id: 'm2', name: 'Bob' }),
                insert({ _id: 'm3', name: 'Cid' }),
              ],
            },
            { collection: 'cohorts', ops: [insert({ _id: 'c1' })] },
          ]);
          await store.write([
            {
              collection: 'members',
              ops: [
                {
                  updateOne: {
                    filter: { _id: 'm1' },
                    update: { $set: { 'profile.city': 'Paris' }, $push: { tags: 'b' }, $inc: { n: 1 } },
                  },
                },
                { deleteOne: { filter: { _id: 'm2' } } },
                { replaceOne: { filter: { _id: 'm3' }, replacement: { _id: 'm3', name: 'Cid B.' } } },
              ],
            },
            { collection: 'cohorts', ops: [{ deleteMany: { filter: {} } }] },
          ]);

          await reopen();

          expect(await store.find('members', {}, byId)).toEqual([
            { _id: 'm1', name: 'Ann', profile: { city: 'Paris' }, tags: ['a', 'b'], n: 1 },
            { _id: 'm3', name: 'Cid B.' },
          ]);
          expect(await store.listCollections()).toEqual(['cohorts', 'members']);

          await store.write([
            { collection: 'members', ops: [{ updateOne: { filter: { _id: 'm1' }, update: { $inc: { n: 1 } } } }] },
          ]);
          await reopen();
          expect(await store.findOne('members', { _id: 'm1' })).toMatchObject({ n: 2 });
        });

        it('keeps a dropped collection dropped across reopen', async () => {
          await store.write([
            { collection: 'members', ops: [insert({ _id: 'm1' })] },
            { collection: 'cohorts', ops: [insert({ _id: 'c1' })] },
          ]);
          await store.dropCollection('members');

          await reopen();

          expect(await store.listCollections()).toEqual(['cohorts']);
          expect(await store.count('members')).toBe(0);
          expect(await store.find('cohorts')).toEqual([{ _id: 'c1' }]);
        });
      });
    }
  });
}
