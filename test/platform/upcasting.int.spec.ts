import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, SqliteEventStore, type EventStore } from '@opc/eventstore';
import {
  ManualClock,
  RuleSetHistory,
  WorkingDayCalendar,
  type Decider,
  type NewEvent,
  type RecordedEvent,
  type VersionedRules,
} from '@opc/kernel';
import { CommandPipeline, Upcasters, UpcastingEventStore } from '@opc/platform';
import { ApiHarness } from '../support/api-harness';

/**
 * Schema evolution: an event recorded as `Thing.v1` stays `Thing.v1` in the store, and every
 * reader through the UpcastingEventStore sees it as the latest version (readStream, readAll, a
 * subscription, and the command pipeline's fold).
 */
type Renamed = { type: 'Thing.v2'; data: { name: string; label: string } };
const v1ToV2 = (e: RecordedEvent) => {
  const { name } = e.data as { name: string };
  return { type: 'Thing.v2', data: { name, label: name.toUpperCase() } };
};
const v2ToV3 = (e: RecordedEvent) => {
  const { name, label } = e.data as { name: string; label: string };
  return { type: 'Thing.v3', data: { name, label, tags: [] as string[] } };
};
const thingV1 = (name: string, eventId: string): NewEvent => ({
  type: 'Thing.v1',
  data: { name },
  metadata: {
    eventId,
    commandId: eventId,
    correlationId: eventId,
    causationId: eventId,
    actor: { id: 'tester', role: 'admin' },
    occurredAt: '2027-01-04T02:00:00.000Z',
    recordedAt: '2027-01-04T02:00:00.000Z',
    ruleSet: { id: 'test', version: 1 },
  },
});
const rules = new RuleSetHistory<VersionedRules>([{ id: 'test', version: 1, effectiveFrom: '2026-01-01' }]);

/** Knows only Thing.v2: a v1 reaching it would be a bug. */
const things: Decider<{ label: string | null; count: number }, { type: 'Rename'; name: string }, Renamed, VersionedRules> = {
  initialState: () => ({ label: null, count: 0 }),
  evolve: (state, event) => {
    if (event.type !== 'Thing.v2') throw new Error(`the decider saw ${(event as { type: string }).type}`);
    return { label: event.data.label, count: state.count + 1 };
  },
  decide: (command, state) => [
    { type: 'Thing.v2', data: { name: command.name, label: `${state.label ?? ''}>${command.name.toUpperCase()}` } },
  ],
};

describe('upcasting: recorded events are read at their latest version, never rewritten', () => {
  let dir: string;
  let file: string;
  const open: EventStore[] = [];
  const reopen = (upcasters: Upcasters) => {
    const store = new UpcastingEventStore(new SqliteEventStore(file), upcasters);
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opc-upcast-'));
    file = join(dir, 'events.db');
    const raw = new SqliteEventStore(file);
    await raw.append('thing-1', [thingV1('lamp', 'e-1')], { expectedRevision: 'no-stream' });
    await raw.close();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('readStream, readAll and a subscription yield Thing.v2 with the upcast data; the store still holds Thing.v1', async () => {
    const upcasters = new Upcasters();
    const store = reopen(upcasters);
    // Registered after the store was built (as contexts do at module init): consulted at read time.
    upcasters.register('Thing.v1', v1ToV2);

    const [fromStream] = await store.readStream('thing-1');
    expect(fromStream).toMatchObject({ streamId: 'thing-1', revision: 0, position: 1, type: 'Thing.v2' });
    expect(fromStream.data).toEqual({ name: 'lamp', label: 'LAMP' });
    expect(fromStream.metadata.eventId).toBe('e-1');
    expect((await store.readAll()).map((e) => [e.type, e.data])).toEqual([['Thing.v2', { name: 'lamp', label: 'LAMP' }]]);

    const subscription = store.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect((first.value as RecordedEvent[]).map((e) => [e.type, e.data])).toEqual([
      ['Thing.v2', { name: 'lamp', label: 'LAMP' }],
    ]);
    // A commit after the subscription started is upcast too.
    await store.append('thing-2', [thingV1('desk', 'e-2')], { expectedRevision: 'no-stream' });
    const second = await iterator.next();
    expect((second.value as RecordedEvent[]).map((e) => [e.type, e.data])).toEqual([
      ['Thing.v2', { name: 'desk', label: 'DESK' }],
    ]);
    await subscription.close();

    const raw = new SqliteEventStore(file);
    open.push(raw);
    expect((await raw.readStream('thing-1'))[0]).toMatchObject({ type: 'Thing.v1', data: { name: 'lamp' } });
  });

  it('a decider folding the stream through the CommandPipeline sees Thing.v2', async () => {
    const store = reopen(new Upcasters().register('Thing.v1', v1ToV2));
    const pipeline = new CommandPipeline(store, new ManualClock('2027-03-01T10:00:00+08:00'), new WorkingDayCalendar());
    const result = await pipeline.run(
      things,
      rules,
      'thing-1',
      { type: 'Rename', name: 'bulb' },
      { actor: { id: 't', role: 'admin' } },
    );
    expect(result.events).toEqual([{ type: 'Thing.v2', data: { name: 'bulb', label: 'LAMP>BULB' } }]);
    expect((await store.readStream('thing-1')).map((e) => e.type)).toEqual(['Thing.v2', 'Thing.v2']);
  });

  it('a chain v1 → v2 → v3 is applied in turn', async () => {
    const store = reopen(new Upcasters().register('Thing.v2', v2ToV3).register('Thing.v1', v1ToV2));
    const [event] = await store.readStream('thing-1');
    expect(event).toMatchObject({ type: 'Thing.v3', data: { name: 'lamp', label: 'LAMP', tags: [] } });
  });

  it('an upcaster on a frozen event does not throw, and leaves the recorded event as it was', async () => {
    const upcasters = new Upcasters().register('Thing.v1', v1ToV2);
    const frozen: RecordedEvent = Object.freeze({
      ...thingV1('chair', 'e-9'),
      data: Object.freeze({ name: 'chair' }),
      metadata: Object.freeze(thingV1('chair', 'e-9').metadata),
      streamId: 'thing-9',
      revision: 0,
      position: 9,
    });
    const upcast = upcasters.upcast(frozen);
    expect(upcast).toMatchObject({ type: 'Thing.v2', data: { name: 'chair', label: 'CHAIR' }, position: 9 });
    expect(upcast).not.toBe(frozen);
    expect(frozen).toMatchObject({ type: 'Thing.v1', data: { name: 'chair' } });

    // The SQLite store serves its followers recently committed events from a frozen in-memory tail.
    const store = reopen(upcasters);
    await store.append('thing-3', [thingV1('sofa', 'e-3')], { expectedRevision: 'no-stream' });
    const all = await store.readAll({ afterPosition: 1 });
    expect(all.map((e) => [e.type, e.data])).toEqual([['Thing.v2', { name: 'sofa', label: 'SOFA' }]]);
  });

  it('events without an upcaster come back as they are (the same objects); a loop or a duplicate registration is refused', async () => {
    const upcasters = new Upcasters();
    const store = reopen(upcasters);
    const events = await store.readAll();
    expect(upcasters.upcastAll(events)).toBe(events);
    upcasters.register('Thing.v1', v1ToV2);
    expect(() => upcasters.register('Thing.v1', v1ToV2)).toThrow(/registered already/);
    upcasters.register('Thing.v2', (e) => ({ type: 'Thing.v1', data: e.data }));
    await expect(store.readStream('thing-1')).rejects.toThrow(/loop/);
  });

  it('in the application, EVENT_STORE is the upcasting store over the one Upcasters registry', async () => {
    const api = await ApiHarness.start();
    try {
      const store = api.service(EVENT_STORE as never) as EventStore;
      expect(store).toBeInstanceOf(UpcastingEventStore);
      api.service(Upcasters).register('Thing.v1', v1ToV2);
      await store.append('thing-app', [thingV1('lamp', 'e-app')], { expectedRevision: 'no-stream' });
      expect((await store.readStream('thing-app'))[0]).toMatchObject({ type: 'Thing.v2', data: { label: 'LAMP' } });
    } finally {
      await api.stop();
    }
  });
});
