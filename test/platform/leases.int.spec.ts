import { InMemoryEventStore } from '@opc/eventstore';
import type { NewEvent } from '@opc/kernel';
import { EmbeddedReadStore } from '@opc/readstore/embedded-read-store';
import { PreconditionFailed } from '@opc/readstore';
import { physicalCollection, ProjectionWorker, REGISTRY_COLLECTION, type Projection, type ProjectionRecord } from '@opc/platform';
import { Leased } from '@opc/platform/leases/leased';
import { fenceOf, LeaseKeeper, LEASES_COLLECTION, type LeaseDoc } from '@opc/platform/leases/leases';
import { ApiHarness, application } from '../support/api-harness';

/**
 * Leases in the read store (README "Scaling out"): one holder at a time, taken over after expiry,
 * and a fencing token that keeps a holder which lost its lease from writing anything.
 */
describe('leases', () => {
  let now = Date.parse('2027-01-04T01:00:00Z');
  const clock = () => now;
  const docs = EmbeddedReadStore.inMemory();
  const a = new LeaseKeeper(docs, 'host-a:1:aaaa', 15_000, clock, () => true);
  const b = new LeaseKeeper(docs, 'host-b:2:bbbb', 15_000, clock, () => true);

  it('one holder at a time; the other waits out the expiry, then takes it with a higher token', async () => {
    const first = await a.tryAcquire('projection:members');
    expect(first).toEqual({ name: 'projection:members', holder: 'host-a:1:aaaa', token: 1 });
    expect(await b.tryAcquire('projection:members')).toBeNull();
    now += 10_000;
    expect(await a.renew(first!)).toBe(true);
    now += 10_000; // 20 s after taking it, 10 s after the renewal: still a's
    expect(await b.tryAcquire('projection:members')).toBeNull();
    now += 6_000; // a stopped renewing (paused, or killed): expired
    const second = await b.tryAcquire('projection:members');
    expect(second).toEqual({ name: 'projection:members', holder: 'host-b:2:bbbb', token: 2 });
    // a wakes up: it cannot renew, and a write fenced with its token is refused whole.
    expect(await a.renew(first!)).toBe(false);
    const write = docs.write([
      fenceOf(first!),
      {
        collection: 'members.g1',
        ops: [{ replaceOne: { filter: { _id: 'x' }, replacement: { _id: 'x', v: 1 }, upsert: true } }],
      },
    ]);
    await expect(write).rejects.toBeInstanceOf(PreconditionFailed);
    expect(await docs.findOne('members.g1', { _id: 'x' })).toBeNull();
    // b's fenced write goes through.
    await docs.write([
      fenceOf(second!),
      {
        collection: 'members.g1',
        ops: [{ replaceOne: { filter: { _id: 'x' }, replacement: { _id: 'x', v: 2 }, upsert: true } }],
      },
    ]);
    expect(await docs.findOne('members.g1', { _id: 'x' })).toEqual({ _id: 'x', v: 2 });
  });

  it('a released lease is taken at once; two takers racing for it: one wins', async () => {
    const held = await a.tryAcquire('scheduler');
    await a.release(held!);
    expect(await docs.findOne<LeaseDoc>(LEASES_COLLECTION, { _id: 'scheduler' })).toMatchObject({ holder: null, token: 1 });
    const raced = await Promise.all([a.tryAcquire('scheduler'), b.tryAcquire('scheduler')]);
    expect(raced.filter((l) => l !== null)).toHaveLength(1);
    expect(raced.find((l) => l !== null)!.token).toBe(2);
  });

  it('a holder on this host whose process is gone is taken over without waiting for the expiry', async () => {
    const dead = new LeaseKeeper(docs, 'host-c:3:cccc', 15_000, clock, () => true);
    const successor = new LeaseKeeper(docs, 'host-c:4:dddd', 15_000, clock, (holder) => !holder.startsWith('host-c:3:'));
    expect(await dead.tryAcquire('process:elimination')).not.toBeNull();
    expect(await successor.tryAcquire('process:elimination')).toMatchObject({ holder: 'host-c:4:dddd', token: 2 });
  });
});

/** Two projector instances over one event store and one read store; one is stuck mid-batch past its lease. */
describe('two projector instances under leases', () => {
  const tick = (n: number): NewEvent => ({
    type: 'Ticked.v1',
    data: { n },
    metadata: {
      eventId: `tick-${n}`,
      commandId: `tick-${n}`,
      correlationId: 'c',
      causationId: 'c',
      actor: { id: 't', role: 'admin' },
      occurredAt: '2027-01-04T01:00:00.000Z',
      recordedAt: '2027-01-04T01:00:00.000Z',
      ruleSet: { id: 'test', version: 1 },
    },
  });
  /** Counts each event's applications: an event applied twice would show 2. */
  const counting = (stuckAt?: { position: number; until: Promise<void> }): Projection => ({
    name: 'ticks',
    version: 1,
    collections: ['applied'],
    async apply(e, tx) {
      if (stuckAt && e.position === stuckAt.position) await stuckAt.until;
      const doc = await tx.get<{ _id: string; n: number }>('applied', e.metadata.eventId);
      tx.put('applied', { _id: e.metadata.eventId, n: (doc?.n ?? 0) + 1 });
    },
  });
  const until = async (check: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 500; i++) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('condition not reached');
  };

  it('the one that lost its lease mid-batch writes nothing; its successor applies every event exactly once', async () => {
    let now = Date.parse('2027-01-04T01:00:00Z');
    const events = new InMemoryEventStore();
    const docs = EmbeddedReadStore.inMemory();
    for (let i = 1; i <= 30; i++) await events.append(`tick-${i % 3}`, [tick(i)], { expectedRevision: 'any' });

    let unstick!: () => void;
    const stuck = new Promise<void>((r) => (unstick = r));
    const instance = (holder: string, projection: Projection) => {
      const keeper = new LeaseKeeper(
        docs,
        holder,
        15_000,
        () => now,
        () => true,
      );
      let worker: ProjectionWorker | null = null;
      const gate = new Leased(keeper, 'projection:ticks', {
        start: async (lease) => {
          worker = new ProjectionWorker(projection, events, docs, () => [fenceOf(lease)]);
          await worker.start();
        },
        stop: async () => {
          const w = worker;
          worker = null;
          await w?.stop();
        },
        lost: () => worker?.lostLease ?? false,
      });
      return { gate, worker: () => worker };
    };
    // A takes the lease and starts folding; it is stuck on the 15th event (its batch not yet written).
    const a = instance('host-a:1:aaaa', counting({ position: 15, until: stuck }));
    await a.gate.tick();
    expect(a.gate.held?.token).toBe(1);
    // B stands by.
    const b = instance('host-b:2:bbbb', counting());
    await b.gate.tick();
    expect(b.gate.held).toBeNull();
    // A does not renew (stuck, or its process killed); past the lifetime B takes over from the checkpoint.
    now += 16_000;
    await b.gate.tick();
    expect(b.gate.held?.token).toBe(2);
    await until(
      async () => ((await docs.findOne<ProjectionRecord>(REGISTRY_COLLECTION, { _id: 'ticks' }))?.checkpoint ?? 0) === 30,
    );
    // A wakes: its batch is refused whole by the fence, and it stops at its next round.
    unstick();
    await until(() => a.worker()?.lostLease === true);
    await a.gate.tick();
    expect(a.gate.held).toBeNull();
    expect(a.worker()).toBeNull();

    const applied = await docs.find<{ _id: string; n: number }>(physicalCollection('ticks', 'applied', 1));
    expect(applied).toHaveLength(30);
    expect(applied.every((d) => d.n === 1)).toBe(true);
    // B goes on with what comes next.
    await events.append('tick-x', [tick(31)], { expectedRevision: 'any' });
    await until(
      async () => ((await docs.findOne<ProjectionRecord>(REGISTRY_COLLECTION, { _id: 'ticks' }))?.checkpoint ?? 0) === 31,
    );
    await b.gate.stop();
    expect(await docs.findOne<LeaseDoc>(LEASES_COLLECTION, { _id: 'projection:ticks' })).toMatchObject({
      holder: null,
      token: 2,
    });
  });

  it('the scheduler acts only while its lease is confirmed: a paused holder does not act on waking', async () => {
    let now = Date.parse('2027-01-04T01:00:00Z');
    const docs = EmbeddedReadStore.inMemory();
    const running = new Set<string>();
    const gate = (holder: string) =>
      new Leased(
        new LeaseKeeper(
          docs,
          holder,
          15_000,
          () => now,
          () => true,
        ),
        'scheduler',
        {
          start: async () => void running.add(holder),
          stop: async () => void running.delete(holder),
          lost: () => false,
        },
      );
    const a = gate('host-a:1:aaaa');
    const b = gate('host-b:2:bbbb');
    expect(await a.confirm()).toBe(true);
    expect(await b.confirm()).toBe(false);
    expect([...running]).toEqual(['host-a:1:aaaa']);
    now += 16_000; // a paused past its lease
    expect(await b.confirm()).toBe(true);
    // a wakes and asks before acting: it no longer holds the lease, and stops.
    expect(await a.confirm()).toBe(false);
    expect([...running]).toEqual(['host-b:2:bbbb']);
  });
});

describe('leases in the embedded default', () => {
  it('one process takes every projection and process manager lease at start, shows them in /health, and gives them up on stop', async () => {
    const api = await ApiHarness.start();
    const health = (await api.get('/health')).body;
    const names = health.leases.map((l: { name: string }) => l.name);
    for (const p of health.projections) expect(names).toContain(`projection:${p.name}`);
    for (const p of health.processes) expect(names).toContain(`process:${p.name}`);
    expect(health.leases.every((l: { live: boolean; here: boolean; token: number }) => l.live && l.here && l.token === 1)).toBe(
      true,
    );
    // Restarted on the same data directory: the leases were released, so they are taken again at once.
    const again = await api.restart();
    try {
      const after = (await again.get('/health')).body;
      expect(after.leases.every((l: { here: boolean; token: number }) => l.here && l.token === 2)).toBe(true);
    } finally {
      await again.stop();
    }
  });
});

describe('an api with RUN_PROJECTIONS=false', () => {
  it('takes commands and serves reads, runs no projection, process manager or scheduler, and holds no lease', async () => {
    const api = await ApiHarness.start({ RUN_PROJECTIONS: 'false', MIN_POSITION_WAIT_MS: '200' });
    try {
      const applied = await api.post('/members/applications', application(), 'recruiter');
      expect(applied.status).toBe(201);
      // Nobody projects here: a read asking for that write says so rather than answering stale.
      const read = await api.get(`/members?minPosition=${applied.body.position}`);
      expect(read.body.code).toBe('NOT_CAUGHT_UP');
      const health = (await api.get('/health')).body;
      expect(health.leases).toEqual([]);
      expect(health.projections.every((p: { position: number }) => p.position === 0)).toBe(true);
    } finally {
      await api.stop();
    }
  });
});
