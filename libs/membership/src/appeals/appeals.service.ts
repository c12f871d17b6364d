import { Inject, Injectable } from '@nestjs/common';
import {
  businessDateOf,
  CLOCK,
  Forbidden,
  NotEligible,
  NotFound,
  type Clock,
  type RecordedEvent,
  type WorkingDays,
} from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { CommandPipeline, Processes, Projections, RuleSets, WORKING_DAYS, type CommandContext } from '@opc/platform';
import { disciplineStreamId } from '../discipline/discipline.decider';
import type { PenaltyImposed } from '../discipline/discipline.events';
import { disciplineSummary, foldDiscipline } from '../discipline/discipline.state';
import type { ForcedExitDecided } from '../exit/exit.events';
import { memberStreamId } from '../member.decider';
import { foldMember, toMemberView } from '../member.state';
import { MEMBERSHIP } from '../rules/membership-rule-sets';
import type { MembershipRules } from '../rules/membership-rules';
import { appealDecider, appealIdOf, appealStreamId } from './appeal.decider';
import type { AppealEvent, ContestedDecision } from './appeal.events';
import { APPEALS_PROJECTION, type AppealDoc } from './appeals.projection';

const entry = (e: RecordedEvent) => ({
  streamId: e.streamId,
  revision: e.revision,
  position: e.position,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
});

/**
 * Finds an appealable decision that lives on another stream than the member's own (a quarter's
 * score, a reward): each slice that makes such decisions registers one.
 */
export interface DecisionFinder {
  /** The decision with this event id concerning the member, or null when it is none of this finder's. */
  find(memberId: string, eventId: string): Promise<ContestedDecision | null>;
}

/**
 * Appeals (M-APL-1, M-APL-2): filing against a decision on the member's record, the answer, and
 * the appeal handler's case view — the decision, the member as recorded when it was taken, the
 * rule then in force, and everything learned since.
 */
@Injectable()
export class Appeals {
  private readonly finders: DecisionFinder[] = [];

  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly projections: Projections,
    private readonly processes: Processes,
    private readonly ruleSets: RuleSets,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_DAYS) private readonly calendar: WorkingDays,
  ) {}

  /** The membership rules of a version (as stamped on a decision): every version published stays readable. */
  private async versionOf(version: number): Promise<MembershipRules> {
    const history = await this.ruleSets.history<MembershipRules>(MEMBERSHIP);
    return history.all().find((v) => v.version === version) ?? history.latest();
  }

  private rules() {
    return this.ruleSets.history<MembershipRules>(MEMBERSHIP);
  }

  private async recordOf(memberId: string) {
    const [membership, discipline] = await Promise.all([
      this.events.readStream(memberStreamId(memberId)),
      this.events.readStream(disciplineStreamId(memberId)),
    ]);
    if (membership.length === 0) throw new NotFound('member', memberId);
    return { membership, discipline };
  }

  registerFinder(finder: DecisionFinder): void {
    this.finders.push(finder);
  }

  /** The decision named, found on the member's own record (or by a slice's finder), with its publicity window. */
  private async contested(memberId: string, decisionEventId: string): Promise<ContestedDecision> {
    const { membership, discipline } = await this.recordOf(memberId);
    const event = [...membership, ...discipline].find((e) => e.metadata.eventId === decisionEventId);
    if (!event) {
      for (const finder of this.finders) {
        const found = await finder.find(memberId, decisionEventId);
        if (found) return found;
      }
      throw new NotFound('decision', `${decisionEventId} on the record of member ${memberId}`);
    }
    const base = {
      streamId: event.streamId,
      eventId: event.metadata.eventId,
      revision: event.revision,
      position: event.position,
      type: event.type,
      recordedAt: event.metadata.recordedAt,
      occurredAt: event.metadata.occurredAt,
      ruleSet: event.metadata.ruleSet,
    };
    if (event.type === 'PenaltyImposed.v1') {
      const d = (event as unknown as PenaltyImposed).data;
      return { ...base, clause: d.clause, penaltyId: d.penaltyId, windowEndsDate: d.publicityEndsDate };
    }
    if (event.type === 'ForcedExitDecided.v2') {
      const d = (event as unknown as ForcedExitDecided).data;
      if (d.orderedBy)
        throw new NotEligible([
          `this forced exit was ordered by the penalty ${d.orderedBy.eventId}: appeal that decision, and its reversal annuls the exit too`,
        ]);
      const days = (await this.versionOf(event.metadata.ruleSet.version)).discipline.publicityWorkingDays;
      return {
        ...base,
        clause: d.clause,
        penaltyId: null,
        windowEndsDate: this.calendar.addWorkingDays(d.decidedDate, days).date,
      };
    }
    throw new NotEligible([`event ${decisionEventId} (${event.type}) is not a decision that can be appealed`]);
  }

  async file(memberId: string, decisionEventId: string, grounds: string, ctx: CommandContext, occurredAt?: string) {
    const decision = await this.contested(memberId, decisionEventId);
    const appealId = appealIdOf(decision.eventId);
    const r = await this.pipeline.run(
      appealDecider,
      await this.rules(),
      appealStreamId(appealId),
      { type: 'FileAppeal', appealId, memberId, decision, grounds },
      { ...this.meta(ctx), occurredAt },
    );
    const filed = r.events.find((e) => e.type === 'AppealFiled.v1');
    return {
      id: appealId,
      streamId: r.streamId,
      revision: r.revision,
      position: r.position,
      answerDue: filed?.type === 'AppealFiled.v1' ? filed.data.answerDue : null,
    };
  }

  async decide(appealId: string, upheld: boolean, reason: string, ctx: CommandContext, occurredAt?: string) {
    const r = await this.pipeline.run(
      appealDecider,
      await this.rules(),
      appealStreamId(appealId),
      { type: 'DecideAppeal', appealId, upheld, reason },
      { ...this.meta(ctx), occurredAt },
    );
    // An upheld appeal's reversal (on the record, on the membership) is readable from the reply's position.
    const position = await this.processes.settle(
      r.position,
      r.events.map((e) => e.type),
    );
    return { id: appealId, streamId: r.streamId, revision: r.revision, position };
  }

  private meta(ctx: CommandContext) {
    return { actor: ctx.actor, commandId: ctx.commandId, correlationId: ctx.correlationId, requestHash: ctx.requestHash };
  }

  /**
   * The case view, in one call (M-APL-2): the contested decision with its reasons; the membership
   * and the disciplinary record folded from the events recorded up to the decision (its global
   * position: what the system knew when it decided); the rule-set version stamped on the decision
   * and that clause's text in it; every event recorded on those streams since, listed; the appeal's history.
   */
  async caseView(appealId: string, scope: { memberId?: string }) {
    const own = await this.events.readStream(appealStreamId(appealId));
    if (own.length === 0) throw new NotFound('appeal', appealId);
    const filed = own[0] as unknown as Extract<AppealEvent, { type: 'AppealFiled.v1' }>;
    const { memberId, decision } = filed.data;
    if (scope.memberId !== undefined && scope.memberId !== memberId)
      throw new Forbidden('a member may read only its own appeals');
    const { membership, discipline } = await this.recordOf(memberId);
    const known = (e: RecordedEvent) => e.position <= decision.position;
    // The decision, where it is (the member's streams, or another slice's: a quarter, a reward).
    const [decisionEvent] = await this.events.readStream(decision.streamId, { fromRevision: decision.revision, maxCount: 1 });
    const atDecision = businessDateOf(new Date(decision.recordedAt));
    const record = foldDiscipline(discipline.filter(known));
    // The rule set the decision names: the membership rules, or another (a score: the scoring scheme).
    const onMembership = decision.ruleSet.id === MEMBERSHIP;
    const rules = await this.versionOf(onMembership ? decision.ruleSet.version : 1);
    const other = onMembership ? null : (await this.ruleSets.history(decision.ruleSet.id)).version(decision.ruleSet.version);
    const clause = onMembership && decision.clause ? (rules.discipline.clauses[decision.clause] ?? null) : null;
    // Decided in a stream of its own (a quarter, a reward): what that stream learned since about this member.
    const elsewhere = [memberStreamId(memberId), disciplineStreamId(memberId)].includes(decision.streamId)
      ? []
      : (await this.events.readStream(decision.streamId)).filter((e) => {
          const about = (e.data as { memberId?: unknown }).memberId;
          return about === undefined || about === memberId;
        });
    const state = foldAppeal(own);
    const today = businessDateOf(this.clock.now());
    return {
      appeal: {
        id: appealId,
        memberId,
        status: state.status,
        grounds: filed.data.grounds,
        filedDate: filed.data.filedDate,
        answerDue: filed.data.answerDue,
        overdue: state.status === 'open' && today > filed.data.answerDue.date,
        outcome: state.answer,
      },
      decision: { ...entry(decisionEvent), windowEndsDate: decision.windowEndsDate },
      stateAtDecision: {
        knownUpTo: { position: decision.position, recordedAt: decision.recordedAt },
        membership: toMemberView(foldMember(membership.filter(known))),
        discipline: { summary: disciplineSummary(record, atDecision), record },
      },
      ruleSet: {
        ...decision.ruleSet,
        effectiveFrom: other ? other.effectiveFrom : rules.effectiveFrom,
        clause,
        // A forced exit under M-EXIT-2 or a clause that orders it: the ban the rule set gave it.
        forcedExit:
          decision.type === 'ForcedExitDecided.v2' && decision.clause
            ? { clause: decision.clause, banYears: (rules.bans.byClause[decision.clause] ?? rules.bans.default).years }
            : null,
      },
      learnedSince: [...membership, ...discipline, ...elsewhere]
        .filter((e) => !known(e))
        .sort((a, b) => a.position - b.position)
        .map(entry),
      history: own.map(entry),
    };
  }

  async list(query: { status?: string; overdue?: boolean; memberId?: string; minPosition?: number }) {
    await this.projections.waitFor(query.minPosition, [APPEALS_PROJECTION]);
    const today = businessDateOf(this.clock.now());
    const filter: Record<string, unknown> = {};
    if (query.status) filter.status = query.status;
    if (query.memberId) filter.memberId = query.memberId;
    if (query.overdue === true) Object.assign(filter, { status: 'open', answerDueDate: { $lt: today } });
    if (query.overdue === false) filter.$or = [{ status: { $ne: 'open' } }, { answerDueDate: { $gte: today } }];
    const docs = await this.projections.reader(APPEALS_PROJECTION, 'appeals').find<AppealDoc>(filter, {
      sort: { filedDate: 1, _id: 1 },
    });
    const items = docs.map((d) => ({
      id: d._id,
      memberId: d.memberId,
      status: d.status,
      decision: { eventId: d.decision.eventId, type: d.decision.type, clause: d.decision.clause, streamId: d.decision.streamId },
      grounds: d.grounds,
      filedDate: d.filedDate,
      answerDueDate: d.answerDueDate,
      overdue: d.status === 'open' && today > d.answerDueDate,
      outcome: d.outcome,
    }));
    return { items, total: items.length };
  }

  /** M-ARC-1: a member's appeals and their outcomes, for the archive (the list caught up with every write so far). */
  async ofMember(memberId: string) {
    return (await this.list({ memberId, minPosition: await this.events.headPosition() })).items;
  }
}

const foldAppeal = (events: RecordedEvent[]) =>
  events.reduce((s, e) => appealDecider.evolve(s, e as unknown as AppealEvent), appealDecider.initialState());
