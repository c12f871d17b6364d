import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicId, newId } from '@opc/kernel';
import {
  CommandPipeline,
  assertValidSubject,
  keyedSubjectHash,
  PLATFORM_CONFIG,
  type CommandContext,
  type PlatformConfig,
} from '@opc/platform';
import type { ApplyDto } from '../admission/admission.dto';
import type { ApplicantType } from '../rules/membership-rules';
import { memberDecider, memberStreamId, type MemberCommand } from '../member.decider';
import { MEMBERSHIP_RULE_SETS } from '../rules/membership-rule-sets';
import { BanLookup } from '../bans/bans.queries';

/** The reply of API.md: `{ id, streamId, revision, position }`, plus whether this request recorded anything. */
export interface MemberCommandReply {
  id: string;
  streamId: string;
  revision: number;
  position: number;
  /** False when nothing new was recorded: a repeat (Idempotency-Key) or a command with nothing left to do. */
  recorded: boolean;
}

const replyOf = (
  id: string,
  r: { streamId: string; revision: number; position: number; events: unknown[]; duplicate: boolean },
): MemberCommandReply => ({
  id,
  streamId: r.streamId,
  revision: r.revision,
  position: r.position,
  recorded: !r.duplicate && r.events.length > 0,
});

/** A member-stream command as the shell hands it to the pipeline. */
export class ExecuteMemberCommand {
  constructor(
    readonly memberId: string,
    readonly command: MemberCommand,
    readonly ctx: CommandContext,
    readonly occurredAt?: string | Date,
  ) {}
}

/** A new application: the one command that creates a member stream. */
export class ApplyForMembershipCommand {
  constructor(
    readonly body: ApplyDto,
    readonly ctx: CommandContext,
  ) {}
}

const runOptions = (ctx: CommandContext, occurredAt?: string | Date) => ({
  actor: ctx.actor,
  commandId: ctx.commandId,
  correlationId: ctx.correlationId,
  requestHash: ctx.requestHash,
  occurredAt: occurredAt === undefined ? undefined : new Date(occurredAt),
});

@CommandHandler(ExecuteMemberCommand)
export class ExecuteMemberCommandHandler implements ICommandHandler<ExecuteMemberCommand, MemberCommandReply> {
  constructor(private readonly pipeline: CommandPipeline) {}

  async execute({ memberId, command, ctx, occurredAt }: ExecuteMemberCommand): Promise<MemberCommandReply> {
    const r = await this.pipeline.run(
      memberDecider,
      MEMBERSHIP_RULE_SETS,
      memberStreamId(memberId),
      command,
      runOptions(ctx, occurredAt),
    );
    return replyOf(memberId, r);
  }
}

@CommandHandler(ApplyForMembershipCommand)
export class ApplyForMembershipHandler implements ICommandHandler<ApplyForMembershipCommand, MemberCommandReply> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly bans: BanLookup,
  ) {}

  async execute({ body, ctx }: ApplyForMembershipCommand): Promise<MemberCommandReply> {
    assertValidSubject(body.subject);
    // With an Idempotency-Key a repeat lands on the same member stream, so the event store answers the first reply.
    const subjectHash = keyedSubjectHash(this.config.subjectKey, body.subject);
    const ban = await this.bans.latest(subjectHash);
    const memberId = ctx.idempotencyKey ? deterministicId('member', ctx.actor.id, ctx.idempotencyKey) : newId();
    const command: MemberCommand = {
      type: 'ApplyForMembership',
      memberId,
      applicantType: body.applicantType as ApplicantType,
      name: body.name,
      subjectHash,
      direction: body.direction,
      description: body.description,
      materials: body.materials.map((m, i) => ({
        evidenceId: deterministicId('evidence', memberId, i),
        kind: m.kind,
        fileRef: m.fileRef,
        sha256: m.sha256.toLowerCase(),
        ...(m.note ? { note: m.note } : {}),
      })),
      attestations: { ...body.attestations },
      ban: ban ? { banUntil: ban.banUntil, reason: ban.reason, clause: ban.clause } : null,
    };
    const r = await this.pipeline.run(
      memberDecider,
      MEMBERSHIP_RULE_SETS,
      memberStreamId(memberId),
      command,
      runOptions(ctx, body.occurredAt),
    );
    return replyOf(memberId, r);
  }
}
