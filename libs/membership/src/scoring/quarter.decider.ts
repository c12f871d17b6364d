import {
  businessDateOf,
  ConditionsNotMet,
  IllegalTransition,
  NotEligible,
  NotFound,
  type Decider,
  type DecisionContext,
} from '@opc/kernel';
import type { ScoringScheme } from '../rules/scoring-scheme';
import type { QuarterCommand } from './quarter.commands';
import type { MemberOutcomeRevised, QuarterEvent, ScoreRecorded } from './quarter.events';
import { periodKind } from './period';
import { closeCohort, scoreOf, type CohortDecision, type Outcome } from './scoring.rules';

type Ctx = DecisionContext<ScoringScheme>;

interface CurrentEntry {
  entryId: string;
  total: number;
}

/**
 * One scoring period — a quarter, stream `quarter-<YYYY>Q<n>`, or a month under a monthly scheme,
 * `month-<YYYY>-<MM>`: the consistency boundary of the cohort's close.
 */
export interface Quarter {
  quarter: string | null;
  schemeVersion: number | null;
  /** The standing entry of each member (a correction replaces it; a voided one is removed). */
  entries: Map<string, CurrentEntry>;
  /** Members whose score an upheld objection voided, awaiting a corrected entry. */
  voided: Map<string, { appealId: string; afterClose: boolean }>;
  publicity: { openedDate: string; endsDate: string } | null;
  closed: {
    closedDate: string;
    decision: CohortDecision;
    previousRuns: Record<string, number>;
    notRanked: { memberId: string; total: number; reason: string }[];
  } | null;
  /** After close: each member's outcome, revised ones included. */
  outcomes: Map<string, Outcome>;
}

export const initialQuarter = (): Quarter => ({
  quarter: null,
  schemeVersion: null,
  entries: new Map(),
  voided: new Map(),
  publicity: null,
  closed: null,
  outcomes: new Map(),
});

/**
 * The maps are updated in place: a quarter holds thousands of entries, and copying them per event
 * would make folding a quarter quadratic. A fold always starts from a fresh initialQuarter(), so
 * no state is shared between folds.
 */
export const evolveQuarter = (state: Quarter, event: QuarterEvent): Quarter => {
  switch (event.type) {
    case 'ScoreRecorded.v1': {
      const d = event.data;
      state.entries.set(d.memberId, { entryId: d.entryId, total: d.total });
      state.voided.delete(d.memberId);
      return { ...state, quarter: d.quarter, schemeVersion: state.schemeVersion ?? d.schemeVersion };
    }
    case 'ScorePublicityOpened.v1':
      return { ...state, publicity: { openedDate: event.data.openedDate, endsDate: event.data.endsDate } };
    case 'ScoreVoided.v1':
      state.entries.delete(event.data.memberId);
      state.voided.set(event.data.memberId, { appealId: event.data.appealId, afterClose: event.data.afterClose });
      return { ...state };
    case 'QuarterClosed.v1': {
      const d = event.data;
      for (const o of d.decision.ranking) state.outcomes.set(o.memberId, o);
      return {
        ...state,
        closed: { closedDate: d.closedDate, decision: d.decision, previousRuns: d.previousRuns, notRanked: d.notRanked ?? [] },
      };
    }
    case 'MemberOutcomeRevised.v1':
      state.outcomes.set(event.data.memberId, event.data.outcome);
      return { ...state };
    default:
      return state;
  }
};

/**
 * After close, an upheld objection re-decides that member only (M-APL-2): the same rules against
 * the closed decision — below 60, or now under the cut's total, or a third quarter below 70.
 */
const redecide = (
  memberId: string,
  total: number,
  previousRun: number,
  decision: CohortDecision,
  scheme: ScoringScheme,
): Outcome => {
  const reasons: string[] = [];
  if (total < scheme.eliminationBelow) reasons.push(`M-SCORE-8: total ${total} < ${scheme.eliminationBelow}`);
  else if (decision.cutTotal !== null && total < decision.cutTotal)
    reasons.push(`M-SCORE-9: total ${total} below the closed ranking's cut (${decision.cutTotal})`);
  const warningRun = total < scheme.warningBelow ? previousRun + 1 : 0;
  if (warningRun >= scheme.eliminateAfter)
    reasons.push(`M-SCORE-10: quarter ${warningRun} in a row below ${scheme.warningBelow}`);
  const eliminated = reasons.length > 0;
  const rank = decision.ranking.filter((o) => o.memberId !== memberId && o.total > total).length + 1;
  return {
    memberId,
    total,
    rank,
    eliminated,
    reasons,
    warningRun,
    onWarningList: !eliminated && warningRun >= scheme.warningAfter,
  };
};

export const quarterDecider: Decider<Quarter, QuarterCommand, QuarterEvent, ScoringScheme> = {
  initialState: initialQuarter,
  evolve: evolveQuarter,
  decide: (command, state, ctx: Ctx) => {
    const today = businessDateOf(ctx.now);
    const scheme = ctx.rules;
    switch (command.type) {
      case 'RecordScore': {
        if (state.entries.get(command.memberId)?.entryId === command.entryId) return [];
        const voided = state.voided.get(command.memberId);
        // After close only an upheld objection reopens one member's score.
        if (state.closed && !voided?.afterClose) throw new IllegalTransition('quarter closed', command.type);
        // Once publicised, the scores stand as shown (M-APL-1): only a score voided on objection is entered again.
        if (state.publicity && !voided) throw new IllegalTransition('publicity', command.type);
        if (command.notActive) throw new NotEligible([`M-SCORE: ${command.notActive}`]);
        const kind = periodKind(command.quarter);
        if (state.schemeVersion === null && kind !== scheme.period)
          throw new ConditionsNotMet([
            `M-SCORE-7: scoring scheme version ${scheme.version} scores by ${scheme.period}; ${command.quarter} is a ${kind}`,
          ]);
        const { points, total } = scoreOf(command.inputs, scheme);
        const recorded: ScoreRecorded = {
          type: 'ScoreRecorded.v1',
          data: {
            quarter: command.quarter,
            memberId: command.memberId,
            entryId: command.entryId,
            inputs: command.inputs,
            evidence: command.evidence,
            points,
            total,
            schemeVersion: scheme.version,
            supersedes: state.entries.get(command.memberId)?.entryId ?? null,
            afterAppeal: state.closed ? voided!.appealId : null,
          },
        };
        if (!state.closed) return [recorded];
        const previous = state.outcomes.get(command.memberId);
        if (!previous) return [recorded];
        const closed = state.closed;
        const previousRun = closed.previousRuns[command.memberId] ?? 0;
        const outcome = redecide(command.memberId, total, previousRun, closed.decision, scheme);
        const revised: MemberOutcomeRevised = {
          type: 'MemberOutcomeRevised.v1',
          data: {
            quarter: command.quarter,
            memberId: command.memberId,
            appealId: voided!.appealId,
            previous,
            outcome,
            reason: `objection ${voided!.appealId} upheld: this member re-decided alone, the rest of the close stands`,
          },
        };
        return [recorded, revised];
      }
      case 'OpenScorePublicity': {
        if (state.closed) throw new IllegalTransition('quarter closed', command.type);
        if (state.publicity) throw new IllegalTransition('publicity open', command.type);
        if (state.entries.size === 0) throw new ConditionsNotMet([`no score is recorded for ${command.quarter}`]);
        const ends = ctx.calendar.addWorkingDays(today, scheme.publicityWorkingDays);
        return [
          {
            type: 'ScorePublicityOpened.v1',
            data: { quarter: command.quarter, openedDate: today, endsDate: ends.date, provisional: ends.provisional },
          },
        ];
      }
      case 'CloseQuarter': {
        // Idempotent: a close asked again answers the close already made.
        if (state.closed) return [];
        const unmet: string[] = [];
        if (state.entries.size === 0 && state.voided.size === 0) unmet.push(`no score is recorded for ${command.quarter}`);
        if (!state.publicity) unmet.push('M-APL-1: the scores have not been publicised (POST …/publicity)');
        else if (today <= state.publicity.endsDate)
          unmet.push(`M-APL-1: the scores' publicity runs until the end of ${state.publicity.endsDate}`);
        for (const o of command.openObjections)
          unmet.push(`M-APL-1: the objection ${o.appealId} of member ${o.memberId} is not answered yet`);
        for (const [memberId, v] of state.voided)
          unmet.push(`M-APL-2: member ${memberId}'s score was voided on objection ${v.appealId}; record the corrected score`);
        if (command.previous.scored && !command.previous.closed)
          unmet.push(`M-SCORE-10: ${command.previous.quarter} must be closed first (warning runs count quarter by quarter)`);
        if (unmet.length > 0) throw new ConditionsNotMet(unmet);
        // Members gone by the close are neither ranked nor counted in the cohort: nothing can be decided for them.
        const departed = new Map(command.departed.map((d) => [d.memberId, d.reason]));
        const entries = [...state.entries].map(([memberId, e]) => ({ memberId, total: e.total }));
        const ranked = entries.filter((e) => !departed.has(e.memberId));
        const decision = closeCohort(ranked, command.previous.runs, scheme);
        return [
          {
            type: 'QuarterClosed.v1',
            data: {
              quarter: command.quarter,
              closedDate: today,
              schemeVersion: scheme.version,
              decision,
              previousRuns: Object.fromEntries(ranked.map((e) => [e.memberId, command.previous.runs[e.memberId] ?? 0])),
              notRanked: entries
                .filter((e) => departed.has(e.memberId))
                .map((e) => ({ memberId: e.memberId, total: e.total, reason: departed.get(e.memberId)! })),
            },
          },
        ];
      }
      case 'VoidScore': {
        const entry = state.entries.get(command.memberId);
        if (!entry) throw new NotFound('score', `${command.memberId} in ${command.quarter}`);
        // A correction since the objection was filed already replaced the contested entry.
        if (entry.entryId !== command.entryId) return [];
        return [
          {
            type: 'ScoreVoided.v1',
            data: {
              quarter: command.quarter,
              memberId: command.memberId,
              entryId: command.entryId,
              appealId: command.appealId,
              reason: command.reason,
              afterClose: state.closed !== null,
            },
          },
        ];
      }
    }
  },
};

/** The state's maps as JSON for reads. */
export const quarterView = (q: Quarter) => ({
  quarter: q.quarter,
  schemeVersion: q.schemeVersion,
  status: q.closed ? 'closed' : q.publicity ? 'publicity' : 'open',
  publicity: q.publicity,
  closed: q.closed ? { closedDate: q.closed.closedDate } : null,
  voided: [...q.voided].map(([memberId, v]) => ({ memberId, ...v })),
});
