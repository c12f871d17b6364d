import { Inject, Injectable } from '@nestjs/common';
import { businessDateOf, CLOCK, deterministicId, newId, NotFound, type Clock, type RecordedEvent } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import {
  CommandPipeline,
  Projections,
  RuleSets,
  ruleSetAt,
  selectEvents,
  type AsOfSelection,
  type CommandContext,
} from '@opc/platform';
import type { EvaluationCatalogue } from '../rules/catalogue';
import { EVALUATION } from '../rules/evaluation-rule-sets';
import type { CommunitySnapshot } from '../evaluations/evaluation.events';
import { COMMUNITIES_PROJECTION, type CommunityDoc } from './communities.projection';
import type { CommunityCommand } from './community.commands';
import { communityDecider, communityStreamId } from './community.decider';
import { foldCommunity, toCommunityView, type CommunityStatus } from './community.state';

export const COMMUNITY_PAGE_SIZE = 50;

export const historyEntry = (e: RecordedEvent) => ({
  streamId: e.streamId,
  revision: e.revision,
  position: e.position,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
});

export const metaOf = (ctx: CommandContext, occurredAt?: string) => ({
  actor: ctx.actor,
  commandId: ctx.commandId,
  correlationId: ctx.correlationId,
  requestHash: ctx.requestHash,
  occurredAt,
});

/** Communities (C-CAT-1, C-BASIC-1, C-RES-1, C-VALID-1/2): registration and profile, the read of one (as of any moment) and the list. */
@Injectable()
export class Communities {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly projections: Projections,
    private readonly ruleSets: RuleSets,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private rules() {
    return this.ruleSets.history<EvaluationCatalogue>(EVALUATION);
  }

  private today(): string {
    return businessDateOf(this.clock.now());
  }

  private async run(communityId: string, command: CommunityCommand, ctx: CommandContext, occurredAt?: string) {
    const r = await this.pipeline.run(
      communityDecider,
      await this.rules(),
      communityStreamId(communityId),
      command,
      metaOf(ctx, occurredAt),
    );
    return { id: communityId, streamId: r.streamId, revision: r.revision, position: r.position };
  }

  register(
    body: { name: string; operator: string; areaM2: number; basicConditions: Record<string, boolean> },
    ctx: CommandContext,
    occurredAt?: string,
  ) {
    // A repeat with the same Idempotency-Key lands on the same community.
    const communityId = ctx.idempotencyKey ? deterministicId('community', ctx.actor.id, ctx.idempotencyKey) : newId();
    const basicConditions = Object.fromEntries(Object.entries(body.basicConditions));
    return this.run(communityId, { type: 'RegisterCommunity', communityId, ...body, basicConditions }, ctx, occurredAt);
  }

  changeArea(communityId: string, areaM2: number, reason: string, ctx: CommandContext, occurredAt?: string) {
    return this.run(communityId, { type: 'ChangeCommunityArea', communityId, areaM2, reason }, ctx, occurredAt);
  }

  changeConditions(
    communityId: string,
    conditions: Record<string, boolean>,
    reason: string,
    ctx: CommandContext,
    occurredAt?: string,
  ) {
    const basicConditions = Object.fromEntries(Object.entries(conditions));
    return this.run(communityId, { type: 'ChangeBasicConditions', communityId, basicConditions, reason }, ctx, occurredAt);
  }

  private async stream(communityId: string): Promise<RecordedEvent[]> {
    const events = await this.events.readStream(communityStreamId(communityId));
    if (events.length === 0) throw new NotFound('community', communityId);
    return events;
  }

  /** The community as an evaluation finds it when opened (C-CAT-1, C-BASIC-1). */
  async snapshot(communityId: string): Promise<CommunitySnapshot> {
    const c = foldCommunity(await this.stream(communityId));
    return {
      communityId,
      name: c.name,
      operator: c.operator,
      areaM2: c.areaM2,
      basicConditions: c.basicConditions,
      registeredDate: c.registeredDate!,
    };
  }

  /**
   * One community, folded from its stream: now, or as of a moment (asOf / asOfOccurred /
   * atRevision). Its status and grade are judged on the business date of that moment, so
   * `?asOfOccurred=<date>` answers "what grade did it hold on that date".
   */
  async read(communityId: string, sel: AsOfSelection) {
    const all = await this.stream(communityId);
    const folded = selectEvents(all, sel);
    if (folded.length === 0) throw new NotFound('community', `${communityId} (it did not exist at the requested moment)`);
    const last = folded[folded.length - 1];
    const at = sel.mode === 'current' ? this.clock.now() : (sel.at ?? new Date(last.metadata.occurredAt));
    return {
      ...toCommunityView(foldCommunity(folded), businessDateOf(at)),
      revision: last.revision,
      position: last.position,
      ruleSet: ruleSetAt(await this.rules(), sel, folded, this.clock.now()),
      asOf:
        sel.mode === 'current'
          ? null
          : {
              mode: sel.mode,
              at: sel.at?.toISOString() ?? null,
              atRevision: sel.revision,
              eventsFolded: folded.length,
              eventsSince: all.length - folded.length,
            },
    };
  }

  async history(communityId: string) {
    const events = await this.stream(communityId);
    return { id: communityId, streamId: communityStreamId(communityId), events: events.map(historyEntry) };
  }

  /** C-VALID-1: the list by grade, category, status today, and validity ending on or before a date. */
  async list(q: {
    grade?: string;
    category?: string;
    status?: CommunityStatus;
    expiringBefore?: string;
    page: number;
    minPosition?: number;
  }) {
    await this.projections.waitFor(q.minPosition, [COMMUNITIES_PROJECTION]);
    const today = this.today();
    const and: Record<string, unknown>[] = [];
    if (q.grade) and.push({ grade: q.grade });
    if (q.category) and.push({ category: q.category });
    // A result recorded valid is lapsed from its exclusive end on, whether or not the scheduler has recorded it yet.
    if (q.status === 'valid') and.push({ resultStatus: 'valid', validUntil: { $gt: today } });
    if (q.status === 'lapsed')
      and.push({ $or: [{ resultStatus: 'lapsed' }, { resultStatus: 'valid', validUntil: { $lte: today } }] });
    if (q.status === 'revoked') and.push({ resultStatus: 'revoked' });
    if (q.status === 'none') and.push({ resultStatus: { $in: [null, 'vetoed'] } });
    if (q.expiringBefore) and.push({ resultStatus: 'valid', validUntil: { $gt: today, $lte: q.expiringBefore } });
    const filter = and.length > 0 ? { $and: and } : {};
    const reader = this.projections.reader(COMMUNITIES_PROJECTION, 'communities');
    const [docs, total] = await Promise.all([
      reader.find<CommunityDoc>(filter, {
        sort: { name: 1, _id: 1 },
        skip: (q.page - 1) * COMMUNITY_PAGE_SIZE,
        limit: COMMUNITY_PAGE_SIZE,
      }),
      reader.count(filter),
    ]);
    return {
      items: docs.map((d) => ({ ...toCommunityView(d.state, today), revision: d.revision, position: d.position })),
      total,
      page: q.page,
      pageSize: COMMUNITY_PAGE_SIZE,
      pages: Math.max(1, Math.ceil(total / COMMUNITY_PAGE_SIZE)),
    };
  }
}
