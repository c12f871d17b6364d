import { given, WorkingDayCalendar, type DecisionContext, type VersionedRules } from '@opc/kernel';
import type { RuleSetCommand } from './ruleset.commands';
import {
  RULE_SET_PUBLICATION_RULES,
  ruleSetDecider,
  ruleSetView,
  standingVersions,
  type PublicationRules,
  type RuleSetDefinition,
} from './ruleset.decider';
import { deepMerge, shapeErrors } from './ruleset.document';
import type { RuleSetEvent, RuleSetVersionPublished } from './ruleset.events';

interface TestRules extends VersionedRules {
  term: { months: number; renewalReminderDaysBefore: number };
  clauses: readonly string[];
  ratio: number;
  strict: boolean;
}
const SHIPPED: TestRules = {
  id: 'test',
  version: 1,
  effectiveFrom: '2026-01-01',
  term: { months: 12, renewalReminderDaysBefore: 30 },
  clauses: ['A', 'B'],
  ratio: 0.5,
  strict: true,
};
const definition: RuleSetDefinition<TestRules> = {
  name: 'test',
  shipped: SHIPPED,
  validate: (doc) => (doc.term.months < 1 ? ['document.term.months: must be at least 1'] : []),
};
const decider = ruleSetDecider(definition);
const calendar = new WorkingDayCalendar();
/** Decided at 10:00 Shanghai time on a business date. */
const on = (date: string): DecisionContext<PublicationRules> => {
  const at = new Date(`${date}T10:00:00+08:00`);
  return { now: at, occurredAt: at, calendar, rules: RULE_SET_PUBLICATION_RULES };
};
const publish = (document: Record<string, unknown>, effectiveFrom: string): RuleSetCommand => ({
  type: 'PublishRuleSetVersion',
  name: 'test',
  document,
  effectiveFrom,
});
const object = (version: number, reason = 'the fee rise was not consulted'): RuleSetCommand => ({
  type: 'ObjectToRuleSetVersion',
  name: 'test',
  version,
  reason,
});
/** History: the events of each step, which must succeed. */
const run = (history: RuleSetEvent[], command: RuleSetCommand, date: string): RuleSetEvent[] => {
  const out = given(decider, ...history).when(command, on(date));
  if (out.error) throw out.error;
  return [...history, ...out.events];
};
const published = (e: RuleSetEvent) => (e as RuleSetVersionPublished).data;

describe('rule-set publication (M-RULE-1)', () => {
  // 2026-10-12 is a Monday; 3 working days later is Thursday 2026-10-15.
  it('M-RULE-1: effective exactly 3 working days after the publication: published as version 2, with its publicity', () => {
    const out = given(decider).when(publish({ term: { renewalReminderDaysBefore: 45 } }, '2026-10-15'), on('2026-10-12'));
    expect(out.error).toBeNull();
    expect(out.events).toEqual([
      {
        type: 'RuleSetVersionPublished.v1',
        data: {
          name: 'test',
          version: 2,
          document: { ...SHIPPED, version: 2, effectiveFrom: '2026-10-15', term: { months: 12, renewalReminderDaysBefore: 45 } },
          publishedAt: '2026-10-12T02:00:00.000Z',
          publishedDate: '2026-10-12',
          effectiveFrom: '2026-10-15',
          publicityEndsDate: '2026-10-14',
        },
      },
    ]);
  });

  it('M-RULE-1: effective only 2 working days after: OUT_OF_RANGE on effectiveFrom, naming the earliest date', () => {
    const out = given(decider).when(publish({ ratio: 0.6 }, '2026-10-14'), on('2026-10-12'));
    expect(out.error).toMatchObject({ code: 'OUT_OF_RANGE', extensions: { field: 'effectiveFrom', min: '2026-10-15' } });
    expect(out.events).toEqual([]);
  });

  it('M-RULE-1: publicity counts working days: a Friday publication before the Spring Festival week waits until after it', () => {
    // Friday 2026-02-13; Saturday 14th is an adjusted working day (调休), 15th–23rd the holiday: 14th, 24th, 25th.
    const early = given(decider).when(publish({ ratio: 0.6 }, '2026-02-18'), on('2026-02-13'));
    expect(early.error).toMatchObject({ code: 'OUT_OF_RANGE', extensions: { field: 'effectiveFrom', min: '2026-02-25' } });
    const ok = given(decider).when(publish({ ratio: 0.6 }, '2026-02-25'), on('2026-02-13'));
    expect(ok.error).toBeNull();
    expect(published(ok.events[0])).toMatchObject({ effectiveFrom: '2026-02-25', publicityEndsDate: '2026-02-24' });
  });

  it('M-RULE-1: a later version may not take effect before the latest standing one', () => {
    const history = run([], publish({ ratio: 0.6 }, '2026-12-31'), '2026-10-12');
    const out = given(decider, ...history).when(publish({ ratio: 0.7 }, '2026-11-30'), on('2026-10-13'));
    expect(out.error).toMatchObject({ code: 'OUT_OF_RANGE', extensions: { field: 'effectiveFrom', min: '2026-12-31' } });
  });

  it('M-RULE-1: a partial document is merged onto the latest standing version: objects key by key, arrays replaced', () => {
    let history = run([], publish({ term: { months: 6 } }, '2026-11-02'), '2026-10-12');
    history = run(history, publish({ term: { renewalReminderDaysBefore: 45 }, clauses: ['C'] }, '2026-11-09'), '2026-10-13');
    expect(published(history[1]).document).toEqual({
      ...SHIPPED,
      version: 3,
      effectiveFrom: '2026-11-09',
      term: { months: 6, renewalReminderDaysBefore: 45 },
      clauses: ['C'],
    });
    // Version 3 withdrawn: version 4 is merged onto version 2, and numbered after every version ever published.
    history = run(history, object(3), '2026-10-14');
    history = run(history, publish({ ratio: 0.25 }, '2026-11-16'), '2026-10-15');
    expect(published(history[3])).toMatchObject({ version: 4 });
    expect(published(history[3]).document).toMatchObject({
      term: { months: 6, renewalReminderDaysBefore: 30 },
      clauses: ['A', 'B'],
      ratio: 0.25,
    });
  });

  it('M-RULE-1: an objection during publicity withdraws the version: it never takes effect', () => {
    const history = run([], publish({ ratio: 0.6 }, '2026-10-15'), '2026-10-12');
    const out = given(decider, ...history).when(object(2), on('2026-10-14'));
    expect(out.events).toEqual([
      {
        type: 'RuleSetVersionWithdrawn.v1',
        data: { name: 'test', version: 2, objection: { reason: 'the fee rise was not consulted' }, withdrawnDate: '2026-10-14' },
      },
    ]);
    expect(standingVersions(definition, out.state).map((v) => v.version)).toEqual([1]);
    expect(ruleSetView(definition, out.state, '2026-10-20').versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'in-force'],
      [2, 'withdrawn'],
    ]);
  });

  it('M-RULE-1: once the version took effect, an objection is DEADLINE_PASSED', () => {
    const history = run([], publish({ ratio: 0.6 }, '2026-10-15'), '2026-10-12');
    const out = given(decider, ...history).when(object(2), on('2026-10-15'));
    expect(out.error).toMatchObject({
      code: 'DEADLINE_PASSED',
      extensions: { effectiveFrom: '2026-10-15', publicityEndsDate: '2026-10-14' },
    });
  });

  it('M-RULE-1: the shipped version 1 is in force: an objection is DEADLINE_PASSED', () => {
    expect(given(decider).when(object(1), on('2026-10-12')).error).toMatchObject({ code: 'DEADLINE_PASSED' });
  });

  it('M-RULE-1: a version withdrawn once cannot be withdrawn again (ILLEGAL_TRANSITION); an unknown version is NOT_FOUND', () => {
    let history = run([], publish({ ratio: 0.6 }, '2026-10-15'), '2026-10-12');
    history = run(history, object(2), '2026-10-13');
    expect(given(decider, ...history).when(object(2), on('2026-10-13')).error).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect(given(decider, ...history).when(object(7), on('2026-10-13')).error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('M-RULE-1: the merged document must keep the shipped shape; refusals list paths and never echo values', () => {
    const out = given(decider).when(
      publish(
        {
          term: { months: 'SECRET-440106199003071234', extra: 1 },
          ratio: Infinity,
          clauses: ['A', 7],
          strict: null,
          '440106199003071234': true,
        },
        '2026-12-31',
      ),
      on('2026-10-12'),
    );
    expect(out.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(out.error!.extensions!.errors).toEqual([
      'document.term.months: must be an integer',
      'document.term.extra: unknown key',
      'document.clauses[1]: must be a string',
      'document.ratio: must be a finite number',
      'document.strict: must be a boolean',
      'document.(an unknown key): unknown key',
    ]);
    expect(JSON.stringify(out.error)).not.toContain('440106199003071234');
    expect(out.error!.detail).not.toContain('SECRET');
  });

  it('M-RULE-1: integers stay integers, the system sets id, version and effectiveFrom, and the definition adds its own checks', () => {
    expect(
      given(decider).when(publish({ term: { months: 1.5 } }, '2026-12-31'), on('2026-10-12')).error!.extensions!.errors,
    ).toEqual(['document.term.months: must be an integer']);
    expect(given(decider).when(publish({ ratio: 1 }, '2026-12-31'), on('2026-10-12')).error).toBeNull();
    expect(
      given(decider).when(publish({ version: 9, id: 'x' }, '2026-12-31'), on('2026-10-12')).error!.extensions!.errors,
    ).toEqual(['document.id: set by the system, not the caller', 'document.version: set by the system, not the caller']);
    expect(
      given(decider).when(publish({ term: { months: 0 } }, '2026-12-31'), on('2026-10-12')).error!.extensions!.errors,
    ).toEqual(['document.term.months: must be at least 1']);
  });

  it('M-RULE-1: statuses on a business date: in-force, scheduled, superseded, withdrawn', () => {
    let history = run([], publish({ ratio: 0.6 }, '2026-10-15'), '2026-10-12');
    history = run(history, publish({ ratio: 0.7 }, '2026-11-02'), '2026-10-13');
    history = run(history, publish({ ratio: 0.8 }, '2026-11-02'), '2026-10-14');
    history = run(history, object(4), '2026-10-15');
    const state = history.reduce(decider.evolve, decider.initialState());
    const statuses = (today: string) => ruleSetView(definition, state, today).versions.map((v) => v.status);
    expect(statuses('2026-10-14')).toEqual(['in-force', 'scheduled', 'scheduled', 'withdrawn']);
    expect(statuses('2026-10-15')).toEqual(['superseded', 'in-force', 'scheduled', 'withdrawn']);
    expect(statuses('2026-11-02')).toEqual(['superseded', 'superseded', 'in-force', 'withdrawn']);
    expect(ruleSetView(definition, state, '2026-11-02')).toMatchObject({ name: 'test', streamId: 'ruleset-test', inForce: 3 });
  });
});

describe('rule-set documents: merge and shape', () => {
  it('merges without touching frozen inputs and without prototype pollution', () => {
    const base = Object.freeze({ a: Object.freeze({ b: 1, c: 2 }), list: Object.freeze([1, 2]) });
    const patch = JSON.parse('{"a":{"c":3},"__proto__":{"polluted":true},"list":[3]}');
    const merged = deepMerge(base, patch) as Record<string, unknown>;
    expect(merged.a).toEqual({ b: 1, c: 3 });
    expect(merged.list).toEqual([3]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(shapeErrors(base, merged)).toEqual(['document.__proto__: unknown key']);
  });

  it('a missing key is named', () => {
    expect(shapeErrors({ a: { b: 1 } }, { a: {} })).toEqual(['document.a.b: missing']);
  });

  it("an array's elements take the union of the shipped elements' shapes: a key only some carry is optional", () => {
    const shipped = {
      tiers: [
        { label: 'first', repeat: { from: 1 }, penalty: { warning: true } },
        { label: 'late', daysLate: 4, penalty: { fine: { fixedFen: 30_000 } } },
        { label: 'range', repeat: { from: 2, to: 3 }, penalty: { fine: { minFen: 100, maxFen: 200 } }, ratio: 0.5 },
      ],
      none: null,
      empty: [] as unknown[],
    };
    expect(shapeErrors(shipped, shipped)).toEqual([]);
    const revised = {
      tiers: [
        { label: 'new', daysLate: 2, repeat: { from: 1 }, penalty: { warning: true, fine: { fixedFen: 1 } }, ratio: 1 },
        { label: 'bad', penalty: { fine: { fixedFen: 1.5 }, jail: true }, repeat: { to: 'x' } },
        { penalty: {} },
        'text',
      ],
      none: null,
      empty: [1, 'a', { anything: true }],
    };
    expect(shapeErrors(shipped, revised)).toEqual([
      'document.tiers[1].repeat.from: missing',
      'document.tiers[1].repeat.to: must be an integer',
      'document.tiers[1].penalty.fine.fixedFen: must be an integer',
      'document.tiers[1].penalty.jail: unknown key',
      'document.tiers[2].label: missing',
      'document.tiers[3]: must be an object',
    ]);
    expect(shapeErrors(shipped, { ...shipped, none: { years: 1 } })).toEqual(['document.none: must be null']);
  });
});
