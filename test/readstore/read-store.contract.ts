import { PreconditionFailed, type Doc, type ReadStore, type WriteBatch, type WriteOp } from '@opc/readstore';

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

/** A projection's `put`: a whole document, upserted by `_id`. */
function insert(doc: Doc): WriteOp {
  return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } };
}

/** A replacement the port's type would refuse at compile time. */
function malformed(fields: Record<string, unknown>): Doc {
  return fields as Doc;
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

    describe('replaceOne and deleteOne', () => {
      it('replaceOne replaces the whole first match and keeps its _id', async () => {
        await members([
          { _id: 'm1', name: 'Ann', status: 'active', tags: ['a'] },
          { _id: 'm2', name: 'Bob', status: 'active' },
        ]);
        await store.write([
          {
            collection: 'members',
            ops: [{ replaceOne: { filter: { name: 'Ann' }, replacement: { _id: 'm1', name: 'Ann B.', n: 2 } } }],
          },
        ]);

        expect(await store.find('members', {}, byId)).toEqual([
          { _id: 'm1', name: 'Ann B.', n: 2 },
          { _id: 'm2', name: 'Bob', status: 'active' },
        ]);
      });

      it('replaceOne upserts the replacement, and inserts nothing without upsert', async () => {
        await store.write([
          {
            collection: 'members',
            ops: [
              { replaceOne: { filter: { _id: 'm1' }, replacement: { _id: 'm1', name: 'Ann' }, upsert: true } },
              { replaceOne: { filter: { _id: 'm2' }, replacement: { _id: 'm2', name: 'Bob' } } },
            ],
          },
        ]);

        expect(await store.find('members')).toEqual([{ _id: 'm1', name: 'Ann' }]);
      });

      it('a guarded upsert (the _id plus a condition) replaces while the condition holds, else fails the batch on the duplicate _id', async () => {
        const guarded = (expected: number, checkpoint: number): WriteOp => ({
          replaceOne: { filter: { _id: 'p1', checkpoint: expected }, replacement: { _id: 'p1', checkpoint }, upsert: true },
        });
        await store.write([{ collection: 'registry', ops: [guarded(0, 5)] }]);
        await store.write([{ collection: 'registry', ops: [guarded(5, 9)] }]);
        expect(await store.find('registry')).toEqual([{ _id: 'p1', checkpoint: 9 }]);

        await expect(
          store.write([
            { collection: 'members', ops: [insert({ _id: 'm1', name: 'from an older batch' })] },
            { collection: 'registry', ops: [guarded(5, 7)] },
          ]),
        ).rejects.toMatchObject({ code: 11000 });

        expect(await store.find('registry')).toEqual([{ _id: 'p1', checkpoint: 9 }]);
        if (fixture.atomicBatches !== false) expect(await store.count('members')).toBe(0);
      });

      it('deleteOne removes only the first match, and nothing when none matches', async () => {
        await members([
          { _id: 'm1', status: 'active' },
          { _id: 'm2', status: 'active' },
          { _id: 'm3', status: 'left' },
        ]);

        await store.write([
          {
            collection: 'members',
            ops: [{ deleteOne: { filter: { status: 'active' } } }, { deleteOne: { filter: { _id: 'nobody' } } }],
          },
        ]);

        expect(await store.count('members', { status: 'active' })).toBe(1);
        expect(await store.count('members')).toBe(2);
      });

      it('applies the ops of a batch in order, across collections', async () => {
        await store.write([
          {
            collection: 'members',
            ops: [
              insert({ _id: 'm1', n: 1 }),
              insert({ _id: 'm1', n: 2 }),
              { deleteOne: { filter: { _id: 'm1' } } },
              insert({ _id: 'm1', n: 3 }),
              insert({ _id: 'm2', n: 1 }),
            ],
          },
          { collection: 'cohorts', ops: [insert({ _id: 'c1', members: ['m1'] })] },
          { collection: 'members', ops: [{ deleteOne: { filter: { _id: 'm2' } } }, insert({ _id: 'm1', n: 4 })] },
        ]);

        expect(await store.find('members')).toEqual([{ _id: 'm1', n: 4 }]);
        expect(await store.find('cohorts')).toEqual([{ _id: 'c1', members: ['m1'] }]);
      });

      it.each<[string, WriteOp]>([
        [
          'update operators in a replacement',
          { replaceOne: { filter: { _id: 'm1' }, replacement: malformed({ _id: 'm1', $set: { n: 2 } }) } },
        ],
        [
          'a replacement without _id',
          { replaceOne: { filter: { _id: 'm1' }, replacement: malformed({ name: 'x' }), upsert: true } },
        ],
        [
          'a replacement with a non-string _id',
          { replaceOne: { filter: { _id: 'm1' }, replacement: malformed({ _id: 7 }), upsert: true } },
        ],
        ['a replacement altering _id', { replaceOne: { filter: { _id: 'm1' }, replacement: { _id: 'm9', name: 'x' } } }],
      ])('refuses %s, applying nothing', async (_, op) => {
        await members([{ _id: 'm1', name: 'Ann' }]);

        await expect(store.write([{ collection: 'members', ops: [op] }])).rejects.toThrow();

        expect(await store.find('members')).toEqual([{ _id: 'm1', name: 'Ann' }]);
      });
    });

    describe('expect (write precondition)', () => {
      const lease = (token: string): WriteOp => ({ expect: { filter: { _id: 'lease-balances', token } } });

      beforeEach(async () => {
        await store.write([{ collection: '_leases', ops: [insert({ _id: 'lease-balances', token: 't2' })] }]);
      });

      it('applies the batch when a document matches', async () => {
        await store.write([
          { collection: '_leases', ops: [lease('t2')] },
          { collection: 'members', ops: [insert({ _id: 'm1', name: 'Ann' })] },
        ]);

        expect(await store.find('members')).toEqual([{ _id: 'm1', name: 'Ann' }]);
        expect(await store.find('_leases')).toEqual([{ _id: 'lease-balances', token: 't2' }]);
      });

      it('applies nothing when no document matches, and rejects with PreconditionFailed', async () => {
        await members([{ _id: 'm1', name: 'Ann' }]);

        const failure = await store
          .write([
            { collection: 'members', ops: [insert({ _id: 'm1', name: 'Changed' }), { deleteOne: { filter: { _id: 'm1' } } }] },
            { collection: '_leases', ops: [lease('t1')] },
            { collection: 'members', ops: [insert({ _id: 'm2', name: 'Bob' })] },
          ])
          .then(
            () => null,
            (error: unknown) => error,
          );

        expect(failure).toBeInstanceOf(PreconditionFailed);
        expect(failure).toMatchObject({
          name: 'PreconditionFailed',
          collection: '_leases',
          filter: { _id: 'lease-balances', token: 't1' },
        });
        expect(await store.findOne('members', { _id: 'm2' })).toBeNull();
        if (fixture.atomicBatches === false) return; // documented: the ops before a failed expect stay applied
        expect(await store.find('members')).toEqual([{ _id: 'm1', name: 'Ann' }]);
        if (fixture.reopen) {
          await reopen();
          expect(await store.find('members')).toEqual([{ _id: 'm1', name: 'Ann' }]);
        }
      });

      it('fails on a collection that does not exist, and creates nothing', async () => {
        await expect(store.write([{ collection: 'nothing-here', ops: [{ expect: { filter: {} } }] }])).rejects.toBeInstanceOf(
          PreconditionFailed,
        );
        expect(await store.count('nothing-here')).toBe(0);
      });

      it('is checked at its place in the batch, against the ops before it', async () => {
        await store.write([
          { collection: '_leases', ops: [insert({ _id: 'lease-balances', token: 't3' }), lease('t3')] },
          { collection: 'members', ops: [insert({ _id: 'm1' })] },
        ]);
        expect(await store.count('members')).toBe(1);

        await expect(
          store.write([
            { collection: '_leases', ops: [lease('t3'), { deleteOne: { filter: { _id: 'lease-balances' } } }, lease('t3')] },
          ]),
        ).rejects.toBeInstanceOf(PreconditionFailed);
        if (fixture.atomicBatches !== false)
          expect(await store.find('_leases')).toEqual([{ _id: 'lease-balances', token: 't3' }]);
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
        const replacement = { _id: 'm1', name: 'Ann', profile, tags };
        await store.write([{ collection: 'members', ops: [insert(replacement)] }]);
        profile.geo.lat = 0;
        profile.city = 'Changed';
        tags.push('changed');
        replacement.name = 'Changed';

        expect(await store.find('members')).toEqual([
          { _id: 'm1', name: 'Ann', profile: { city: 'Lyon', geo: { lat: 45.76 } }, tags: ['a'] },
        ]);
      });
    });

    describe('atomic batches', () => {
      const failing: [string, WriteOp][] = [
        [
          'a guarded upsert whose _id exists with another value',
          { replaceOne: { filter: { _id: 'm2', status: 'nobody' }, replacement: { _id: 'm2', status: 'x' }, upsert: true } },
        ],
        ['a replaceOne altering _id', { replaceOne: { filter: { _id: 'm1' }, replacement: { _id: 'm9', name: 'x' } } }],
        [
          'a replaceOne upsert whose _id already exists',
          { replaceOne: { filter: { name: 'nobody' }, replacement: { _id: 'm2', name: 'x' }, upsert: true } },
        ],
        ['an expect no document matches', { expect: { filter: { _id: 'm1', name: 'nobody' } } }],
      ];

      it.each(failing)('a batch failing on %s leaves nothing of it applied', async (_, failingOp) => {
        await store.write([
          { collection: 'members', ops: [insert({ _id: 'm1', name: 'Ann', n: 1 }), insert({ _id: 'm2', name: 'Bob', n: 2 })] },
          { collection: 'cohorts', ops: [insert({ _id: 'c1', size: 2 })] },
        ]);
        const snapshot = async (): Promise<unknown> => ({
          members: await store.find('members', {}, byId),
          cohorts: await store.find('cohorts', {}, byId),
          audit: await store.count('audit'),
        });
        const before = await snapshot();
        const batch: WriteBatch = [
          { collection: 'cohorts', ops: [insert({ _id: 'c1', size: 3 }), insert({ _id: 'c2', size: 0 })] },
          {
            collection: 'members',
            ops: [
              insert({ _id: 'm1', name: 'Changed', n: 6 }),
              { deleteOne: { filter: { _id: 'm2' } } },
              insert({ _id: 'm2', name: 'Bob again' }),
              insert({ _id: 'm3', name: 'New' }),
              failingOp,
              insert({ _id: 'm1', name: 'Changed', after: true }),
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
        if (fixture.reopen) {
          await reopen();
          expect(await snapshot()).toEqual(before);
        }
        // The store still works after a rolled-back batch.
        await store.write([{ collection: 'members', ops: [insert({ _id: 'm1', name: 'Ann', n: 2 })] }]);
        expect(await store.findOne('members', { _id: 'm1' })).toEqual({ _id: 'm1', name: 'Ann', n: 2 });
      });
    });

    describe('dropCollection', () => {
      it('removes a collection and its documents; a missing one is no error; writing afterwards starts it afresh', async () => {
        await store.write([
          { collection: 'members', ops: [insert({ _id: 'm1' }), insert({ _id: 'm2' })] },
          { collection: 'cohorts', ops: [insert({ _id: 'c1' })] },
        ]);

        await store.dropCollection('members');
        expect(await store.find('members')).toEqual([]);
        expect(await store.count('members')).toBe(0);
        expect(await store.findOne('members', { _id: 'm1' })).toBeNull();
        expect(await store.find('cohorts')).toEqual([{ _id: 'c1' }]);

        await store.dropCollection('never-existed');
        await store.write([{ collection: 'members', ops: [insert({ _id: 'm3' })] }]);
        expect(await store.find('members')).toEqual([{ _id: 'm3' }]);
      });
    });

    if (options.durable) {
      describe('persistence', () => {
        it('keeps inserts, replacements and deletes across reopen', async () => {
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
                insert({ _id: 'm1', name: 'Ann', profile: { city: 'Paris' }, tags: ['a', 'b'], n: 1 }),
                { deleteOne: { filter: { _id: 'm2' } } },
                { replaceOne: { filter: { _id: 'm3' }, replacement: { _id: 'm3', name: 'Cid B.' } } },
              ],
            },
            { collection: 'cohorts', ops: [{ deleteOne: { filter: { _id: 'c1' } } }] },
          ]);

          await reopen();

          expect(await store.find('members', {}, byId)).toEqual([
            { _id: 'm1', name: 'Ann', profile: { city: 'Paris' }, tags: ['a', 'b'], n: 1 },
            { _id: 'm3', name: 'Cid B.' },
          ]);
          expect(await store.count('cohorts')).toBe(0);

          await store.write([{ collection: 'members', ops: [insert({ _id: 'm1', n: 2 })] }]);
          await reopen();
          expect(await store.findOne('members', { _id: 'm1' })).toEqual({ _id: 'm1', n: 2 });
        });

        it('keeps a dropped collection dropped across reopen', async () => {
          await store.write([
            { collection: 'members', ops: [insert({ _id: 'm1' })] },
            { collection: 'cohorts', ops: [insert({ _id: 'c1' })] },
          ]);
          await store.dropCollection('members');

          await reopen();

          expect(await store.count('members')).toBe(0);
          expect(await store.find('cohorts')).toEqual([{ _id: 'c1' }]);
        });
      });
    }
  });
}
