import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFound } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { CommandPipeline, Processes, RuleSets, type CommandContext } from '@opc/platform';
import { memberStreamId } from '../member.decider';
import { MEMBERSHIP } from '../rules/membership-rule-sets';
import type { MembershipRules } from '../rules/membership-rules';
import type { DisciplineCommand } from './discipline.commands';
import { disciplineDecider, disciplineStreamId } from './discipline.decider';
import type { DisciplineEvent } from './discipline.events';

/** What a command on the disciplinary record did: the reply, the events decided and their ids. */
export interface DisciplineReply {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  recorded: boolean;
  events: DisciplineEvent[];
  eventIds: string[];
}

/** A command on `discipline-<memberId>`, from a route, the scheduler or a process manager. */
export class ExecuteDisciplineCommand {
  constructor(
    readonly memberId: string,
    readonly command: DisciplineCommand,
    readonly ctx: CommandContext,
    readonly occurredAt?: string | Date,
  ) {}
}

@CommandHandler(ExecuteDisciplineCommand)
export class ExecuteDisciplineCommandHandler implements ICommandHandler<ExecuteDisciplineCommand, DisciplineReply> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly processes: Processes,
    private readonly ruleSets: RuleSets,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async execute({ memberId, command, ctx, occurredAt }: ExecuteDisciplineCommand): Promise<DisciplineReply> {
    // A record belongs to a member: no member, no record; nothing on it happened before the member applied.
    const [applied] = await this.events.readStream(memberStreamId(memberId), { maxCount: 1 });
    if (!applied) throw new NotFound('member', memberId);
    const rules = await this.ruleSets.history<MembershipRules>(MEMBERSHIP);
    const r = await this.pipeline.run(disciplineDecider, rules, disciplineStreamId(memberId), command, {
      actor: ctx.actor,
      commandId: ctx.commandId,
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      requestHash: ctx.requestHash,
      occurredAt,
      notBefore: applied.metadata.occurredAt,
    });
    return {
      id: memberId,
      streamId: r.streamId,
      revision: r.revision,
      // What the command caused on other streams (a forced exit a penalty ordered) is readable from here.
      position: await this.processes.settle(
        r.position,
        r.events.map((e) => e.type),
      ),
      recorded: !r.duplicate && r.events.length > 0,
      events: r.events,
      eventIds: r.eventIds,
    };
  }
}
