import { addDays, yuanToFen } from '@opc/kernel';
import { at, calendar } from '../member.fixtures';
import { MEMBERSHIP_RULES_V1 } from '../rules/membership-rules';
import type { ClauseRule, PenaltyRule, Tier } from '../rules/penalty-catalogue';
import { PENALTY_CATALOGUE_V1 } from '../rules/penalty-catalogue-v1';
import { feeCaseId, lateExitCaseId, tierFor } from './discipline.decider';
import type { ApplyFeeOverdueTier } from './discipline.commands';
import type { DisciplineEvent, PenaltyImposed } from './discipline.events';
import {
  annul,
  casesIn,
  disciplined,
  earlierCase,
  earlierCases,
  endSuspension,
  feeOverdue,
  inspect,
  lateExit,
  liftFeeSuspension,
  noticesIn,
  onlyPenalty,
  payFine,
  penaltiesIn,
  step,
  violation,
} from './discipline.fixtures';

const CATALOGUE = PENALTY_CATALOGUE_V1;
const CLAUSES: ClauseRule[] = Object.values(CATALOGUE.clauses);
const clause = (id: string): ClauseRule => CATALOGUE.clauses[id];

/** A Friday in a year the holiday data covers: notices and publicity run across the weekend. */
const DAY = '2026-11-06';
const NOW = at(DAY);

/** The facts that lead to `tier` (its condition, plus a damage where the clause requires one). */
const factsFor = (rule: ClauseRule, tier: Tier): { damageFen?: number; serious: boolean } => {
  const when = tier.when ?? {};
  const serious = when.serious === true;
  if (when.damageAboveFen !== undefined) return { damageFen: when.damageAboveFen + 1, serious };
  if (when.damageAtMostFen !== undefined) return { damageFen: when.damageAtMostFen, serious };
  if (when.loss === true) return { damageFen: yuanToFen(800), serious };
  if (when.loss === false) return { damageFen: 0, serious };
  if (rule.requires.includes('damageFen')) return { damageFen: 123_456, serious };
  return { serious };
};

/** The amount an officer gives for a rule's fine: the minimum of a range, nothing for a fixed fine. */
const amountFor = (rule: PenaltyRule): number | undefined => (rule.fine && 'minFen' in rule.fine ? rule.fine.minFen : undefined);

/** What PenaltyImposed must say for `rule`, decided on `decidedDate`. */
const expectedPenalty = (
  rule: PenaltyRule,
  o: {
    clause: string;
    tier: string;
    repeatCount: number;
    basis: PenaltyImposed['data']['basis'];
    decidedDate: string;
    amountFen?: number;
    damageFen?: number | null;
    trigger?: PenaltyImposed['data']['trigger'];
    nextTierDate?: string | null;
  },
) => {
  const s = rule.suspension;
  return expect.objectContaining({
    clause: o.clause,
    tier: o.tier,
    repeatCount: o.repeatCount,
    basis: o.basis,
    trigger: o.trigger ?? { kind: 'officer' },
    decidedDate: o.decidedDate,
    nextTierDate: o.nextTierDate ?? null,
    warning: rule.warning ?? false,
    fine: rule.fine
      ? {
          fineId: expect.any(String),
          amountFen: 'fixedFen' in rule.fine ? rule.fine.fixedFen : o.amountFen,
          rule: rule.fine,
        }
      : null,
    compensationFen: rule.compensation ? o.damageFen : null,
    suspension: s
      ? {
          suspensionId: expect.any(String),
          resource: s.resource,
          fromDate: o.decidedDate,
          untilDate: 'days' in s ? addDays(o.decidedDate, s.days) : null,
          untilPaid: 'untilPaid' in s,
        }
      : null,
    forcedExit: rule.forcedExit ?? false,
    depositForfeited: rule.depositForfeited ?? false,
    banYears: rule.banYears ?? null,
    confiscateGains: rule.confiscateGains ?? false,
    report: rule.report ?? false,
    orders: rule.orders ?? [],
    publicityEndsDate: calendar.addWorkingDays(o.decidedDate, CATALOGUE.publicityWorkingDays).date,
  });
};

const OFFICER_TIERS: [string, string, ClauseRule, Tier][] = CLAUSES.filter((c) => !c.scheduled).flatMap((c) =>
  c.tiers.map((t): [string, string, ClauseRule, Tier] => [c.clause, t.label, c, t]),
);
const RANGE_TIERS = OFFICER_TIERS.filter(([, , , t]) => t.penalty.fine && 'minFen' in t.penalty.fine);
const NOT_RECTIFIED_TIERS = OFFICER_TIERS.filter(([, , , t]) => t.onNotRectified);
const SCHEDULED_TIERS: [string, string, ClauseRule, Tier][] = CLAUSES.filter((c) => c.scheduled).flatMap((c) =>
  c.tiers.map((t): [string, string, ClauseRule, Tier] => [c.clause, t.label, c, t]),
);
const IMMEDIATE = ['M-PEN-1a', 'M-PEN-3b', 'M-PEN-4b', 'M-PEN-6b', 'M-PEN-6c'];

/** The case of a tier: the earlier cases its repeat range needs, then this one, with facts that lead to it. */
const recordTier = (rule: ClauseRule, tier: Tier, over: { amountFen?: number; instant?: string; repeatCount?: number } = {}) => {
  const history: DisciplineEvent[] = earlierCases(rule.clause, over.repeatCount ?? tier.repeat!.from);
  const facts = factsFor(rule, tier);
  const amountFen = 'amountFen' in over ? over.amountFen : amountFor(tier.penalty);
  return {
    facts,
    history,
    out: disciplined(history, violation(rule.clause, 'case-x', { ...facts, amountFen }), over.instant ?? NOW),
  };
};

describe('discipline decider', () => {
  describe('the shipped catalogue (M-PEN-1..10)', () => {
    it('M-PEN-1..8: the catalogue holds every clause of the table, each under its own id', () => {
      expect(Object.keys(CATALOGUE.clauses).sort()).toEqual(
        [
          'M-PEN-1a',
          'M-PEN-1b',
          'M-PEN-1c',
          'M-PEN-2a',
          'M-PEN-2b',
          'M-PEN-2c',
          'M-PEN-3a',
          'M-PEN-3b',
          'M-PEN-3c',
          'M-PEN-4a',
          'M-PEN-4b',
          'M-PEN-4c',
          'M-PEN-5a',
          'M-PEN-5b',
          'M-PEN-5c',
          'M-PEN-6a',
          'M-PEN-6b',
          'M-PEN-6c',
          'M-PEN-7',
          'M-PEN-8',
        ].sort(),
      );
      for (const [id, rule] of Object.entries(CATALOGUE.clauses)) {
        expect(rule.clause).toBe(id);
        expect(rule.title.length).toBeGreaterThan(0);
        expect(rule.text.length).toBeGreaterThan(0);
        expect(rule.tiers.length).toBeGreaterThan(0);
        expect(new Set(rule.tiers.map((t) => t.label)).size).toBe(rule.tiers.length);
      }
    });

    it('M-PEN-1..6: the source wording of each sub-case starts with its own name (M-PEN-7, 8 are whole rows)', () => {
      for (const rule of CLAUSES.filter((c) => c.clause !== 'M-PEN-7' && c.clause !== 'M-PEN-8'))
        expect(rule.textZh.startsWith(`${rule.titleZh}：`)).toBe(true);
      expect(clause('M-PEN-7').textZh).toContain('逾期 30 天以上：强制退出+没收保证金（如有）');
      expect(clause('M-PEN-8').textZh).toContain('情节严重强制退出');
    });

    it('M-PEN-10: exactly M-PEN-1a, 3b, 4b, 6b, 6c are immediate, and none of their tiers issues a notice', () => {
      expect(CLAUSES.filter((c) => c.immediate).map((c) => c.clause)).toEqual(IMMEDIATE);
      for (const c of CLAUSES.filter((x) => x.immediate)) expect(c.tiers.filter((t) => t.rectification)).toEqual([]);
    });

    it('M-PEN-1b, M-PEN-7: exactly these are scheduled, with tiers by days late (1/4/8; 1/8/16/31), never by repeat', () => {
      expect(CLAUSES.filter((c) => c.scheduled).map((c) => c.clause)).toEqual(['M-PEN-1b', 'M-PEN-7']);
      expect(clause('M-PEN-1b').tiers.map((t) => t.daysLate)).toEqual([1, 4, 8]);
      expect(clause('M-PEN-7').tiers.map((t) => [t.label, t.daysLate])).toEqual([
        ['M-PEN-7a', 1],
        ['M-PEN-7b', 8],
        ['M-PEN-7c', 16],
        ['M-PEN-7d', 31],
      ]);
      for (const c of CLAUSES) {
        for (const t of c.tiers) {
          expect(t.repeat === undefined).toBe(c.scheduled);
          expect(t.daysLate === undefined).toBe(!c.scheduled);
          // The scheduler picks no amount and records no facts.
          if (c.scheduled)
            expect([
              t.when,
              t.rectification,
              t.onNotRectified,
              t.penalty.fine !== undefined && 'minFen' in t.penalty.fine,
            ]).toEqual([undefined, undefined, undefined, false]);
        }
      }
    });

    it('M-PEN-9: every amount is whole fen above zero; a range has min < max', () => {
      const rules = CLAUSES.flatMap((c) => c.tiers.flatMap((t) => [t.penalty, ...(t.onNotRectified ? [t.onNotRectified] : [])]));
      for (const r of rules) {
        if (!r.fine) continue;
        const amounts = 'fixedFen' in r.fine ? [r.fine.fixedFen] : [r.fine.minFen, r.fine.maxFen];
        for (const a of amounts) expect(Number.isSafeInteger(a) && a > 0).toBe(true);
        if ('minFen' in r.fine) expect(r.fine.minFen).toBeLessThan(r.fine.maxFen);
      }
    });

    it('M-PEN-1..8: every officer clause has a tier for every repeat count and every combination of facts', () => {
      for (const rule of CLAUSES.filter((c) => !c.scheduled))
        for (const repeat of [1, 2, 3, 4, 7])
          for (const serious of [false, true])
            for (const damageFen of [null, 0, yuanToFen(500), yuanToFen(500) + 1, yuanToFen(20_000)])
              expect(() => tierFor(rule, repeat, { damageFen, serious })).not.toThrow();
    });

    it('M-EXIT-2: every clause (M-PEN-7: tier) that can force a member out is in the rule set’s forced-exit clauses', () => {
      const forcing = CLAUSES.flatMap((c) =>
        c.tiers
          .filter((t) => t.penalty.forcedExit || t.onNotRectified?.forcedExit)
          .map((t) => (c.clause === 'M-PEN-7' ? t.label : c.clause)),
      );
      expect(forcing.length).toBeGreaterThan(0);
      for (const id of forcing) expect(MEMBERSHIP_RULES_V1.exit.forcedExitClauses).toContain(id);
    });

    it('M-BAN-2: a clause’s own ban length agrees with the rule set’s bans by clause (M-PEN-1c 1 year, M-PEN-3b 3 years)', () => {
      const own = CLAUSES.flatMap((c) =>
        c.tiers
          .flatMap((t) => [t.penalty, ...(t.onNotRectified ? [t.onNotRectified] : [])])
          .flatMap((r) => (r.banYears !== undefined ? [[c.clause, r.banYears] as const] : [])),
      );
      expect(new Map(own)).toEqual(
        new Map([
          ['M-PEN-1c', 1],
          ['M-PEN-3b', 3],
        ]),
      );
      for (const [id, years] of own) expect(MEMBERSHIP_RULES_V1.bans.byClause[id]?.years).toBe(years);
      expect(MEMBERSHIP_RULES_V1.bans.default.years).toBe(3);
    });

    it('M-PEN-10: notices are due in 5 working days; penalties are publicised 3 working days; reviews answered in 3', () => {
      expect([CATALOGUE.rectificationWorkingDays, CATALOGUE.publicityWorkingDays, CATALOGUE.appealAnswerWorkingDays]).toEqual([
        5, 3, 3,
      ]);
    });
  });

  describe('every tier of every clause, as decided (generated from the catalogue)', () => {
    it.each(OFFICER_TIERS)('%s: tier "%s" imposes what the catalogue says, at its repeat count', (id, label, rule, tier) => {
      const { out, facts } = recordTier(rule, tier);
      expect(out.error).toBeNull();
      const repeatCount = tier.repeat!.from;
      expect(casesIn(out.events)).toEqual([
        expect.objectContaining({ caseId: 'case-x', clause: id, repeatCount, occurredDate: DAY, trigger: { kind: 'officer' } }),
      ]);
      expect(onlyPenalty(out.events)).toEqual(
        expectedPenalty(tier.penalty, {
          clause: id,
          tier: label,
          repeatCount,
          basis: 'violation',
          decidedDate: DAY,
          amountFen: amountFor(tier.penalty),
          damageFen: facts.damageFen,
        }),
      );
      if (tier.rectification) {
        expect(noticesIn(out.events)).toEqual([
          expect.objectContaining({
            caseId: 'case-x',
            clause: id,
            requirements: tier.rectification.requirements,
            issuedDate: DAY,
            due: calendar.addWorkingDays(DAY, CATALOGUE.rectificationWorkingDays),
            onNotRectified: tier.onNotRectified ?? null,
          }),
        ]);
      } else expect(noticesIn(out.events)).toEqual([]);
    });

    it.each(OFFICER_TIERS.filter(([, , , t]) => t.repeat?.to === undefined))(
      '%s: tier "%s" (open-ended) still applies two repeats later',
      (_id, label, rule, tier) => {
        const repeatCount = tier.repeat!.from + 2;
        const { out } = recordTier(rule, tier, { repeatCount });
        expect(out.error).toBeNull();
        expect(onlyPenalty(out.events)).toEqual(expect.objectContaining({ tier: label, repeatCount }));
      },
    );

    it.each(RANGE_TIERS)(
      '%s (M-PEN-9): tier "%s" fine at min and max accepted, one fen outside either → OUT_OF_RANGE',
      (_id, _label, rule, tier) => {
        const fine = tier.penalty.fine as { minFen: number; maxFen: number };
        for (const amountFen of [fine.minFen, fine.maxFen]) {
          const { out } = recordTier(rule, tier, { amountFen });
          expect(out.error).toBeNull();
          expect(onlyPenalty(out.events).fine?.amountFen).toBe(amountFen);
        }
        for (const amountFen of [fine.minFen - 1, fine.maxFen + 1]) {
          const { out } = recordTier(rule, tier, { amountFen });
          expect(out.error?.code).toBe('OUT_OF_RANGE');
          expect(out.error?.extensions).toEqual(
            expect.objectContaining({ field: 'amountFen', value: amountFen, min: fine.minFen, max: fine.maxFen }),
          );
          expect(out.events).toEqual([]);
        }
        const { out } = recordTier(rule, tier, { amountFen: undefined });
        expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
      },
    );

    it.each(NOT_RECTIFIED_TIERS)('%s (M-PEN-10): tier "%s" not rectified → its escalated penalty', (id, label, rule, tier) => {
      const { history, out } = recordTier(rule, tier);
      const recorded = [...history, ...out.events];
      const [notice] = noticesIn(out.events);
      const escalated = tier.onNotRectified!;
      const amountFen = amountFor(escalated);
      const inspected = disciplined(recorded, inspect(notice.noticeId, false, { amountFen }), at('2026-11-16'));
      expect(inspected.error).toBeNull();
      expect(inspected.events[0]).toEqual({
        type: 'RectificationInspected.v1',
        data: expect.objectContaining({
          noticeId: notice.noticeId,
          caseId: 'case-x',
          rectified: false,
          inspectedDate: '2026-11-16',
          late: true,
        }),
      });
      expect(onlyPenalty(inspected.events)).toEqual(
        expectedPenalty(escalated, {
          clause: id,
          tier: `${label}, not rectified`,
          repeatCount: tier.repeat!.from,
          basis: 'not-rectified',
          decidedDate: '2026-11-16',
          amountFen,
          damageFen: factsFor(rule, tier).damageFen,
        }),
      );
    });

    it.each(SCHEDULED_TIERS)(
      '%s: tier "%s" applies on its day late, once the earlier tiers have (the first opens the case)',
      (id, label, rule, tier) => {
        const due = '2026-11-02';
        const scheduled = (n: number) => (id === 'M-PEN-7' ? feeOverdue(due, n) : lateExit(due, n));
        const trigger: PenaltyImposed['data']['trigger'] =
          id === 'M-PEN-7' ? { kind: 'fee-overdue', feeDueDate: due } : { kind: 'late-exit', clearOutDueDate: due };
        const index = rule.tiers.indexOf(tier);
        const history = rule.tiers
          .slice(0, index)
          .reduce<DisciplineEvent[]>((h, t) => step(h, scheduled(t.daysLate!), at(addDays(due, t.daysLate!))), []);
        const today = addDays(due, tier.daysLate!);
        const out = disciplined(history, scheduled(tier.daysLate!), at(today));
        expect(out.error).toBeNull();
        expect(casesIn(out.events)).toEqual(
          index === 0 ? [expect.objectContaining({ clause: id, repeatCount: 1, occurredDate: addDays(due, 1), trigger })] : [],
        );
        const next = rule.tiers[index + 1];
        expect(onlyPenalty(out.events)).toEqual(
          expectedPenalty(tier.penalty, {
            clause: id,
            tier: label,
            repeatCount: 1,
            basis: 'days-late',
            decidedDate: today,
            trigger,
            nextTierDate: next ? addDays(due, next.daysLate!) : null,
          }),
        );
        expect(noticesIn(out.events)).toEqual([]);
      },
    );
  });

  describe('repeat counts (M-PEN preamble)', () => {
    it('M-PEN-2b: pollution, first → warning, second → ¥50, third → ¥100, fourth → ¥100 again', () => {
      let history: DisciplineEvent[] = [];
      const decided: PenaltyImposed['data'][] = [];
      for (const [n, date] of [
        [1, '2026-11-02'],
        [2, '2026-11-09'],
        [3, '2026-11-16'],
        [4, '2026-11-23'],
      ] as const) {
        const out = disciplined(history, violation('M-PEN-2b', `c-${n}`), at(date));
        expect(out.error).toBeNull();
        decided.push(onlyPenalty(out.events));
        history = [...history, ...out.events];
      }
      expect(decided.map((p) => [p.repeatCount, p.tier, p.warning, p.fine?.amountFen ?? null])).toEqual([
        [1, 'first', true, null],
        [2, 'second', false, 5_000],
        [3, 'third and more', false, 10_000],
        [4, 'third and more', false, 10_000],
      ]);
    });

    it('M-PEN-2b: pollution, second time → ¥50 fine', () => {
      const out = disciplined([earlierCase('M-PEN-2b', 1)], violation('M-PEN-2b', 'c-2'), NOW);
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({ tier: 'second', warning: false, fine: expect.objectContaining({ amountFen: 5_000 }) }),
      );
    });

    it('M-PEN-9: the case records its repeat count; the penalty records clause, tier, repeat count and amount', () => {
      const out = disciplined(earlierCases('M-PEN-3a', 2), violation('M-PEN-3a', 'c-2', { amountFen: 25_000 }), NOW);
      expect(casesIn(out.events)[0].repeatCount).toBe(2);
      expect(out.state.cases.find((c) => c.caseId === 'c-2')?.repeatCount).toBe(2);
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({
          clause: 'M-PEN-3a',
          tier: 'second',
          repeatCount: 2,
          fine: expect.objectContaining({ amountFen: 25_000, rule: { minFen: 10_000, maxFen: 30_000 } }),
        }),
      );
    });

    it('M-PEN preamble: counts are per clause: earlier M-PEN-2a and M-PEN-2c cases do not count for M-PEN-2b', () => {
      const history = [...earlierCases('M-PEN-2a', 3), ...earlierCases('M-PEN-2c', 3)];
      const out = disciplined(history, violation('M-PEN-2b', 'c-1'), NOW);
      expect(onlyPenalty(out.events)).toEqual(expect.objectContaining({ repeatCount: 1, tier: 'first', warning: true }));
    });

    it('M-PEN-3a: abuse, first → warning + resource permissions suspended 3 days (from 2027-03-01, until 2027-03-04 exclusive)', () => {
      const out = disciplined([], violation('M-PEN-3a', 'c-1'), at('2027-03-01'));
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({
          tier: 'first',
          warning: true,
          fine: null,
          suspension: {
            suspensionId: expect.any(String),
            resource: 'resource-permissions',
            fromDate: '2027-03-01',
            untilDate: '2027-03-04',
            untilPaid: false,
          },
        }),
      );
      expect(out.state.suspensions).toEqual([
        expect.objectContaining({ caseId: 'c-1', untilDate: '2027-03-04', endedDate: null }),
      ]);
    });

    it('M-PEN-3a: abuse, second → ¥100–300 + 1 week (until 2027-03-08); third → forced exit with the rule set’s default ban', () => {
      const second = disciplined(
        earlierCases('M-PEN-3a', 2),
        violation('M-PEN-3a', 'c-2', { amountFen: 10_000 }),
        at('2027-03-01'),
      );
      expect(onlyPenalty(second.events)).toEqual(
        expect.objectContaining({
          tier: 'second',
          fine: expect.objectContaining({ amountFen: 10_000 }),
          suspension: expect.objectContaining({ untilDate: '2027-03-08' }),
        }),
      );
      const third = disciplined(earlierCases('M-PEN-3a', 3), violation('M-PEN-3a', 'c-3'), at('2027-03-01'));
      expect(onlyPenalty(third.events)).toEqual(
        expect.objectContaining({ tier: 'third and more', forcedExit: true, banYears: null, fine: null, suspension: null }),
      );
    });

    it('M-PEN-2c: misuse of space, first → warning + notice; second → ¥200; third and later → forced exit', () => {
      const first = disciplined([], violation('M-PEN-2c', 'c-1'), NOW);
      expect(onlyPenalty(first.events)).toEqual(expect.objectContaining({ tier: 'first', warning: true, fine: null }));
      expect(noticesIn(first.events)).toHaveLength(1);
      const second = disciplined(earlierCases('M-PEN-2c', 2), violation('M-PEN-2c', 'c-2'), NOW);
      expect(onlyPenalty(second.events)).toEqual(
        expect.objectContaining({ tier: 'second', fine: expect.objectContaining({ amountFen: 20_000 }) }),
      );
      expect(noticesIn(second.events)).toEqual([]);
      for (const n of [3, 5]) {
        const later = disciplined(earlierCases('M-PEN-2c', n), violation('M-PEN-2c', `c-${n}`), NOW);
        expect(onlyPenalty(later.events)).toEqual(
          expect.objectContaining({ tier: 'third and more', repeatCount: n, forcedExit: true }),
        );
      }
    });

    it('M-PEN-4a: false advertising, second time → forced exit, no notice', () => {
      const out = disciplined(earlierCases('M-PEN-4a', 2), violation('M-PEN-4a', 'c-2'), NOW);
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({ tier: 'second and more', forcedExit: true, warning: false }),
      );
      expect(noticesIn(out.events)).toEqual([]);
    });

    it('M-PEN-5b: provoking trouble, first → warning + apology; second → ¥200; third → forced exit', () => {
      const tiers = [1, 2, 3].map((n) =>
        onlyPenalty(disciplined(earlierCases('M-PEN-5b', n), violation('M-PEN-5b', `c-${n}`), NOW).events),
      );
      expect(tiers.map((p) => [p.tier, p.warning, p.orders, p.fine?.amountFen ?? null, p.forcedExit])).toEqual([
        ['first', true, ['apologise'], null, false],
        ['second', false, [], 20_000, false],
        ['third and more', false, [], null, true],
      ]);
    });

    it('M-PEN-5c: visitor breach, the visitor removed each time; host first → warning, second → ¥50, third → ¥50 again ([choice])', () => {
      const tiers = [1, 2, 3, 4].map((n) =>
        onlyPenalty(disciplined(earlierCases('M-PEN-5c', n), violation('M-PEN-5c', `c-${n}`), NOW).events),
      );
      expect(tiers.map((p) => [p.tier, p.warning, p.fine?.amountFen ?? null, p.orders])).toEqual([
        ['first', true, null, ['remove-visitor']],
        ['second', false, 5_000, ['remove-visitor']],
        ['third and more', false, 5_000, ['remove-visitor']],
        ['third and more', false, 5_000, ['remove-visitor']],
      ]);
    });

    it('M-PEN-8: other breaches, first → warning; second → ¥50–200; third → ¥50–200 + 7 days suspended; serious → forced exit at any count', () => {
      expect(onlyPenalty(disciplined([], violation('M-PEN-8', 'c-1'), NOW).events)).toEqual(
        expect.objectContaining({ tier: 'first', warning: true }),
      );
      expect(
        onlyPenalty(disciplined(earlierCases('M-PEN-8', 2), violation('M-PEN-8', 'c-2', { amountFen: 5_000 }), NOW).events),
      ).toEqual(
        expect.objectContaining({ tier: 'second', suspension: null, fine: expect.objectContaining({ amountFen: 5_000 }) }),
      );
      expect(
        onlyPenalty(disciplined(earlierCases('M-PEN-8', 3), violation('M-PEN-8', 'c-3', { amountFen: 20_000 }), NOW).events),
      ).toEqual(
        expect.objectContaining({
          tier: 'third and more',
          suspension: expect.objectContaining({ resource: 'resource-permissions', untilDate: '2026-11-13' }),
        }),
      );
      for (const n of [1, 3]) {
        const out = disciplined(earlierCases('M-PEN-8', n), violation('M-PEN-8', `c-${n}`, { serious: true }), NOW);
        expect(onlyPenalty(out.events)).toEqual(
          expect.objectContaining({ tier: 'serious', repeatCount: n, forcedExit: true, warning: false, fine: null }),
        );
      }
    });
  });

  describe('facts that choose the tier', () => {
    it('M-PEN-2a: damage of exactly ¥500 → compensation + warning; ¥500.01 → compensation + fine ¥200–500', () => {
      const atMost = disciplined([], violation('M-PEN-2a', 'c-1', { damageFen: 50_000 }), NOW);
      expect(onlyPenalty(atMost.events)).toEqual(
        expect.objectContaining({ tier: '¥500 or less', compensationFen: 50_000, warning: true, fine: null }),
      );
      const above = disciplined([], violation('M-PEN-2a', 'c-1', { damageFen: 50_001, amountFen: 30_000 }), NOW);
      expect(onlyPenalty(above.events)).toEqual(
        expect.objectContaining({
          tier: 'more than ¥500',
          compensationFen: 50_001,
          warning: false,
          fine: expect.objectContaining({ amountFen: 30_000 }),
          suspension: null,
        }),
      );
    });

    it('M-PEN-2a: serious damage above ¥500 → also public spaces suspended 1 week; serious at ¥500 or less → compensation + warning ([choice])', () => {
      const serious = disciplined(
        [],
        violation('M-PEN-2a', 'c-1', { damageFen: 80_000, serious: true, amountFen: 50_000 }),
        at('2027-03-01'),
      );
      expect(onlyPenalty(serious.events)).toEqual(
        expect.objectContaining({
          tier: 'more than ¥500, serious',
          compensationFen: 80_000,
          fine: expect.objectContaining({ amountFen: 50_000 }),
          suspension: expect.objectContaining({ resource: 'public-space', fromDate: '2027-03-01', untilDate: '2027-03-08' }),
        }),
      );
      const small = disciplined([], violation('M-PEN-2a', 'c-1', { damageFen: 30_000, serious: true }), NOW);
      expect(onlyPenalty(small.events)).toEqual(
        expect.objectContaining({ tier: '¥500 or less', compensationFen: 30_000, warning: true, suspension: null }),
      );
    });

    it('M-PEN-5a: leaking information, no loss (0) → warning + apology; loss → compensation + ¥500–1,000; serious → forced exit', () => {
      expect(onlyPenalty(disciplined([], violation('M-PEN-5a', 'c-1', { damageFen: 0 }), NOW).events)).toEqual(
        expect.objectContaining({ tier: 'no loss', warning: true, orders: ['apologise'], compensationFen: null }),
      );
      expect(
        onlyPenalty(disciplined([], violation('M-PEN-5a', 'c-1', { damageFen: 1, amountFen: 100_000 }), NOW).events),
      ).toEqual(
        expect.objectContaining({
          tier: 'loss caused',
          compensationFen: 1,
          fine: expect.objectContaining({ amountFen: 100_000 }),
        }),
      );
      expect(onlyPenalty(disciplined([], violation('M-PEN-5a', 'c-1', { damageFen: 0, serious: true }), NOW).events)).toEqual(
        expect.objectContaining({ tier: 'serious', forcedExit: true, fine: null }),
      );
    });

    it('M-PEN-3b: subsidy fraud → gains confiscated, ¥500–2,000, forced exit, 3-year ban; reported only when serious', () => {
      const plain = onlyPenalty(disciplined([], violation('M-PEN-3b', 'c-1', { amountFen: 200_000 }), NOW).events);
      expect(plain).toEqual(
        expect.objectContaining({ tier: 'not serious', confiscateGains: true, forcedExit: true, banYears: 3, report: false }),
      );
      const serious = onlyPenalty(
        disciplined([], violation('M-PEN-3b', 'c-1', { amountFen: 50_000, serious: true }), NOW).events,
      );
      expect(serious).toEqual(
        expect.objectContaining({ tier: 'serious', confiscateGains: true, forcedExit: true, banYears: 3, report: true }),
      );
    });

    it('M-PEN-4c: unauthorised promotion → warning + clean-up + ¥100–200; serious → also community use suspended 3 days', () => {
      expect(onlyPenalty(disciplined([], violation('M-PEN-4c', 'c-1', { amountFen: 15_000 }), NOW).events)).toEqual(
        expect.objectContaining({ tier: 'not serious', warning: true, orders: ['clean-up'], suspension: null }),
      );
      expect(
        onlyPenalty(disciplined([], violation('M-PEN-4c', 'c-1', { amountFen: 15_000, serious: true }), at('2027-03-01')).events),
      ).toEqual(
        expect.objectContaining({
          tier: 'serious',
          suspension: expect.objectContaining({ resource: 'community-use', untilDate: '2027-03-04' }),
        }),
      );
    });

    it('M-PEN-1a: entering without admission → ordered out, deposit forfeited, ¥500; no forced exit (never admitted), no notice', () => {
      const out = disciplined([], violation('M-PEN-1a', 'c-1'), NOW);
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({
          orders: ['leave-at-once'],
          depositForfeited: true,
          fine: expect.objectContaining({ amountFen: 50_000 }),
          forcedExit: false,
        }),
      );
      expect(noticesIn(out.events)).toEqual([]);
    });

    it('M-PEN-4b: pyramid selling, infringement or piracy → forced exit at once, deposit forfeited, reported, legal liability', () => {
      const out = disciplined([], violation('M-PEN-4b', 'c-1'), NOW);
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({
          forcedExit: true,
          depositForfeited: true,
          report: true,
          orders: ['legal-liability'],
          fine: null,
          banYears: null,
        }),
      );
      expect(noticesIn(out.events)).toEqual([]);
    });

    it('M-PEN-6a: safety hazard → warning, fine ¥200–500 and a rectification notice, all at once', () => {
      const out = disciplined([], violation('M-PEN-6a', 'c-1', { amountFen: 30_000 }), NOW);
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({
          warning: true,
          fine: expect.objectContaining({ amountFen: 30_000, rule: { minFen: 20_000, maxFen: 50_000 } }),
        }),
      );
      expect(noticesIn(out.events)).toEqual([
        expect.objectContaining({ due: { date: '2026-11-13', provisional: false }, onNotRectified: null }),
      ]);
    });

    it('M-PEN-6c: network violations → forced exit at once, reported, legal liability; no fine, no notice', () => {
      const out = disciplined([], violation('M-PEN-6c', 'c-1'), NOW);
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({
          forcedExit: true,
          report: true,
          orders: ['legal-liability'],
          fine: null,
          depositForfeited: false,
        }),
      );
      expect(noticesIn(out.events)).toEqual([]);
    });

    it('M-PEN-6b: causing a safety accident → forced exit + compensation of the damage + legal liability, at once', () => {
      const out = disciplined([], violation('M-PEN-6b', 'c-1', { damageFen: 1_500_000 }), NOW);
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({ forcedExit: true, compensationFen: 1_500_000, orders: ['legal-liability'] }),
      );
      expect(noticesIn(out.events)).toEqual([]);
    });
  });

  describe('rectification notices (M-PEN-10)', () => {
    it.each(IMMEDIATE)('M-PEN-10: %s is decided at once and issues no notice', (id) => {
      const rule = clause(id);
      for (const tier of rule.tiers) {
        const { out } = recordTier(rule, tier);
        expect(out.error).toBeNull();
        expect(penaltiesIn(out.events)).toHaveLength(1);
        expect(noticesIn(out.events)).toEqual([]);
      }
    });

    it('M-PEN-10: a notice is due 5 working days after issue (Fri 2026-11-06 → Fri 2026-11-13) with the clause’s requirements', () => {
      const out = disciplined([], violation('M-PEN-1c', 'c-1'), NOW);
      expect(out.events.map((e) => e.type)).toEqual([
        'ViolationRecorded.v1',
        'PenaltyImposed.v1',
        'RectificationNoticeIssued.v1',
      ]);
      expect(noticesIn(out.events)).toEqual([
        {
          noticeId: expect.any(String),
          caseId: 'c-1',
          memberId: 'm-1',
          clause: 'M-PEN-1c',
          requirements: 'end the sublet or loan and use the space only as the member itself',
          issuedDate: DAY,
          due: { date: '2026-11-13', provisional: false },
          onNotRectified: { forcedExit: true, depositForfeited: true, fine: { fixedFen: 80_000 }, banYears: 1 },
        },
      ]);
      expect(out.state.notices[0].status).toBe('open');
    });

    it('M-PEN-10: the officer’s own wording of the requirements replaces the clause’s', () => {
      const out = disciplined([], violation('M-PEN-2c', 'c-1', { requirements: 'clear the east fire exit by Friday' }), NOW);
      expect(noticesIn(out.events)[0].requirements).toBe('clear the east fire exit by Friday');
    });

    it('M-PEN-1c: not rectified → forced exit + deposit forfeited + ¥800 + 1-year ban', () => {
      const recorded = step([], violation('M-PEN-1c', 'c-1'), NOW);
      const [notice] = noticesIn(recorded);
      const out = disciplined(recorded, inspect(notice.noticeId, false), at('2026-11-12'));
      expect(out.error).toBeNull();
      expect(out.events[0]).toEqual({
        type: 'RectificationInspected.v1',
        data: {
          noticeId: notice.noticeId,
          caseId: 'c-1',
          rectified: false,
          note: 'nothing changed',
          evidence: [],
          inspectedDate: '2026-11-12',
          late: false,
        },
      });
      const penalty = onlyPenalty(out.events);
      expect(penalty).toEqual(
        expect.objectContaining({
          caseId: 'c-1',
          clause: 'M-PEN-1c',
          tier: 'first, not rectified',
          basis: 'not-rectified',
          repeatCount: 1,
          forcedExit: true,
          depositForfeited: true,
          fine: expect.objectContaining({ amountFen: 80_000 }),
          banYears: 1,
          warning: false,
        }),
      );
      expect(penalty.penaltyId).not.toBe(penaltiesIn(recorded)[0].penaltyId);
      expect(out.state.notices[0]).toEqual(expect.objectContaining({ status: 'not-rectified', inspectedDate: '2026-11-12' }));
    });

    it('M-PEN-1c: rectified → no penalty; the notice is closed as rectified', () => {
      const recorded = step([], violation('M-PEN-1c', 'c-1'), NOW);
      const out = disciplined(recorded, inspect(noticesIn(recorded)[0].noticeId, true), at('2026-11-12'));
      expect(out.error).toBeNull();
      expect(out.events.map((e) => e.type)).toEqual(['RectificationInspected.v1']);
      expect(out.state.notices[0].status).toBe('rectified');
      expect(out.state.penalties).toHaveLength(1);
    });

    it('M-PEN-10: inspecting a notice twice → ILLEGAL_TRANSITION', () => {
      const recorded = step([], violation('M-PEN-1c', 'c-1'), NOW);
      const noticeId = noticesIn(recorded)[0].noticeId;
      for (const first of [true, false]) {
        const inspected = step(recorded, inspect(noticeId, first), at('2026-11-12'));
        for (const again of [true, false]) {
          const out = disciplined(inspected, inspect(noticeId, again), at('2026-11-13'));
          expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
          expect(out.events).toEqual([]);
        }
      }
    });

    it('M-PEN-10: an inspection after the due date is recorded as late', () => {
      const recorded = step([], violation('M-PEN-1c', 'c-1'), NOW);
      const noticeId = noticesIn(recorded)[0].noticeId;
      expect(disciplined(recorded, inspect(noticeId, true), at('2026-11-13')).events[0]).toEqual(
        expect.objectContaining({ data: expect.objectContaining({ late: false }) }),
      );
      expect(disciplined(recorded, inspect(noticeId, true), at('2026-11-14')).events[0]).toEqual(
        expect.objectContaining({ data: expect.objectContaining({ late: true }) }),
      );
    });

    it('M-PEN-4a: not rectified → a fine the officer picks in ¥300–500 (missing → CONDITIONS_NOT_MET, outside → OUT_OF_RANGE)', () => {
      const recorded = step([], violation('M-PEN-4a', 'c-1'), NOW);
      const noticeId = noticesIn(recorded)[0].noticeId;
      expect(disciplined(recorded, inspect(noticeId, false), at('2026-11-16')).error?.code).toBe('CONDITIONS_NOT_MET');
      expect(disciplined(recorded, inspect(noticeId, false, { amountFen: 29_999 }), at('2026-11-16')).error?.code).toBe(
        'OUT_OF_RANGE',
      );
      expect(disciplined(recorded, inspect(noticeId, false, { amountFen: 50_001 }), at('2026-11-16')).error?.code).toBe(
        'OUT_OF_RANGE',
      );
      const out = disciplined(recorded, inspect(noticeId, false, { amountFen: 40_000 }), at('2026-11-16'));
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({
          tier: 'first, not rectified',
          fine: expect.objectContaining({ amountFen: 40_000, rule: { minFen: 30_000, maxFen: 50_000 } }),
          forcedExit: false,
        }),
      );
    });

    it('M-PEN-3c: not rectified → public resources suspended 1 week (from 2027-03-10 until 2027-03-17)', () => {
      const recorded = step([], violation('M-PEN-3c', 'c-1', { damageFen: 20_000 }), at('2027-03-01'));
      expect(onlyPenalty(recorded)).toEqual(expect.objectContaining({ compensationFen: 20_000, warning: true }));
      const out = disciplined(recorded, inspect(noticesIn(recorded)[0].noticeId, false), at('2027-03-10'));
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({
          basis: 'not-rectified',
          warning: false,
          compensationFen: null,
          suspension: expect.objectContaining({ resource: 'public-resources', fromDate: '2027-03-10', untilDate: '2027-03-17' }),
        }),
      );
    });

    it('M-PEN-2c: a first notice not rectified brings no further penalty ([choice]: the next breach is the second)', () => {
      const recorded = step([], violation('M-PEN-2c', 'c-1'), NOW);
      const out = disciplined(recorded, inspect(noticesIn(recorded)[0].noticeId, false), at('2026-11-16'));
      expect(out.error).toBeNull();
      expect(out.events.map((e) => e.type)).toEqual(['RectificationInspected.v1']);
      expect(out.state.notices[0].status).toBe('not-rectified');
    });

    it('M-PEN-9: amountFen on an inspection that imposes no fine → CONDITIONS_NOT_MET', () => {
      const recorded = step([], violation('M-PEN-1c', 'c-1'), NOW);
      const noticeId = noticesIn(recorded)[0].noticeId;
      expect(disciplined(recorded, inspect(noticeId, true, { amountFen: 80_000 }), at('2026-11-12')).error?.code).toBe(
        'CONDITIONS_NOT_MET',
      );
      // M-PEN-1c's escalation is a fixed ¥800: confirming it is accepted, another amount refused.
      expect(disciplined(recorded, inspect(noticeId, false, { amountFen: 80_000 }), at('2026-11-12')).error).toBeNull();
      expect(disciplined(recorded, inspect(noticeId, false, { amountFen: 70_000 }), at('2026-11-12')).error?.code).toBe(
        'OUT_OF_RANGE',
      );
    });

    it('M-PEN-10: inspecting an unknown notice → NOT_FOUND', () => {
      expect(disciplined([], inspect('no-such-notice', true), NOW).error?.code).toBe('NOT_FOUND');
    });
  });

  describe('refusals when recording', () => {
    it('M-PEN-1..8: an unknown clause → VALIDATION_FAILED', () => {
      const out = disciplined([], violation('M-PEN-99', 'c-1'), NOW);
      expect(out.error?.code).toBe('VALIDATION_FAILED');
      expect(out.error?.extensions).toEqual({ errors: ['clause: M-PEN-99 is not a clause of the penalty catalogue'] });
    });

    it.each(['M-PEN-1b', 'M-PEN-7'])('%s: a scheduled clause recorded by an officer → CONDITIONS_NOT_MET', (id) => {
      const out = disciplined([], violation(id, 'c-1'), NOW);
      expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
      expect(out.events).toEqual([]);
    });

    it.each(CLAUSES.filter((c) => c.requires.includes('damageFen')).map((c) => c.clause))(
      '%s: without damageFen → CONDITIONS_NOT_MET',
      (id) => {
        const out = disciplined([], violation(id, 'c-1', { serious: false }), NOW);
        expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
        expect(out.error?.extensions).toEqual({ reasons: [`${id} needs damageFen`] });
      },
    );

    it('M-PEN-2a, 3c, 5a, 6b: these and only these require the damage', () => {
      expect(CLAUSES.filter((c) => c.requires.length > 0).map((c) => [c.clause, c.requires])).toEqual([
        ['M-PEN-2a', ['damageFen']],
        ['M-PEN-3c', ['damageFen']],
        ['M-PEN-5a', ['damageFen']],
        ['M-PEN-6b', ['damageFen']],
      ]);
    });

    it('M-PEN-9: amountFen on a fixed fine that differs → OUT_OF_RANGE; the same amount → accepted', () => {
      const history = earlierCases('M-PEN-2b', 2);
      const differs = disciplined(history, violation('M-PEN-2b', 'c-2', { amountFen: 6_000 }), NOW);
      expect(differs.error?.code).toBe('OUT_OF_RANGE');
      expect(differs.error?.extensions).toEqual(expect.objectContaining({ min: 5_000, max: 5_000 }));
      const same = disciplined(history, violation('M-PEN-2b', 'c-2', { amountFen: 5_000 }), NOW);
      expect(same.error).toBeNull();
      expect(onlyPenalty(same.events).fine?.amountFen).toBe(5_000);
    });

    it('M-PEN-9: amountFen where the tier imposes no fine → CONDITIONS_NOT_MET', () => {
      expect(disciplined([], violation('M-PEN-2b', 'c-1', { amountFen: 5_000 }), NOW).error?.code).toBe('CONDITIONS_NOT_MET');
      expect(disciplined([], violation('M-PEN-1c', 'c-1', { amountFen: 80_000 }), NOW).error?.code).toBe('CONDITIONS_NOT_MET');
    });

    it('M-PEN-10: recording a case id again decides nothing', () => {
      const recorded = step([], violation('M-PEN-2b', 'c-1'), NOW);
      const out = disciplined(recorded, violation('M-PEN-2b', 'c-1'), at('2026-11-09'));
      expect(out.error).toBeNull();
      expect(out.events).toEqual([]);
    });
  });

  describe('overdue fees (M-PEN-7)', () => {
    /** Fee due Mon 2027-01-04 (the standard member's first term). */
    const DUE = '2027-01-04';
    const dayLate = (n: number) => at(addDays(DUE, n));
    /** The scheduler run each day from day 0 to day 1 + `to`, as it runs in production. */
    const daily = (to: number, command: (n: number) => ApplyFeeOverdueTier = (n) => feeOverdue(DUE, n)) => {
      let history: DisciplineEvent[] = [];
      const applied: [number, string, string | null][] = [];
      for (let n = 0; n <= to; n++) {
        const out = disciplined(history, command(n), dayLate(n));
        expect(out.error).toBeNull();
        for (const p of penaltiesIn(out.events)) applied.push([n, p.tier, p.nextTierDate]);
        history = [...history, ...out.events];
      }
      return { history, applied };
    };

    it('M-PEN-7: run daily, each tier applies once, on the day late it names (1, 8, 16, 31), all on one case opened by the first', () => {
      const { history, applied } = daily(40);
      expect(applied).toEqual([
        [1, 'M-PEN-7a', '2027-01-12'],
        [8, 'M-PEN-7b', '2027-01-20'],
        [16, 'M-PEN-7c', '2027-02-04'],
        [31, 'M-PEN-7d', null],
      ]);
      expect(casesIn(history)).toEqual([
        expect.objectContaining({
          caseId: feeCaseId('m-1', DUE),
          clause: 'M-PEN-7',
          repeatCount: 1,
          occurredDate: '2027-01-05',
          trigger: { kind: 'fee-overdue', feeDueDate: DUE },
        }),
      ]);
      expect(new Set(penaltiesIn(history).map((p) => p.caseId))).toEqual(new Set([feeCaseId('m-1', DUE)]));
      expect(new Set(penaltiesIn(history).map((p) => p.penaltyId)).size).toBe(4);
    });

    it('M-PEN-7: day 0 (the due date itself) decides nothing', () => {
      expect(disciplined([], feeOverdue(DUE, 0), dayLate(0)).events).toEqual([]);
    });

    it('M-PEN-7a: day 1 opens the case with a warning (the reminder); the next tier falls due on day 8', () => {
      const out = disciplined([], feeOverdue(DUE, 1), dayLate(1));
      expect(out.events.map((e) => e.type)).toEqual(['ViolationRecorded.v1', 'PenaltyImposed.v1']);
      expect(onlyPenalty(out.events)).toEqual(
        expect.objectContaining({
          tier: 'M-PEN-7a',
          basis: 'days-late',
          warning: true,
          fine: null,
          decidedDate: '2027-01-05',
          nextTierDate: '2027-01-12',
        }),
      );
    });

    it('M-PEN-7: a scheduler that runs late catches up: first run on day 20 → 7a, 7b, 7c at once, in order, on one case', () => {
      const out = disciplined([], feeOverdue(DUE, 20), dayLate(20));
      expect(out.error).toBeNull();
      expect(out.events.map((e) => e.type)).toEqual([
        'ViolationRecorded.v1',
        'PenaltyImposed.v1',
        'PenaltyImposed.v1',
        'PenaltyImposed.v1',
      ]);
      const penalties = penaltiesIn(out.events);
      expect(penalties.map((p) => [p.tier, p.decidedDate, p.nextTierDate])).toEqual([
        ['M-PEN-7a', '2027-01-24', null],
        ['M-PEN-7b', '2027-01-24', null],
        ['M-PEN-7c', '2027-01-24', '2027-02-04'],
      ]);
      expect(new Set(penalties.map((p) => p.penaltyId)).size).toBe(3);
      expect(new Set(penalties.map((p) => p.fine?.fineId ?? null)).size).toBe(2);
    });

    it('M-PEN-7: tiers already applied are not applied again (same day twice, or a later day before the next tier)', () => {
      const history = step([], feeOverdue(DUE, 8), dayLate(8));
      expect(penaltiesIn(history).map((p) => p.tier)).toEqual(['M-PEN-7a', 'M-PEN-7b']);
      expect(disciplined(history, feeOverdue(DUE, 8), dayLate(8)).events).toEqual([]);
      expect(disciplined(history, feeOverdue(DUE, 15), dayLate(15)).events).toEqual([]);
      expect(penaltiesIn(disciplined(history, feeOverdue(DUE, 16), dayLate(16)).events).map((p) => p.tier)).toEqual(['M-PEN-7c']);
    });

    it('M-PEN-7: a paid fee (nothing outstanding) decides nothing, at any tier', () => {
      for (const n of [1, 8, 16, 31]) expect(disciplined([], feeOverdue(DUE, n, 0), dayLate(n)).events).toEqual([]);
      const { applied } = daily(40, (n) => feeOverdue(DUE, n, n < 10 ? 1_200_000 : 0));
      expect(applied.map(([n, tier]) => [n, tier])).toEqual([
        [1, 'M-PEN-7a'],
        [8, 'M-PEN-7b'],
      ]);
    });

    it('M-PEN-7b: day 8 → ¥100 fine', () => {
      const history = step([], feeOverdue(DUE, 1), dayLate(1));
      expect(onlyPenalty(disciplined(history, feeOverdue(DUE, 8), dayLate(8)).events).fine).toEqual(
        expect.objectContaining({ amountFen: 10_000, rule: { fixedFen: 10_000 } }),
      );
    });

    it('M-PEN-7c: day 16 → resource permissions suspended until paid; LiftFeeSuspension ends it (fee-paid); lifting again decides nothing', () => {
      const history = step([], feeOverdue(DUE, 16), dayLate(16));
      const suspension = penaltiesIn(history).find((p) => p.tier === 'M-PEN-7c')!.suspension;
      expect(suspension).toEqual({
        suspensionId: expect.any(String),
        resource: 'resource-permissions',
        fromDate: '2027-01-20',
        untilDate: null,
        untilPaid: true,
      });
      // The scheduler's end of a period does not apply to a suspension until paid.
      expect(disciplined(history, endSuspension(suspension!.suspensionId, '2027-01-27'), at('2027-01-27')).events).toEqual([]);
      const lifted = disciplined(history, liftFeeSuspension(), at('2027-01-25'));
      expect(lifted.events).toEqual([
        {
          type: 'SuspensionEnded.v1',
          data: { suspensionId: suspension!.suspensionId, endedDate: '2027-01-25', reason: 'fee-paid' },
        },
      ]);
      expect(lifted.state.suspensions[0]).toEqual(expect.objectContaining({ endedDate: '2027-01-25', endReason: 'fee-paid' }));
      expect(disciplined([...history, ...lifted.events], liftFeeSuspension(), at('2027-01-26')).events).toEqual([]);
    });

    it('M-PEN-7c: LiftFeeSuspension ends every suspension until paid, and no suspension for a fixed period', () => {
      const other = '2027-02-01';
      const fees = step(step([], feeOverdue(DUE, 16), dayLate(16)), feeOverdue(other, 16), at(addDays(other, 16)));
      const history = step(fees, violation('M-PEN-3a', 'c-1'), at('2027-02-17'));
      const out = disciplined(history, liftFeeSuspension(), at('2027-02-18'));
      expect(out.events).toHaveLength(2);
      expect(out.state.suspensions.map((s) => [s.clause, s.untilPaid, s.endedDate])).toEqual([
        ['M-PEN-7', true, '2027-02-18'],
        ['M-PEN-7', true, '2027-02-18'],
        ['M-PEN-3a', false, null],
      ]);
    });

    it('M-PEN-7d: day 31 → forced exit and the deposit forfeited (the rule set’s default ban); no tier after it', () => {
      const history = step([], feeOverdue(DUE, 16), dayLate(16));
      expect(onlyPenalty(disciplined(history, feeOverdue(DUE, 31), dayLate(31)).events)).toEqual(
        expect.objectContaining({
          tier: 'M-PEN-7d',
          forcedExit: true,
          depositForfeited: true,
          banYears: null,
          fine: null,
          nextTierDate: null,
        }),
      );
    });

    it('M-PEN-7: a second overdue fee is a new case, repeat 2', () => {
      const history = step([], feeOverdue(DUE, 1), dayLate(1));
      const out = disciplined(history, feeOverdue('2027-04-04', 1), at('2027-04-05'));
      expect(casesIn(out.events)).toEqual([expect.objectContaining({ caseId: feeCaseId('m-1', '2027-04-04'), repeatCount: 2 })]);
    });
  });

  describe('late exit (M-PEN-1b)', () => {
    const CLEAR_BY = '2028-01-10';

    it('M-PEN-1b: day 1 → warning, day 4 → ¥300, day 8 → forced exit, forced clear-out, deposit forfeited, ¥1,000; other days nothing', () => {
      let history: DisciplineEvent[] = [];
      const applied: [number, PenaltyImposed['data']][] = [];
      for (let n = 0; n <= 12; n++) {
        const out = disciplined(history, lateExit(CLEAR_BY, n), at(addDays(CLEAR_BY, n)));
        expect(out.error).toBeNull();
        for (const p of penaltiesIn(out.events)) applied.push([n, p]);
        history = [...history, ...out.events];
      }
      expect(
        applied.map(([n, p]) => [n, p.tier, p.warning, p.fine?.amountFen ?? null, p.forcedExit, p.depositForfeited, p.orders]),
      ).toEqual([
        [1, '1-3 days late', true, null, false, false, []],
        [4, '4-7 days late', false, 30_000, false, false, []],
        [8, 'more than 7 days late', false, 100_000, true, true, ['forced-clear-out']],
      ]);
      expect(casesIn(history)).toEqual([
        expect.objectContaining({
          clause: 'M-PEN-1b',
          occurredDate: '2028-01-11',
          trigger: { kind: 'late-exit', clearOutDueDate: CLEAR_BY },
        }),
      ]);
    });

    it('M-PEN-1b: a scheduler first run on day 9 catches up: warning, ¥300 and the forced exit at once, on one case', () => {
      const out = disciplined([], lateExit(CLEAR_BY, 9), at(addDays(CLEAR_BY, 9)));
      expect(casesIn(out.events)).toEqual([expect.objectContaining({ caseId: lateExitCaseId('m-1', CLEAR_BY), repeatCount: 1 })]);
      expect(penaltiesIn(out.events).map((p) => [p.tier, p.nextTierDate])).toEqual([
        ['1-3 days late', null],
        ['4-7 days late', null],
        ['more than 7 days late', null],
      ]);
    });

    it('M-PEN-1b: once the space is cleared out, no tier applies', () => {
      for (const n of [1, 4, 8])
        expect(disciplined([], lateExit(CLEAR_BY, n, true), at(addDays(CLEAR_BY, n))).events).toEqual([]);
    });
  });

  describe('fines and suspensions', () => {
    /** M-PEN-2c second time: a ¥200 fine, decided 2026-11-06. */
    const FINED = step(earlierCases('M-PEN-2c', 2), violation('M-PEN-2c', 'c-2'), NOW);
    const FINE_ID = penaltiesIn(FINED)[0].fine!.fineId;

    it('M-PEN-2c fine: a partial payment leaves the rest outstanding; paying the rest settles it', () => {
      const partial = disciplined(FINED, payFine(FINE_ID, 5_000, 'bank-1'), at('2026-11-10'));
      expect(partial.events).toEqual([
        {
          type: 'FinePaid.v1',
          data: { fineId: FINE_ID, amountFen: 5_000, reference: 'bank-1', paidDate: '2026-11-10', outstandingFen: 15_000 },
        },
      ]);
      const full = disciplined([...FINED, ...partial.events], payFine(FINE_ID, 15_000, 'bank-2'), at('2026-11-12'));
      expect(full.events[0]).toEqual(
        expect.objectContaining({ data: expect.objectContaining({ amountFen: 15_000, outstandingFen: 0 }) }),
      );
      expect(full.state.fines[0]).toEqual(expect.objectContaining({ amountFen: 20_000, paidFen: 20_000 }));
    });

    it('M-PEN-2c fine: paying more than is outstanding, or nothing → OUT_OF_RANGE; paying a settled fine → OUT_OF_RANGE', () => {
      const over = disciplined(FINED, payFine(FINE_ID, 20_001), at('2026-11-10'));
      expect(over.error?.code).toBe('OUT_OF_RANGE');
      expect(over.error?.extensions).toEqual(expect.objectContaining({ min: 1, max: 20_000 }));
      expect(disciplined(FINED, payFine(FINE_ID, 0), at('2026-11-10')).error?.code).toBe('OUT_OF_RANGE');
      const settled = step(FINED, payFine(FINE_ID, 20_000), at('2026-11-10'));
      expect(disciplined(settled, payFine(FINE_ID, 1), at('2026-11-11')).error?.code).toBe('OUT_OF_RANGE');
    });

    it('M-APL-2: paying a fine cancelled on appeal → ILLEGAL_TRANSITION; an unknown fine → NOT_FOUND', () => {
      const annulled = step(FINED, annul(penaltiesIn(FINED)[0].penaltyId), at('2026-11-10'));
      expect(disciplined(annulled, payFine(FINE_ID, 5_000), at('2026-11-11')).error?.code).toBe('ILLEGAL_TRANSITION');
      expect(disciplined(FINED, payFine('no-such-fine', 5_000), at('2026-11-11')).error?.code).toBe('NOT_FOUND');
    });

    /** M-PEN-3a first time on 2027-03-01: suspended until 2027-03-04 (exclusive). */
    const SUSPENDED = step([], violation('M-PEN-3a', 'c-1'), at('2027-03-01'));
    const SUSPENSION_ID = penaltiesIn(SUSPENDED)[0].suspension!.suspensionId;

    it('M-PEN-3a suspension: EndSuspension before its until date decides nothing; on it, the suspension ends (period over)', () => {
      expect(disciplined(SUSPENDED, endSuspension(SUSPENSION_ID, '2027-03-04'), at('2027-03-03', '23:59:59')).events).toEqual([]);
      const out = disciplined(SUSPENDED, endSuspension(SUSPENSION_ID, '2027-03-04'), at('2027-03-04', '00:00:00'));
      expect(out.events).toEqual([
        { type: 'SuspensionEnded.v1', data: { suspensionId: SUSPENSION_ID, endedDate: '2027-03-04', reason: 'period-over' } },
      ]);
      expect(out.state.suspensions[0]).toEqual(expect.objectContaining({ endedDate: '2027-03-04', endReason: 'period-over' }));
    });

    it('M-PEN-3a suspension: after its until date it ends on that date; a wrong until date or ending it twice decides nothing', () => {
      const late = disciplined(SUSPENDED, endSuspension(SUSPENSION_ID, '2027-03-04'), at('2027-03-06'));
      expect(late.events).toEqual([
        { type: 'SuspensionEnded.v1', data: { suspensionId: SUSPENSION_ID, endedDate: '2027-03-04', reason: 'period-over' } },
      ]);
      expect(disciplined(SUSPENDED, endSuspension(SUSPENSION_ID, '2027-03-05'), at('2027-03-06')).events).toEqual([]);
      expect(
        disciplined([...SUSPENDED, ...late.events], endSuspension(SUSPENSION_ID, '2027-03-04'), at('2027-03-07')).events,
      ).toEqual([]);
      expect(disciplined(SUSPENDED, endSuspension('no-such-suspension', '2027-03-04'), at('2027-03-06')).events).toEqual([]);
    });
  });

  describe('appeals (M-APL-2)', () => {
    it('M-APL-2: annulling a penalty cancels its fine with what was paid and lifts its suspension', () => {
      const decided = step(earlierCases('M-PEN-3a', 2), violation('M-PEN-3a', 'c-2', { amountFen: 20_000 }), at('2027-03-01'));
      const penalty = penaltiesIn(decided)[0];
      const paid = step(decided, payFine(penalty.fine!.fineId, 5_000), at('2027-03-02'));
      const out = disciplined(paid, annul(penalty.penaltyId, 'appeal-7'), at('2027-03-03'));
      expect(out.events).toEqual([
        {
          type: 'PenaltyAnnulled.v1',
          data: {
            penaltyId: penalty.penaltyId,
            caseId: 'c-2',
            appealId: 'appeal-7',
            reason: 'the review found the facts not proven',
            annulledDate: '2027-03-03',
            fineCancelled: { fineId: penalty.fine!.fineId, paidFen: 5_000 },
            suspensionLifted: penalty.suspension!.suspensionId,
            forcedExitAnnulled: false,
            noticesCancelled: [],
          },
        },
      ]);
      expect(out.state.fines[0]).toEqual(expect.objectContaining({ cancelled: true, paidFen: 5_000 }));
      expect(out.state.suspensions[0]).toEqual(expect.objectContaining({ endedDate: '2027-03-03', endReason: 'appeal-upheld' }));
      expect(out.state.penalties[0]).toEqual(expect.objectContaining({ annulled: true, annulledBy: 'appeal-7' }));
      expect(out.state.cases.find((c) => c.caseId === 'c-2')?.annulled).toBe(true);
      // The annulled case no longer counts: the next abuse is the second again, not the third.
      const next = disciplined([...paid, ...out.events], violation('M-PEN-3a', 'c-3', { amountFen: 10_000 }), at('2027-03-10'));
      expect(onlyPenalty(next.events)).toEqual(expect.objectContaining({ repeatCount: 2, tier: 'second', forcedExit: false }));
    });

    it('M-APL-2: an annulled first case no longer counts: the next M-PEN-2b is the first again (warning)', () => {
      const decided = step([], violation('M-PEN-2b', 'c-1'), NOW);
      const annulled = step(decided, annul(penaltiesIn(decided)[0].penaltyId), at('2026-11-10'));
      const out = disciplined(annulled, violation('M-PEN-2b', 'c-2'), at('2026-11-20'));
      expect(casesIn(out.events)[0].repeatCount).toBe(1);
      expect(onlyPenalty(out.events)).toEqual(expect.objectContaining({ tier: 'first', warning: true, fine: null }));
    });

    it('M-APL-2: annulling twice decides nothing; an unknown penalty → NOT_FOUND', () => {
      const decided = step([], violation('M-PEN-2b', 'c-1'), NOW);
      const annulled = step(decided, annul(penaltiesIn(decided)[0].penaltyId), at('2026-11-10'));
      const again = disciplined(annulled, annul(penaltiesIn(decided)[0].penaltyId, 'appeal-2'), at('2026-11-11'));
      expect(again.error).toBeNull();
      expect(again.events).toEqual([]);
      expect(disciplined(decided, annul('no-such-penalty'), at('2026-11-11')).error?.code).toBe('NOT_FOUND');
    });

    it('M-APL-2: annulling a forced exit says so (forcedExitAnnulled), for the member stream to reverse it', () => {
      const decided = step([], violation('M-PEN-6c', 'c-1'), NOW);
      const out = disciplined(decided, annul(penaltiesIn(decided)[0].penaltyId), at('2026-11-10'));
      expect(out.events[0]).toEqual(
        expect.objectContaining({
          data: expect.objectContaining({ forcedExitAnnulled: true, fineCancelled: null, suspensionLifted: null }),
        }),
      );
    });

    it('M-APL-2: a suspension already over is not lifted again', () => {
      const decided = step([], violation('M-PEN-3a', 'c-1'), at('2027-03-01'));
      const penalty = penaltiesIn(decided)[0];
      const ended = step(decided, endSuspension(penalty.suspension!.suspensionId, '2027-03-04'), at('2027-03-04'));
      const out = disciplined(ended, annul(penalty.penaltyId), at('2027-03-05'));
      expect(out.events[0]).toEqual(expect.objectContaining({ data: expect.objectContaining({ suspensionLifted: null }) }));
      expect(out.state.suspensions[0]).toEqual(expect.objectContaining({ endedDate: '2027-03-04', endReason: 'period-over' }));
    });

    it('M-APL-2: annulling the only penalty of a case cancels its open notice; inspecting it → ILLEGAL_TRANSITION', () => {
      const decided = step([], violation('M-PEN-1c', 'c-1'), NOW);
      const out = disciplined(decided, annul(penaltiesIn(decided)[0].penaltyId), at('2026-11-09'));
      expect(out.events[0]).toEqual(
        expect.objectContaining({ data: expect.objectContaining({ noticesCancelled: [noticesIn(decided)[0].noticeId] }) }),
      );
      expect(out.state.notices[0].status).toBe('cancelled');
      const annulled = [...decided, ...out.events];
      expect(disciplined(annulled, inspect(noticesIn(decided)[0].noticeId, false), at('2026-11-12')).error?.code).toBe(
        'ILLEGAL_TRANSITION',
      );
    });

    it('M-APL-2: annulling only the not-rectified penalty of M-PEN-1c leaves the case standing (its warning stands)', () => {
      const decided = step([], violation('M-PEN-1c', 'c-1'), NOW);
      const escalated = step(decided, inspect(noticesIn(decided)[0].noticeId, false), at('2026-11-16'));
      const [, notRectified] = penaltiesIn(escalated);
      const out = disciplined(escalated, annul(notRectified.penaltyId), at('2026-11-18'));
      expect(out.events[0]).toEqual(
        expect.objectContaining({
          data: expect.objectContaining({ forcedExitAnnulled: true, fineCancelled: expect.objectContaining({ paidFen: 0 }) }),
        }),
      );
      expect(out.state.cases[0].annulled).toBe(false);
      const next = disciplined([...escalated, ...out.events], violation('M-PEN-1c', 'c-2'), at('2026-11-20'));
      expect(casesIn(next.events)[0].repeatCount).toBe(2);
    });

    it('M-APL-2: an annulled fee case takes no further tier', () => {
      const DUE = '2027-01-04';
      const decided = step([], feeOverdue(DUE, 1), at('2027-01-05'));
      const annulled = step(decided, annul(penaltiesIn(decided)[0].penaltyId), at('2027-01-07'));
      expect(disciplined(annulled, feeOverdue(DUE, 8), at('2027-01-12')).events).toEqual([]);
    });
  });

  describe('publicity (M-PEN-10, M-APL-1)', () => {
    it('M-PEN-10: publicised until 3 working days after the decision, across a weekend (Fri 2026-11-06 → Wed 2026-11-11)', () => {
      expect(onlyPenalty(disciplined([], violation('M-PEN-2b', 'c-1'), at('2026-11-06')).events).publicityEndsDate).toBe(
        '2026-11-11',
      );
    });

    it('M-PEN-10: across National Day and its adjusted working Saturday (Wed 2026-09-30 → Sat 2026-10-10)', () => {
      expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
      expect(onlyPenalty(disciplined([], violation('M-PEN-2b', 'c-1'), at('2026-09-30')).events).publicityEndsDate).toBe(
        '2026-10-10',
      );
    });

    it('M-PEN-10: in 2027 (Monday–Friday until the holidays are published): Thu 2027-03-04 → Tue 2027-03-09', () => {
      expect(onlyPenalty(disciplined([], violation('M-PEN-2b', 'c-1'), at('2027-03-04')).events).publicityEndsDate).toBe(
        '2027-03-09',
      );
    });
  });
});
