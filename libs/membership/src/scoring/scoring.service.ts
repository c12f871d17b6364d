import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  deterministicId,
  DomainError,
  newId,
  NotFound,
  RuleSetHistory,
  ValidationFailed,
  type Clock,
  type RecordedEvent,
} from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import {
  CommandPipeline,
  Processes,
  Projections,
  RuleSets,
  ruleSetAt,
  selectEvents,
  type AsOfSelection,
  type CommandContext,
} from '@opc/platform';
import { Appeals } from '../appeals/appeals.service';
import type { ContestedDecision } from '../appeals/appeal.events';
import { memberStreamId } from '../member.decider';
import { foldMember } from '../member.state';
import { MEMBERS_PROJECTION, type MemberDoc } from '../members/member.projection';
import type { ScoringScheme } from '../rules/scoring-scheme';
import type { QuarterCommand } from './quarter.commands';
import { initialQuarter, quarterDecider, quarterView, type Quarter } from './quarter.decider';
import type { QuarterEvent, ScoreRecorded } from './quarter.events';
import { isPeriod, periodDates, periodStreamId, previousPeriod } from './period';
import type { ScoreDto } from './scoring.dto';
import { SCORING_PROJECTION, type QuarterDoc, type ScoreEntryDoc } from './scoring.projection';

export const SCORING = 'scoring';

/** The period in the path: a quarter (2027Q1) or, under a monthly scheme, a month (2027-03). */
export const parseQuarter = (quarter: string): string => {
  if (!isPeriod(quarter))
    throw new ValidationFailed(
      'quarter must be a quarter written YYYYQn with n from 1 to 4 (e.g. 2027Q1) or, under a monthly scheme, a month YYYY-MM',
    );
  return quarter;
};

const foldQuarter = (events: readonly RecordedEvent[]): Quarter =>
  events.reduce((s, e) => quarterDecider.evolve(s, e as unknown as QuarterEvent), initialQuarter());

/**
 * Quarterly scoring (M-SCORE-1..11): entries with evidence, publicity, the cohort's close, and the
 * quarter as read. A quarter is scored under one scheme version: the one its first entry used, or
 * the one in force on its last day.
 */
@Injectable()
export class Scoring {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly processes: Processes,
    private readonly projections: Projections,
    private readonly ruleSets: RuleSets,
    private readonly appeals: Appeals,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The quarter's scheme, as a history of that one version: every decision in the quarter stands under it. */
  private async schemeOf(quarter: string, events?: RecordedEvent[]): Promise<RuleSetHistory<ScoringScheme>> {
    const history = await this.ruleSets.history<ScoringScheme>(SCORING);
    const [first] = events ?? (await this.events.readStream(periodStreamId(quarter), { maxCount: 1 }));
    const version = first ? (first as unknown as ScoreRecorded).data.schemeVersion : undefined;
    const scheme = (version !== undefined ? history.version(version) : undefined) ?? history.inForceOn(periodDates(quarter).last);
    return new RuleSetHistory([scheme]);
  }

  private async run(quarter: string, command: QuarterCommand, ctx: CommandContext, occurredAt?: string) {
    const r = await this.pipeline.run(quarterDecider, await this.schemeOf(quarter), periodStreamId(quarter), command, {
      actor: ctx.actor,
      commandId: ctx.commandId,
      correlationId: ctx.correlationId,
      requestHash: ctx.requestHash,
      occurredAt,
    });
    // Eliminations reach the member streams through a process manager: the reply's position covers them.
    return {
      ...r,
      position: await this.processes.settle(
        r.position,
        r.events.map((e) => e.type),
      ),
    };
  }

  /** M-SCORE: "not active during the quarter" — onboarded after it ended, or gone before it began. */
  private async notActive(memberId: string, quarter: string): Promise<string | null> {
    const member = foldMember(await this.events.readStream(memberStreamId(memberId)));
    if (member.status === null) throw new NotFound('member', memberId);
    const { first, last } = periodDates(quarter);
    const onboarded = member.onboarding?.date ?? null;
    if (onboarded === null || onboarded > last)
      return `member ${memberId} was not active during ${quarter} (${onboarded ? `onboarded ${onboarded}` : 'never onboarded'})`;
    if (member.status === 'exited' && member.exit && member.exit.exitDate <= first)
      return `member ${memberId} was not active during ${quarter} (left ${member.exit.exitDate})`;
    return null;
  }

  async record(quarterParam: string, body: ScoreDto, ctx: CommandContext) {
    const quarter = parseQuarter(quarterParam);
    if (body.attendance.attended > body.attendance.held)
      throw new ValidationFailed('attendance.attended cannot exceed attendance.held', {
        errors: ['attendance.attended: more than attendance.held'],
      });
    const entryId = ctx.commandId ? deterministicId('score', ctx.commandId) : newId();
    const notActive = await this.notActive(body.memberId, quarter);
    const r = await this.run(
      quarter,
      {
        type: 'RecordScore',
        quarter,
        memberId: body.memberId,
        entryId,
        inputs: {
          attendance: { ...body.attendance },
          completion: { ...body.completion },
          revenue: { ...body.revenue },
          highestAward: body.highestAward,
          contributions: body.contributions,
        },
        evidence: body.evidence.map((e, i) => ({
          evidenceId: deterministicId('evidence', entryId, i),
          dimension: e.dimension,
          kind: e.kind ?? e.dimension,
          fileRef: e.fileRef,
          sha256: e.sha256.toLowerCase(),
        })),
        notActive,
      },
      ctx,
      body.occurredAt,
    );
    const recorded = r.events.find((e): e is ScoreRecorded => e.type === 'ScoreRecorded.v1');
    const i = r.events.findIndex((e) => e.type === 'ScoreRecorded.v1');
    return {
      id: recorded?.data.entryId ?? entryId,
      streamId: r.streamId,
      revision: r.revision,
      position: r.position,
      eventId: r.eventIds[i] ?? null,
      memberId: body.memberId,
      quarter,
      points: recorded?.data.points ?? null,
      total: recorded?.data.total ?? null,
      schemeVersion: recorded?.data.schemeVersion ?? null,
    };
  }

  async publicity(quarterParam: string, ctx: CommandContext) {
    const quarter = parseQuarter(quarterParam);
    const r = await this.run(quarter, { type: 'OpenScorePublicity', quarter }, ctx);
    const opened = r.events.find((e) => e.type === 'ScorePublicityOpened.v1');
    return {
      id: quarter,
      streamId: r.streamId,
      revision: r.revision,
      position: r.position,
      publicity:
        opened?.type === 'ScorePublicityOpened.v1'
          ? { openedDate: opened.data.openedDate, endsDate: opened.data.endsDate }
          : null,
    };
  }

  async close(quarterParam: string, ctx: CommandContext) {
    const quarter = parseQuarter(quarterParam);
    const before = previousPeriod(quarter);
    const previous = foldQuarter(await this.events.readStream(periodStreamId(before)));
    const runs = Object.fromEntries([...previous.outcomes].map(([memberId, o]) => [memberId, o.warningRun]));
    const stream = periodStreamId(quarter);
    const head = await this.events.headPosition();
    const openObjections = (await this.appeals.list({ status: 'open', minPosition: head })).items
      .filter((a) => a.decision.streamId === stream)
      .map((a) => ({ appealId: a.id, memberId: a.memberId }));
    const departed = await this.departed(quarter, head);
    const r = await this.run(
      quarter,
      {
        type: 'CloseQuarter',
        quarter,
        previous: {
          quarter: before,
          closed: previous.closed !== null,
          scored: previous.entries.size > 0 || previous.closed !== null,
          runs,
        },
        openObjections,
        departed,
      },
      ctx,
    );
    // Asked again: the close already made, read back.
    const state = foldQuarter(await this.events.readStream(stream));
    const decision = state.closed!.decision;
    return {
      id: quarter,
      streamId: r.streamId,
      revision: r.revision,
      position: r.position,
      closedDate: state.closed!.closedDate,
      cohort: decision.cohort,
      cut: decision.cut,
      cutTotal: decision.cutTotal,
      eliminated: decision.eliminated,
      warningList: decision.warningList,
    };
  }

  /** The members scored in the period who are no longer in the community (from the members' read model, caught up). */
  private async departed(period: string, head: number): Promise<{ memberId: string; reason: string }[]> {
    await this.projections.waitFor(head, [MEMBERS_PROJECTION]);
    const gone = await this.projections
      .reader(MEMBERS_PROJECTION, 'members')
      .find<MemberDoc>({ 'scoreFacts.quarter': period, status: { $nin: ['active', 'exiting'] } });
    return gone.map((d) => ({
      memberId: d._id,
      reason: d.state.exit
        ? `left on ${d.state.exit.exitDate} (${d.state.exit.kind}) before the close`
        : `${d.state.status} at the close`,
    }));
  }

  /** GET /scoring/quarters/{quarter}: entries, ranking, status — current, or as of a moment (the appeal handler's view). */
  async view(quarterParam: string, sel: AsOfSelection) {
    const quarter = parseQuarter(quarterParam);
    const all = await this.events.readStream(periodStreamId(quarter));
    const events = selectEvents(all, sel);
    const state = foldQuarter(events);
    const standing = new Map<string, { event: RecordedEvent; data: ScoreRecorded['data'] }>();
    for (const e of events) {
      if (e.type === 'ScoreRecorded.v1')
        standing.set((e.data as ScoreRecorded['data']).memberId, { event: e, data: e.data as ScoreRecorded['data'] });
      if (e.type === 'ScoreVoided.v1') standing.delete((e.data as { memberId: string }).memberId);
    }
    const entries = [...standing.values()].map(({ event, data }) => ({
      memberId: data.memberId,
      entryId: data.entryId,
      eventId: event.metadata.eventId,
      inputs: data.inputs,
      points: data.points,
      total: data.total,
      evidence: data.evidence,
      supersedes: data.supersedes,
      recordedAt: event.metadata.recordedAt,
    }));
    const ranking = state.closed ? state.closed.decision.ranking.map((o) => state.outcomes.get(o.memberId) ?? o) : null;
    const last = events[events.length - 1];
    const scheme = (await this.schemeOf(quarter, all)).latest();
    return {
      ...quarterView(state),
      quarter,
      entries,
      ranking,
      decision: state.closed
        ? {
            cohort: state.closed.decision.cohort,
            share: state.closed.decision.share,
            cut: state.closed.decision.cut,
            cutTotal: state.closed.decision.cutTotal,
            eliminated: ranking!.filter((o) => o.eliminated).map((o) => o.memberId),
            warningList: ranking!.filter((o) => o.onWarningList).map((o) => o.memberId),
            notRanked: state.closed.notRanked,
            stats: state.closed.decision.stats,
          }
        : null,
      revision: last?.revision ?? -1,
      position: last?.position ?? 0,
      ruleSet:
        sel.mode === 'current'
          ? { id: scheme.id, version: scheme.version }
          : ruleSetAt(await this.schemeOf(quarter, all), sel, events, this.clock.now()),
      ...(sel.mode === 'current'
        ? {}
        : {
            asOf: {
              mode: sel.mode,
              at: sel.at?.toISOString() ?? null,
              atRevision: sel.revision,
              eventsFolded: events.length,
              eventsSince: all.length - events.length,
            },
          }),
    };
  }

  async list(minPosition?: number) {
    await this.projections.waitFor(minPosition, [SCORING_PROJECTION]);
    const docs = await this.projections.reader(SCORING_PROJECTION, 'quarters').find<QuarterDoc>({}, { sort: { _id: -1 } });
    return { items: docs.map(({ _id, ...d }) => ({ quarter: _id, ...d })), total: docs.length };
  }

  /** M-APL-1: a score is contested during its quarter's publicity, through the appeal flow. */
  async findScore(memberId: string, eventId: string): Promise<ContestedDecision | null> {
    await this.projections.waitFor(await this.events.headPosition(), [SCORING_PROJECTION]);
    const entry = await this.projections.reader(SCORING_PROJECTION, 'entries').findOne<ScoreEntryDoc>({ _id: eventId });
    if (!entry || entry.memberId !== memberId) return null;
    const quarter = await this.projections.reader(SCORING_PROJECTION, 'quarters').findOne<QuarterDoc>({ _id: entry.quarter });
    if (!quarter?.publicity)
      throw new DomainError('CONDITIONS_NOT_MET', `M-APL-1: the scores of ${entry.quarter} are not publicised yet`, {
        reasons: [`M-APL-1: the scores of ${entry.quarter} are not publicised yet`],
      });
    return {
      streamId: entry.streamId,
      eventId,
      revision: entry.revision,
      position: entry.position,
      type: 'ScoreRecorded.v1',
      recordedAt: entry.recordedAt,
      occurredAt: entry.occurredAt,
      ruleSet: entry.ruleSet,
      clause: 'M-SCORE-11',
      penaltyId: null,
      windowOpensDate: quarter.publicity.openedDate,
      windowEndsDate: quarter.publicity.endsDate,
    };
  }
}
