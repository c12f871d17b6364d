import { InMemoryEventStore } from '@opc/eventstore';
import { DomainError, ManualClock, RuleSetHistory, WorkingDayCalendar, type Decider, type NewEvent } from '@opc/kernel';
import { EmbeddedReadStore } from '@opc/readstore';
import { CommandPipeline, effectOn, ProcessWorker, type ProcessManager } from '@opc/platform';

/**
 * A process manager turns one stream's event into a command on another, exactly once: the command
 * id is derived from the causing event's id, so reacting to the same events again (a crash
 * before the checkpoint was saved, a restart, a replay) records nothing twice.
 */
type Credited = { type: 'Credited.v1'; data: { n: number; from: string } };
type Credit = { type: 'Credit'; from: string; refuse?: boolean };
interface Rules {
  id: string;
  version: number;
  effectiveFrom: string;
}
const rules = new RuleSetHistory<Rules>([{ id: 'test', version: 1, effectiveFrom: '2026-01-01' }]);
/** Counts credits; not idempotent by itself, so a repeated effect would show as an extra event. */
const ledger: Decider<number, Credit, Credited, Rules> = {
  initialState: () => 0,
  evolve: (n, e) => e.data.n,
  decide: (c, n) => {
    if (c.refuse) throw new DomainError('ILLEGAL_TRANSITION', 'the ledger is closed');
    return [{ type: 'Credited.v1', data: { n: n + 1, from: c.from } }];
  },
};
/** The effects here carry their rule set; none is looked up by name. */
const noRuleSets = async (name: string): Promise<never> => {
  throw new Error(`no rule set ${name} here`);
};
const paidOut: ProcessManager = {
  name: 'payout',
  eventTypes: ['Paid.v1'],
  react: (e) => [
    effectOn({
      decider: ledger,
      rules,
      streamId: `ledger-${(e.data as { to: string }).to}`,
      command: { type: 'Credit', from: e.streamId, refuse: (e.data as { refuse?: boolean }).refuse },
    }),
  ],
};
const paid = (to: string, eventId: string, extra: Record<string, unknown> = {}): NewEvent => ({
  type: 'Paid.v1',
  data: { to, ...extra },
  metadata: {
    eventId,
    commandId: `cmd-${eventId}`,
    correlationId: `corr-${eventId}`,
    causationId: `cmd-${eventId}`,
    actor: { id: 'officer-1', role: 'officer' },
    // Found a day late: the conduct occurred on the 3rd, the payment was recorded on the 4th.
    occurredAt: '2027-01-03T01:00:00.000Z',
    recordedAt: '2027-01-04T01:00:00.000Z',
    ruleSet: { id: 'test', version: 1 },
  },
});

describe('process managers (effects across streams)', () => {
  let store: InMemoryEventStore;
  let docs: EmbeddedReadStore;
  let pipeline: CommandPipeline;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    docs = EmbeddedReadStore.inMemory();
    pipeline = new CommandPipeline(store, new ManualClock('2027-01-05T09:00:00+08:00'), new WorkingDayCalendar());
    await store.append('payment-1', [paid('alice', 'ev-1')], { expectedRevision: 'no-stream' });
    await store.append('payment-2', [paid('alice', 'ev-2'), paid('bob', 'ev-3')], { expectedRevision: 'no-stream' });
  });
  afterEach(async () => {
    await docs.close();
  });

  it('reacting twice to the same events (lost checkpoint, restart) causes each effect once', async () => {
    const batch = await store.readAll();
    await new ProcessWorker(paidOut, store, docs, pipeline, noRuleSets).react(batch);
    // A second worker with no checkpoint saved — as after a crash — reacts to all of them again.
    await docs.dropCollection('_processes');
    await new ProcessWorker(
      paidOut,
      store,
      docs,
      new CommandPipeline(store, new ManualClock('2027-01-06T09:00:00+08:00'), new WorkingDayCalendar()),
      noRuleSets,
    ).react(batch);
    expect((await store.readStream('ledger-alice')).map((e) => e.data)).toEqual([
      { n: 1, from: 'payment-1' },
      { n: 2, from: 'payment-2' },
    ]);
    expect((await store.readStream('ledger-bob')).map((e) => e.data)).toEqual([{ n: 1, from: 'payment-2' }]);
  });

  it('an effect carries its cause: causation = the event id, correlation kept, the system as actor, decided when the cause was recorded', async () => {
    await new ProcessWorker(paidOut, store, docs, pipeline, noRuleSets).react(await store.readAll());
    const [credit] = await store.readStream('ledger-bob');
    expect(credit.metadata).toMatchObject({
      causationId: 'ev-3',
      correlationId: 'corr-ev-3',
      actor: { id: 'process:payout', role: 'system' },
      occurredAt: '2027-01-04T01:00:00.000Z',
      recordedAt: '2027-01-05T01:00:00.000Z',
    });
  });

  it('follows the log from its checkpoint; a refused effect is noted for operators and does not stop it', async () => {
    const worker = new ProcessWorker(paidOut, store, docs, pipeline, noRuleSets);
    await worker.start();
    expect(await worker.waitFor(3, 2000)).toBe(true);
    const refused = await store.append('payment-3', [paid('carol', 'ev-4', { refuse: true })], { expectedRevision: 'no-stream' });
    const later = await store.append('payment-4', [paid('carol', 'ev-5')], { expectedRevision: 'no-stream' });
    expect(await worker.waitFor(later.position, 2000)).toBe(true);
    await worker.stop();
    expect(worker.error).toBeNull();
    expect((await store.readStream('ledger-carol')).map((e) => e.data)).toEqual([{ n: 1, from: 'payment-4' }]);
    const record = await docs.findOne('_processes', { _id: 'payout' });
    expect(record).toMatchObject({
      checkpoint: later.position,
      refused: [{ eventId: 'ev-4', streamId: 'ledger-carol', code: 'ILLEGAL_TRANSITION' }],
    });
    expect(refused.position).toBeLessThan(later.position);
    // A restart resumes after the checkpoint: nothing is reacted to twice.
    const again = new ProcessWorker(paidOut, store, docs, pipeline, noRuleSets);
    await again.start();
    await again.stop();
    expect(await store.readStream('ledger-alice')).toHaveLength(2);
  });
});
