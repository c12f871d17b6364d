import { Inject, Injectable } from '@nestjs/common';
import { deterministicId, Forbidden, newId, NotFound, type RecordedEvent } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { CommandPipeline, Projections, RuleSets, type CommandContext, type DeadlineAction } from '@opc/platform';
import { memberStreamId } from '../member.decider';
import { foldMember } from '../member.state';
import { PAGE_SIZE } from '../members/member.queries';
import { MEMBERSHIP } from '../rules/membership-rule-sets';
import type { MembershipRules } from '../rules/membership-rules';
import type { RequestCommand } from './request.commands';
import { requestDecider, requestStreamId } from './request.decider';
import type { RequestKind } from './request.events';
import { foldRequestDoc, REQUESTS_PROJECTION, type RequestDoc } from './requests.projection';

type Scope = { memberId?: string };

/**
 * Service commitments (M-SVC-1): a member's request or complaint, its response within 2 working
 * days and its solution within 7; the scheduler records each due date that passed unanswered.
 */
@Injectable()
export class Requests {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly projections: Projections,
    private readonly ruleSets: RuleSets,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  private rules() {
    return this.ruleSets.history<MembershipRules>(MEMBERSHIP);
  }

  private async run(
    requestId: string,
    command: RequestCommand,
    ctx: CommandContext,
    occurredAt?: string | Date,
    notBefore?: string,
  ) {
    return this.pipeline.run(requestDecider, await this.rules(), requestStreamId(requestId), command, {
      actor: ctx.actor,
      commandId: ctx.commandId,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      requestHash: ctx.requestHash,
      occurredAt,
      ...(notBefore ? { notBefore } : {}),
    });
  }

  async file(
    memberId: string,
    body: { kind: RequestKind; subject: string; text: string; occurredAt?: string },
    ctx: CommandContext,
  ) {
    const memberEvents = await this.events.readStream(memberStreamId(memberId));
    if (memberEvents.length === 0) throw new NotFound('member', memberId);
    const member = foldMember(memberEvents);
    const requestId = ctx.commandId ? deterministicId('request', ctx.commandId) : newId();
    const r = await this.run(
      requestId,
      {
        type: 'FileRequest',
        requestId,
        memberId,
        memberStatus: member.status ?? 'none',
        kind: body.kind,
        subject: body.subject,
        text: body.text,
      },
      ctx,
      body.occurredAt,
      // Nothing about a member happened before it applied.
      memberEvents[0].metadata.occurredAt,
    );
    const filed = r.events.find((e) => e.type === 'RequestFiled.v1');
    return {
      id: requestId,
      streamId: r.streamId,
      revision: r.revision,
      position: r.position,
      responseDue: filed?.type === 'RequestFiled.v1' ? filed.data.responseDue : null,
      resolutionDue: filed?.type === 'RequestFiled.v1' ? filed.data.resolutionDue : null,
    };
  }

  async respond(requestId: string, body: { text: string; occurredAt?: string }, ctx: CommandContext) {
    const r = await this.run(requestId, { type: 'RespondToRequest', requestId, text: body.text }, ctx, body.occurredAt);
    const responded = r.events.find((e) => e.type === 'RequestResponded.v1');
    return {
      id: requestId,
      streamId: r.streamId,
      revision: r.revision,
      position: r.position,
      late: responded?.type === 'RequestResponded.v1' ? responded.data.late : null,
    };
  }

  async resolve(requestId: string, body: { text: string; occurredAt?: string }, ctx: CommandContext) {
    const r = await this.run(requestId, { type: 'ResolveRequest', requestId, text: body.text }, ctx, body.occurredAt);
    const resolved = r.events.find((e) => e.type === 'RequestResolved.v1');
    return {
      id: requestId,
      streamId: r.streamId,
      revision: r.revision,
      position: r.position,
      late: resolved?.type === 'RequestResolved.v1' ? resolved.data.late : null,
    };
  }

  /**
   * The scheduler's action for a request deadline that passed unanswered: the breach, recorded once
   * (the command id derives from the deadline), dated when the deadline fell due.
   */
  breachAction(type: 'RecordResponseBreach' | 'RecordResolutionBreach'): DeadlineAction {
    return async (deadline, meta) => {
      const { requestId, dueDate } = deadline.action!.payload as { requestId: string; dueDate: string };
      const r = await this.run(
        requestId,
        { type, requestId, dueDate },
        { actor: meta.actor, commandId: meta.commandId, correlationId: deadline._id },
        meta.occurredAt,
      );
      return !r.duplicate && r.events.length > 0;
    };
  }

  /** One request folded from its stream (complete at once), with the stream's events. */
  async get(requestId: string, scope: Scope = {}) {
    const events = await this.events.readStream(requestStreamId(requestId));
    const doc = events.reduce<RequestDoc | null>(foldRequestDoc, null);
    if (!doc) throw new NotFound('request', requestId);
    if (scope.memberId !== undefined && scope.memberId !== doc.memberId)
      throw new Forbidden('a member may read only its own requests');
    return { ...toView(doc), history: events.map(entry) };
  }

  async list(query: {
    status?: string;
    breached?: boolean;
    memberId?: string;
    page?: number;
    pageSize?: number;
    minPosition?: number;
  }) {
    await this.projections.waitFor(query.minPosition, [REQUESTS_PROJECTION]);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? PAGE_SIZE;
    const filter: Record<string, unknown> = {};
    if (query.status) filter.status = query.status;
    if (query.breached !== undefined) filter.breached = query.breached;
    if (query.memberId) filter.memberId = query.memberId;
    const [docs, total] = await Promise.all([
      this.reader().find<RequestDoc>(filter, { sort: { filedAt: 1, _id: 1 }, skip: (page - 1) * pageSize, limit: pageSize }),
      this.reader().count(filter),
    ]);
    return { items: docs.map(toView), total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
  }

  /** A member's requests, oldest first, caught up with every write so far (for its timeline and the dashboard). */
  async ofMember(memberId: string) {
    await this.projections.waitFor(await this.events.headPosition(), [REQUESTS_PROJECTION]);
    const docs = await this.reader().find<RequestDoc>({ memberId }, { sort: { filedAt: 1, _id: 1 } });
    return docs.map(toView);
  }

  private reader() {
    return this.projections.reader(REQUESTS_PROJECTION, 'requests');
  }
}

const toView = (d: RequestDoc) => {
  const { _id, ...rest } = d;
  return { id: _id, ...rest };
};

const entry = (e: RecordedEvent) => ({
  revision: e.revision,
  position: e.position,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
});
