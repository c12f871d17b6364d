import { InMemoryEventStore, WrongExpectedRevisionError, type EventStore } from '@opc/eventstore';
import { DomainError, ManualClock, RuleSetHistory, WorkingDayCalendar, type Decider, type DomainEvent } from '@opc/kernel';
import { CommandPipeline } from '@opc/platform';

type Counted = { type: 'Counted.v1'; data: { n: number } };
type Count = { type: 'Count'; limit?: number };
interface TestRules {
  id: string;
  version: number;
  effectiveFrom: string;
}

/** A tiny decider: each command appends the next number; refuses past a limit. */
const counter: Decider<number, Count, Counted, TestRules> = {
  initialState: () => 0,
  evolve: (n, e) => e.data.n,
  decide: (c, n) => {
    if (c.limit !== undefined && n >= c.limit) throw new DomainError('CONDITIONS_NOT_MET', 'limit reached');
    return [{ type: 'Counted.v1', data: { n: n + 1 } }];
  },
};
const rules = new RuleSetHistory<TestRules>([
  { id: 'test', version: 1, effectiveFrom: '2026-04-01' },
  { id: 'test', version: 2, effectiveFrom: '2027-01-01' },
]);
const actor = { id: 'tester', role: 'admin' };

describe('command pipeline (the write side)', () => {
  let store: InMemoryEventStore;
  let clock: ManualClock;
  let pipeline: CommandPipeline;

  beforeEach(() => {
    store = new InMemoryEventStore();
    clock = new ManualClock('2027-03-01T10:00:00+08:00');
    pipeline = new CommandPipeline(store, clock, new WorkingDayCalendar());
  });

  it('loads, folds, decides and appends with the envelope; the rule set is the one in force on occurredAt (M-RULE-1)', async () => {
    const first = await pipeline.run(
      counter,
      rules,
      'c-1',
      { type: 'Count' },
      { actor, occurredAt: new Date('2026-12-31T10:00:00+08:00') },
    );
    const second = await pipeline.run(counter, rules, 'c-1', { type: 'Count' }, { actor, correlationId: 'corr-1' });
    expect([first.revision, second.revision]).toEqual([0, 1]);
    const events = await store.readStream('c-1');
    expect(events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(events[0].metadata).toMatchObject({
      actor,
      occurredAt: '2026-12-31T02:00:00.000Z',
      recordedAt: '2027-03-01T02:00:00.000Z',
      ruleSet: { id: 'test', version: 1 },
    });
    expect(events[1].metadata).toMatchObject({ correlationId: 'corr-1', ruleSet: { id: 'test', version: 2 } });
  });

  it('50 concurrent commands on one stream run one at a time: all decided, none reaches the store as a conflict', async () => {
    let conflicts = 0;
    const counting: EventStore = Object.create(store);
    counting.append = async (...args) => {
      try {
        return await store.append(...args);
      } catch (e) {
        if (e instanceof WrongExpectedRevisionError) conflicts++;
        throw e;
      }
    };
    const p = new CommandPipeline(counting, clock, new WorkingDayCalendar());
    const results = await Promise.all(
      Array.from({ length: 50 }, () => p.run(counter, rules, 'c-2', { type: 'Count' }, { actor })),
    );
    expect(results.map((r) => r.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect((await store.readStream('c-2')).map((e) => (e.data as { n: number }).n)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(conflicts).toBe(0);
  });

  it('a refused command does not hold up the queue of its stream', async () => {
    await pipeline.run(counter, rules, 'c-7', { type: 'Count' }, { actor });
    const [refused, accepted] = await Promise.allSettled([
      pipeline.run(counter, rules, 'c-7', { type: 'Count', limit: 1 }, { actor }),
      pipeline.run(counter, rules, 'c-7', { type: 'Count' }, { actor }),
    ]);
    expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'CONDITIONS_NOT_MET' } });
    expect(accepted).toMatchObject({ status: 'fulfilled', value: { revision: 1 } });
  });

  it('writers in two processes still meet as a conflict, which is retried and lands', async () => {
    const other = new CommandPipeline(store, clock, new WorkingDayCalendar());
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => (i % 2 ? other : pipeline).run(counter, rules, 'c-8', { type: 'Count' }, { actor })),
    );
    expect(results.map((r) => r.revision).sort()).toEqual([0, 1, 2, 3]);
    expect((await store.readStream('c-8')).map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3, 4]);
  });

  it('the fold cache is kept per decider: another decider reading the same stream folds it its own way', async () => {
    const doubler: typeof counter = { ...counter, evolve: (n, e) => e.data.n * 2 };
    await pipeline.run(counter, rules, 'c-9', { type: 'Count' }, { actor }); // n = 1
    await pipeline.run(counter, rules, 'c-9', { type: 'Count' }, { actor }); // n = 2
    // The doubler folds the last event as 4 and decides 5; a shared cache would have handed it the counter's 2.
    await pipeline.run(doubler, rules, 'c-9', { type: 'Count' }, { actor });
    expect((await store.readStream('c-9')).map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 5]);
  });

  it('occurredAt: one parser (a bare date is that day, now if today), never before the first fact of the stream', async () => {
    const first = await pipeline.run(counter, rules, 'c-10', { type: 'Count' }, { actor, occurredAt: '2027-02-27' });
    const today = await pipeline.run(counter, rules, 'c-10', { type: 'Count' }, { actor, occurredAt: '2027-03-01' });
    const events = await store.readStream('c-10');
    expect(events.map((e) => e.metadata.occurredAt)).toEqual([
      '2027-02-27T15:59:59.999Z', // end of 27 February in Asia/Shanghai
      clock.now().toISOString(), // 1 March is today: now, not tonight
    ]);
    expect([first.revision, today.revision]).toEqual([0, 1]);
    await expect(
      pipeline.run(counter, rules, 'c-10', { type: 'Count' }, { actor, occurredAt: '2027-02-27T15:59:59.998Z' }),
    ).rejects.toMatchObject({ code: 'OUT_OF_RANGE', extensions: { field: 'occurredAt', min: '2027-02-27T15:59:59.999Z' } });
    for (const bad of ['20270105', '2027-W01-1', '2027-02-27T10:00:00', '1999-12-31', 'yesterday'])
      await expect(pipeline.run(counter, rules, 'c-10', { type: 'Count' }, { actor, occurredAt: bad })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    expect(await store.readStream('c-10')).toHaveLength(2);
  });

  it('a dry run decides and appends nothing; a refusal comes back as it would', async () => {
    const trial = await pipeline.run(counter, rules, 'c-11', { type: 'Count' }, { actor, dryRun: true });
    expect(trial).toMatchObject({ revision: -1, events: [{ type: 'Counted.v1', data: { n: 1 } }], duplicate: false });
    await expect(
      pipeline.run(counter, rules, 'c-11', { type: 'Count', limit: 0 }, { actor, dryRun: true }),
    ).rejects.toMatchObject({ code: 'CONDITIONS_NOT_MET' });
    expect(await store.readStream('c-11')).toEqual([]);
  });

  it('events appended by another writer between commands are folded in (the fold cache reads what came after it)', async () => {
    await pipeline.run(counter, rules, 'c-6', { type: 'Count' }, { actor });
    // Another process appends n=10 directly.
    const [first] = await store.readStream('c-6');
    await store.append('c-6', [{ type: 'Counted.v1', data: { n: 10 }, metadata: first.metadata }], { expectedRevision: 0 });
    const next = await pipeline.run(counter, rules, 'c-6', { type: 'Count' }, { actor });
    expect(next.revision).toBe(2);
    expect((await store.readStream('c-6')).map((e) => (e.data as { n: number }).n)).toEqual([1, 10, 11]);
  });

  it('a conflict that keeps coming back is answered CONCURRENCY_CONFLICT after a bounded number of attempts', async () => {
    let attempts = 0;
    const contended: EventStore = Object.create(store);
    contended.append = async () => {
      attempts++;
      throw new WrongExpectedRevisionError('c-3', 'no-stream', 0);
    };
    const p = new CommandPipeline(contended, clock, new WorkingDayCalendar());
    await expect(p.run(counter, rules, 'c-3', { type: 'Count' }, { actor })).rejects.toMatchObject({
      code: 'CONCURRENCY_CONFLICT',
    });
    expect(attempts).toBe(5);
    expect(await store.readStream('c-3')).toEqual([]);
  });

  it('a refusal appends nothing; occurredAt in the future is refused', async () => {
    await pipeline.run(counter, rules, 'c-4', { type: 'Count' }, { actor });
    await expect(pipeline.run(counter, rules, 'c-4', { type: 'Count', limit: 1 }, { actor })).rejects.toMatchObject({
      code: 'CONDITIONS_NOT_MET',
    });
    await expect(
      pipeline.run(counter, rules, 'c-4', { type: 'Count' }, { actor, occurredAt: new Date('2027-03-02T00:00:00+08:00') }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await store.readStream('c-4')).toHaveLength(1);
  });

  it('the same command id answers the first result and appends nothing; with another request hash it is refused', async () => {
    const meta = { actor, commandId: 'cmd-1', requestHash: 'h1' };
    const first = await pipeline.run(counter, rules, 'c-5', { type: 'Count' }, meta);
    const again = await pipeline.run(counter, rules, 'c-5', { type: 'Count' }, meta);
    expect(again).toMatchObject({ streamId: 'c-5', revision: first.revision, position: first.position, duplicate: true });
    expect(again.events).toEqual(first.events as DomainEvent[]);
    expect(await store.readStream('c-5')).toHaveLength(1);
    await expect(pipeline.run(counter, rules, 'c-5', { type: 'Count' }, { ...meta, requestHash: 'h2' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });
});
