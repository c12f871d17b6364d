import { Inject, Injectable } from '@nestjs/common';
import { deterministicId, newId, NotFound } from '@opc/kernel';

import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { CommandPipeline, Projections, RuleSets, type CommandContext } from '@opc/platform';
import type { ContestedDecision } from '../appeals/appeal.events';
import { Appeals } from '../appeals/appeals.service';
import { DisciplineRecords } from '../discipline/discipline.records';
import { memberStreamId } from '../member.decider';
import { foldMember } from '../member.state';
import { MEMBERSHIP } from '../rules/membership-rule-sets';
import type { MembershipRules } from '../rules/membership-rules';
import type { RewardClause } from './reward.events';
import { rewardDecider, rewardStreamId, volunteerDecider, volunteerStreamId } from './reward.decider';
import { REWARDS_PROJECTION, type RewardDoc } from './rewards.projection';

type EvidenceRef = { kind?: string; fileRef: string; sha256: string; note?: string };

/**
 * Rewards (M-REW-1..4): volunteer services on the member's record, a reward decided from the
 * record, publicised, objected to through the appeal flow, delivered.
 */
@Injectable()
export class Rewards {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly projections: Projections,
    private readonly ruleSets: RuleSets,
    private readonly records: DisciplineRecords,
    private readonly appeals: Appeals,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  private rules() {
    return this.ruleSets.history<MembershipRules>(MEMBERSHIP);
  }

  private meta(ctx: CommandContext, occurredAt?: string) {
    return {
      actor: ctx.actor,
      commandId: ctx.commandId,
      correlationId: ctx.correlationId,
      requestHash: ctx.requestHash,
      occurredAt,
    };
  }

  private async member(memberId: string) {
    const member = foldMember(await this.events.readStream(memberStreamId(memberId)));
    if (member.status === null) throw new NotFound('member', memberId);
    return member;
  }

  async volunteer(memberId: string, body: { date: string; activity: string; occurredAt?: string }, ctx: CommandContext) {
    await this.member(memberId);
    const serviceId = ctx.commandId ? deterministicId('volunteer', ctx.commandId) : newId();
    const r = await this.pipeline.run(
      volunteerDecider,
      await this.rules(),
      volunteerStreamId(memberId),
      { type: 'RecordVolunteerService', serviceId, memberId, date: body.date, activity: body.activity },
      this.meta(ctx, body.occurredAt),
    );
    return { id: serviceId, streamId: r.streamId, revision: r.revision, position: r.position };
  }

  async grant(
    memberId: string,
    body: { clause: RewardClause; option?: string; amountFen?: number; evidence: EvidenceRef[]; occurredAt?: string },
    ctx: CommandContext,
  ) {
    const member = await this.member(memberId);
    const rewardId = ctx.commandId ? deterministicId('reward', ctx.commandId) : newId();
    const volunteerDates = (await this.events.readStream(volunteerStreamId(memberId))).map(
      (e) => (e.data as { date: string }).date,
    );
    const r = await this.pipeline.run(
      rewardDecider,
      await this.rules(),
      rewardStreamId(rewardId),
      {
        type: 'GrantReward',
        rewardId,
        memberId,
        clause: body.clause,
        ...(body.option !== undefined ? { option: body.option } : {}),
        ...(body.amountFen !== undefined ? { amountFen: body.amountFen } : {}),
        evidence: body.evidence.map((e, i) => ({
          evidenceId: deterministicId('evidence', rewardId, i),
          kind: e.kind ?? 'evidence',
          fileRef: e.fileRef,
          sha256: e.sha256.toLowerCase(),
          ...(e.note ? { note: e.note } : {}),
        })),
        record: {
          onboardedDate: member.onboarding?.date ?? null,
          status: member.status!,
          violations: await this.records.violations(memberId),
          volunteerDates,
        },
      },
      this.meta(ctx, body.occurredAt),
    );
    const granted = r.events.find((e) => e.type === 'RewardGranted.v1');
    return {
      id: rewardId,
      streamId: r.streamId,
      revision: r.revision,
      position: r.position,
      eventId: r.eventIds[0] ?? null,
      ...(granted?.type === 'RewardGranted.v1'
        ? {
            clause: granted.data.clause,
            option: granted.data.option,
            amountFen: granted.data.amountFen,
            benefit: granted.data.benefit,
            publicityEndsDate: granted.data.publicityEndsDate,
            deliveryDue: granted.data.deliveryDue,
          }
        : {}),
    };
  }

  async deliver(rewardId: string, body: { reference?: string; note?: string; occurredAt?: string }, ctx: CommandContext) {
    const open = (await this.appeals.list({ status: 'open', minPosition: await this.events.headPosition() })).items.find(
      (a) => a.decision.streamId === rewardStreamId(rewardId),
    );
    const r = await this.pipeline.run(
      rewardDecider,
      await this.rules(),
      rewardStreamId(rewardId),
      { type: 'DeliverReward', rewardId, reference: body.reference, note: body.note, openObjection: open?.id ?? null },
      this.meta(ctx, body.occurredAt),
    );
    return { id: rewardId, streamId: r.streamId, revision: r.revision, position: r.position };
  }

  async get(rewardId: string, minPosition?: number) {
    await this.projections.waitFor(minPosition, [REWARDS_PROJECTION]);
    const doc = await this.projections.reader(REWARDS_PROJECTION, 'rewards').findOne<RewardDoc>({ _id: rewardId });
    if (!doc) throw new NotFound('reward', rewardId);
    return toView(doc);
  }

  async list(query: { status?: string; memberId?: string; minPosition?: number }) {
    await this.projections.waitFor(query.minPosition, [REWARDS_PROJECTION]);
    const filter: Record<string, unknown> = {};
    if (query.status) filter.status = query.status;
    if (query.memberId) filter.memberId = query.memberId;
    const docs = await this.projections
      .reader(REWARDS_PROJECTION, 'rewards')
      .find<RewardDoc>(filter, { sort: { decidedDate: 1, _id: 1 } });
    return { items: docs.map(toView), total: docs.length };
  }

  /** M-ARC-1: the member's rewards and volunteer services (caught up with every write so far). */
  async ofMember(memberId: string) {
    const rewards = (await this.list({ memberId, minPosition: await this.events.headPosition() })).items;
    const volunteerServices = (await this.events.readStream(volunteerStreamId(memberId))).map((e) => e.data);
    return { rewards, volunteerServices };
  }

  /** M-REW-4: a reward is objected to during its publicity, through the appeal flow. */
  async findReward(memberId: string, eventId: string): Promise<ContestedDecision | null> {
    await this.projections.waitFor(await this.events.headPosition(), [REWARDS_PROJECTION]);
    const doc = await this.projections.reader(REWARDS_PROJECTION, 'rewards').findOne<RewardDoc>({ eventId });
    if (!doc || doc.memberId !== memberId) return null;
    return {
      streamId: doc.streamId,
      eventId,
      revision: doc.revision,
      position: doc.position,
      type: 'RewardGranted.v1',
      recordedAt: doc.recordedAt,
      occurredAt: doc.occurredAt,
      ruleSet: doc.ruleSet,
      clause: doc.clause,
      penaltyId: null,
      windowEndsDate: doc.publicityEndsDate,
    };
  }
}

const toView = (d: RewardDoc) => {
  const { _id, ...rest } = d;
  return { id: _id, ...rest };
};
