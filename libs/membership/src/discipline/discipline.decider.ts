import {
  addDays,
  businessDateOf,
  ConditionsNotMet,
  deterministicId,
  DomainError,
  IllegalTransition,
  NotFound,
  OutOfRange,
  periodEnd,
  type Decider,
  type DecisionContext,
} from '@opc/kernel';
import type { MembershipRules } from '../rules/membership-rules';
import type { ClauseRule, PenaltyRule, Tier } from '../rules/penalty-catalogue';
import type { DisciplineCommand } from './discipline.commands';
import type { CaseTrigger, DisciplineEvent, PenaltyImposed } from './discipline.events';
import { evolveDiscipline, initialDiscipline, repeatCountOf, type CaseRecord, type Discipline } from './discipline.state';

type Ctx = DecisionContext<MembershipRules>;

export const disciplineStreamId = (memberId: string): string => `discipline-${memberId}`;

/** The clauses the scheduler applies as days pass. */
export const FEE_OVERDUE_CLAUSE = 'M-PEN-7';
export const LATE_EXIT_CLAUSE = 'M-PEN-1b';

const clauseOf = (ctx: Ctx, clause: string): ClauseRule => {
  const rule = ctx.rules.discipline.clauses[clause];
  if (!rule)
    throw new DomainError(
      'VALIDATION_FAILED',
      `clause ${clause} is not in the penalty catalogue (rule set version ${ctx.rules.version})`,
      {
        errors: [`clause: ${clause} is not a clause of the penalty catalogue`],
      },
    );
  return rule;
};

/** Does the tier fit the facts? A condition the facts do not state is not met. */
const fits = (tier: Tier, facts: { damageFen: number | null; serious: boolean }): boolean => {
  const when = tier.when;
  if (!when) return true;
  const damage = facts.damageFen ?? 0;
  if (when.damageAboveFen !== undefined && !(damage > when.damageAboveFen)) return false;
  if (when.damageAtMostFen !== undefined && !(damage <= when.damageAtMostFen)) return false;
  if (when.serious !== undefined && when.serious !== facts.serious) return false;
  if (when.loss !== undefined && when.loss !== damage > 0) return false;
  return true;
};

/** M-PEN preamble: the first tier whose repeat range holds the count and whose condition the facts meet. */
export const tierFor = (rule: ClauseRule, repeatCount: number, facts: { damageFen: number | null; serious: boolean }): Tier => {
  const tier = rule.tiers.find(
    (t) =>
      t.repeat !== undefined &&
      repeatCount >= t.repeat.from &&
      (t.repeat.to === undefined || repeatCount <= t.repeat.to) &&
      fits(t, facts),
  );
  if (!tier)
    throw new ConditionsNotMet([`${rule.clause}: no tier of the catalogue covers repeat ${repeatCount} with these facts`]);
  return tier;
};

const isEmpty = (p: PenaltyRule): boolean =>
  !p.warning &&
  !p.fine &&
  !p.compensation &&
  !p.suspension &&
  !p.forcedExit &&
  !p.depositForfeited &&
  !p.confiscateGains &&
  !p.report &&
  (p.orders ?? []).length === 0;

/** M-PEN-9: the fine's amount — the officer's inside a range, the rule's when fixed; anything else is refused. */
const fineAmount = (rule: PenaltyRule, clause: string, amountFen: number | undefined): number | null => {
  const fine = rule.fine;
  if (!fine) {
    if (amountFen !== undefined)
      throw new ConditionsNotMet([`${clause}: this decision imposes no fine, so amountFen does not apply`]);
    return null;
  }
  if ('fixedFen' in fine) {
    if (amountFen !== undefined && amountFen !== fine.fixedFen)
      throw new OutOfRange('amountFen', amountFen, { min: fine.fixedFen, max: fine.fixedFen }, `${clause} (M-PEN-9)`);
    return fine.fixedFen;
  }
  if (amountFen === undefined)
    throw new ConditionsNotMet([
      `${clause}: the officer picks the fine's amount inside ${fine.minFen}..${fine.maxFen} fen (amountFen)`,
    ]);
  if (amountFen < fine.minFen || amountFen > fine.maxFen)
    throw new OutOfRange('amountFen', amountFen, { min: fine.minFen, max: fine.maxFen }, `${clause} (M-PEN-9)`);
  return amountFen;
};

interface Imposing {
  memberId: string;
  caseRecord: Pick<CaseRecord, 'caseId' | 'clause' | 'repeatCount' | 'damageFen' | 'trigger'>;
  tier: string;
  basis: PenaltyImposed['data']['basis'];
  rule: PenaltyRule;
  amountFen: number | undefined;
  reason: string;
  /** Distinguishes several penalties of one case (their ids derive from it). */
  sequence: number;
}

/** The penalty a rule imposes on the decision's date, with ids derived from the case. */
const impose = (ctx: Ctx, p: Imposing): PenaltyImposed => {
  const today = businessDateOf(ctx.now);
  const { caseId, clause, repeatCount, damageFen } = p.caseRecord;
  const amount = fineAmount(p.rule, clause, p.amountFen);
  const s = p.rule.suspension;
  return {
    type: 'PenaltyImposed.v1',
    data: {
      penaltyId: deterministicId('penalty', caseId, p.sequence),
      caseId,
      memberId: p.memberId,
      clause,
      tier: p.tier,
      repeatCount,
      basis: p.basis,
      trigger: p.caseRecord.trigger,
      decidedDate: today,
      warning: p.rule.warning ?? false,
      fine:
        amount === null
          ? null
          : { fineId: deterministicId('fine', caseId, p.sequence), amountFen: amount, rule: { ...p.rule.fine! } },
      compensationFen: p.rule.compensation ? (damageFen ?? 0) : null,
      suspension: s
        ? {
            suspensionId: deterministicId('suspension', caseId, p.sequence),
            resource: s.resource,
            fromDate: today,
            untilDate: 'days' in s ? periodEnd(today, { days: s.days }) : null,
            untilPaid: 'untilPaid' in s,
          }
        : null,
      forcedExit: p.rule.forcedExit ?? false,
      depositForfeited: p.rule.depositForfeited ?? false,
      banYears: p.rule.banYears ?? null,
      confiscateGains: p.rule.confiscateGains ?? false,
      report: p.rule.report ?? false,
      orders: [...(p.rule.orders ?? [])],
      publicityEndsDate: ctx.calendar.addWorkingDays(today, ctx.rules.discipline.publicityWorkingDays).date,
      reason: p.reason,
      nextTierDate: null,
    },
  };
};

/** The penalties of a case so far: the sequence of the next one. */
const penaltiesOf = (state: Discipline, caseId: string): number => state.penalties.filter((p) => p.caseId === caseId).length;

/**
 * The scheduler's tiers (fees M-PEN-7, late exit M-PEN-1b): every tier reached at `daysLate` and
 * not applied yet, in order (a scheduler that runs late catches up); the first one opens the
 * case. The last penalty says when the next tier falls due, so the deadline can be set again.
 */
const daysLateTiers = (
  state: Discipline,
  ctx: Ctx,
  c: {
    memberId: string;
    clause: string;
    caseId: string;
    daysLate: number;
    dueDate: string;
    trigger: CaseTrigger;
    facts: string;
  },
): DisciplineEvent[] => {
  const rule = clauseOf(ctx, c.clause);
  const existing = state.cases.find((k) => k.caseId === c.caseId);
  if (existing?.annulled) return [];
  const applied = new Set(existing?.tiers ?? []);
  const ordered = rule.tiers.filter((t) => t.daysLate !== undefined).sort((a, b) => a.daysLate! - b.daysLate!);
  const reached = ordered.filter((t) => t.daysLate! <= c.daysLate && !applied.has(t.label));
  if (reached.length === 0) return [];
  const next = ordered.find((t) => t.daysLate! > c.daysLate);
  const events: DisciplineEvent[] = [];
  const caseRecord = existing ?? {
    caseId: c.caseId,
    clause: c.clause,
    repeatCount: repeatCountOf(state, c.clause) + 1,
    damageFen: null,
    trigger: c.trigger,
  };
  if (!existing)
    events.push({
      type: 'ViolationRecorded.v1',
      data: {
        caseId: c.caseId,
        memberId: c.memberId,
        clause: c.clause,
        occurredDate: addDays(c.dueDate, 1),
        facts: c.facts,
        damageFen: null,
        serious: false,
        evidence: [],
        repeatCount: caseRecord.repeatCount,
        trigger: c.trigger,
      },
    });
  let sequence = existing ? penaltiesOf(state, c.caseId) : 0;
  for (const [i, tier] of reached.entries()) {
    const penalty = impose(ctx, {
      memberId: c.memberId,
      caseRecord,
      tier: tier.label,
      basis: 'days-late',
      rule: tier.penalty,
      amountFen: undefined,
      reason: `${c.facts}: ${tier.daysLate} days late or more (${tier.label})`,
      sequence: sequence++,
    });
    if (i === reached.length - 1) penalty.data.nextTierDate = next ? addDays(c.dueDate, next.daysLate!) : null;
    events.push(penalty);
  }
  return events;
};

/**
 * The disciplinary record's decisions (M-PEN-1..10). Repeat counts are decided here, on one
 * stream per member, so two concurrent violations of one kind cannot both be "the first".
 */
export const decideDiscipline = (command: DisciplineCommand, state: Discipline, ctx: Ctx): DisciplineEvent[] => {
  const today = businessDateOf(ctx.now);
  switch (command.type) {
    case 'RecordViolation': {
      if (state.cases.some((c) => c.caseId === command.caseId)) return [];
      const rule = clauseOf(ctx, command.clause);
      if (rule.scheduled)
        throw new ConditionsNotMet([`${rule.clause} is applied by the scheduler as the days pass, not recorded by an officer`]);
      const missing = rule.requires.filter((f) => command[f] === undefined);
      if (missing.length > 0) throw new ConditionsNotMet(missing.map((f) => `${rule.clause} needs ${f}`));
      const facts = { damageFen: command.damageFen ?? null, serious: command.serious ?? false };
      const repeatCount = repeatCountOf(state, rule.clause) + 1;
      const tier = tierFor(rule, repeatCount, facts);
      const caseRecord = {
        caseId: command.caseId,
        clause: rule.clause,
        repeatCount,
        damageFen: facts.damageFen,
        trigger: { kind: 'officer' } as const,
      };
      const events: DisciplineEvent[] = [
        {
          type: 'ViolationRecorded.v1',
          data: {
            caseId: command.caseId,
            memberId: command.memberId,
            clause: rule.clause,
            occurredDate: businessDateOf(ctx.occurredAt),
            facts: command.facts,
            damageFen: facts.damageFen,
            serious: facts.serious,
            evidence: command.evidence,
            repeatCount,
            trigger: { kind: 'officer' },
          },
        },
      ];
      if (!isEmpty(tier.penalty))
        events.push(
          impose(ctx, {
            memberId: command.memberId,
            caseRecord,
            tier: tier.label,
            basis: 'violation',
            rule: tier.penalty,
            amountFen: command.amountFen,
            reason: command.facts,
            sequence: 0,
          }),
        );
      else if (command.amountFen !== undefined)
        throw new ConditionsNotMet([`${rule.clause}: this decision imposes no fine, so amountFen does not apply`]);
      if (tier.rectification)
        events.push({
          type: 'RectificationNoticeIssued.v1',
          data: {
            noticeId: deterministicId('notice', command.caseId, 0),
            caseId: command.caseId,
            memberId: command.memberId,
            clause: rule.clause,
            requirements: command.requirements ?? tier.rectification.requirements,
            issuedDate: today,
            due: ctx.calendar.addWorkingDays(today, ctx.rules.discipline.rectificationWorkingDays),
            onNotRectified: tier.onNotRectified ?? null,
          },
        });
      return events;
    }

    case 'InspectRectification': {
      const notice = state.notices.find((n) => n.noticeId === command.noticeId);
      if (!notice) throw new NotFound('rectification notice', command.noticeId);
      if (notice.status !== 'open') throw new IllegalTransition(`notice ${notice.status}`, command.type);
      const events: DisciplineEvent[] = [
        {
          type: 'RectificationInspected.v1',
          data: {
            noticeId: notice.noticeId,
            caseId: notice.caseId,
            rectified: command.rectified,
            note: command.note,
            evidence: command.evidence,
            inspectedDate: today,
            late: today > notice.due.date,
          },
        },
      ];
      if (!command.rectified && notice.onNotRectified && !isEmpty(notice.onNotRectified)) {
        const caseRecord = state.cases.find((c) => c.caseId === notice.caseId)!;
        events.push(
          impose(ctx, {
            memberId: state.memberId,
            caseRecord,
            tier: `${caseRecord.tiers[0] ?? 'first'}, not rectified`,
            basis: 'not-rectified',
            rule: notice.onNotRectified,
            amountFen: command.amountFen,
            reason: `not rectified: ${command.note}`,
            sequence: penaltiesOf(state, notice.caseId),
          }),
        );
      } else if (command.amountFen !== undefined)
        throw new ConditionsNotMet(['amountFen applies only to a penalty for a notice not rectified']);
      return events;
    }

    case 'RecordFinePayment': {
      const fine = state.fines.find((f) => f.fineId === command.fineId);
      if (!fine) throw new NotFound('fine', command.fineId);
      if (fine.cancelled) throw new IllegalTransition('fine cancelled', command.type);
      const outstanding = fine.amountFen - fine.paidFen;
      if (command.amountFen <= 0 || command.amountFen > outstanding)
        throw new OutOfRange('amountFen', command.amountFen, { min: 1, max: Math.max(0, outstanding) }, 'M-PEN-9');
      return [
        {
          type: 'FinePaid.v1',
          data: {
            fineId: fine.fineId,
            amountFen: command.amountFen,
            reference: command.reference,
            paidDate: businessDateOf(ctx.occurredAt),
            outstandingFen: outstanding - command.amountFen,
          },
        },
      ];
    }

    case 'EndSuspension': {
      const s = state.suspensions.find((x) => x.suspensionId === command.suspensionId);
      if (!s || s.endedDate !== null || s.untilDate !== command.untilDate || today < command.untilDate) return [];
      return [
        {
          type: 'SuspensionEnded.v1',
          data: { suspensionId: s.suspensionId, endedDate: command.untilDate, reason: 'period-over' },
        },
      ];
    }

    case 'ApplyFeeOverdueTier': {
      if (command.outstandingFen <= 0) return [];
      return daysLateTiers(state, ctx, {
        memberId: command.memberId,
        clause: FEE_OVERDUE_CLAUSE,
        caseId: feeCaseId(command.memberId, command.feeDueDate),
        daysLate: command.daysLate,
        dueDate: command.feeDueDate,
        trigger: { kind: 'fee-overdue', feeDueDate: command.feeDueDate },
        facts: `fee due ${command.feeDueDate} unpaid (${command.outstandingFen} fen outstanding)`,
      });
    }

    case 'LiftFeeSuspension': {
      // Suspended until paid: once the fee is paid in full, every such suspension ends.
      return state.suspensions
        .filter((s) => s.untilPaid && s.endedDate === null)
        .map((s) => ({
          type: 'SuspensionEnded.v1' as const,
          data: { suspensionId: s.suspensionId, endedDate: businessDateOf(ctx.occurredAt), reason: 'fee-paid' as const },
        }));
    }

    case 'ApplyLateExitTier': {
      if (command.clearedOut) return [];
      return daysLateTiers(state, ctx, {
        memberId: command.memberId,
        clause: LATE_EXIT_CLAUSE,
        caseId: lateExitCaseId(command.memberId, command.clearOutDueDate),
        daysLate: command.daysLate,
        dueDate: command.clearOutDueDate,
        trigger: { kind: 'late-exit', clearOutDueDate: command.clearOutDueDate },
        facts: `space not cleared out after ${command.clearOutDueDate}`,
      });
    }

    case 'AnnulPenalty': {
      const penalty = state.penalties.find((p) => p.penaltyId === command.penaltyId);
      if (!penalty) throw new NotFound('penalty', command.penaltyId);
      if (penalty.annulled) return [];
      const fine = penalty.fine ? state.fines.find((f) => f.fineId === penalty.fine!.fineId) : undefined;
      const suspension = penalty.suspension
        ? state.suspensions.find((s) => s.suspensionId === penalty.suspension!.suspensionId && s.endedDate === null)
        : undefined;
      // The case falls when none of its other penalties stands: then its open notices close too.
      const caseFalls = state.penalties.every(
        (p) => p.caseId !== penalty.caseId || p.annulled || p.penaltyId === penalty.penaltyId,
      );
      return [
        {
          type: 'PenaltyAnnulled.v1',
          data: {
            penaltyId: penalty.penaltyId,
            caseId: penalty.caseId,
            appealId: command.appealId,
            reason: command.reason,
            annulledDate: today,
            fineCancelled: fine && !fine.cancelled ? { fineId: fine.fineId, paidFen: fine.paidFen } : null,
            suspensionLifted: suspension?.suspensionId ?? null,
            forcedExitAnnulled: penalty.forcedExit,
            noticesCancelled: caseFalls
              ? state.notices.filter((n) => n.caseId === penalty.caseId && n.status === 'open').map((n) => n.noticeId)
              : [],
          },
        },
      ];
    }
  }
};

/** One case per late exit. */
export const lateExitCaseId = (memberId: string, clearOutDueDate: string): string =>
  deterministicId('late-exit', memberId, clearOutDueDate);

/** One case per overdue fee: every tier of it lands on the same case. */
export const feeCaseId = (memberId: string, feeDueDate: string): string => deterministicId('fee-overdue', memberId, feeDueDate);

export const disciplineDecider: Decider<Discipline, DisciplineCommand, DisciplineEvent, MembershipRules> = {
  initialState: initialDiscipline,
  evolve: evolveDiscipline,
  decide: decideDiscipline,
};
