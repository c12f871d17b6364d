import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicId, DomainError, newId } from '@opc/kernel';
import {
  CommandPipeline,
  keyedSubjectHash,
  normaliseSubject,
  PLATFORM_CONFIG,
  type CommandContext,
  type PlatformConfig,
} from '@opc/platform';
import type { ApplyDto } from '../admission/admission.dto';
import type { ApplicantType } from '../rules/membership-rules';
import { memberDecider, memberStreamId, type MemberCommand } from '../member.decider';
import { MEMBERSHIP_RULE_SETS } from '../rules/membership-rule-sets';

/** The reply of API.md: `{ id, streamId, revision, position }`. */
export interface MemberCommandReply {
  id: string;
  streamId: string;
  revision: number;
  position: number;
}

/** A member-stream command as the shell hands it to the pipeline. */
export class ExecuteMemberCommand {
  constructor(
    readonly memberId: string,
    readonly command: MemberCommand,
    readonly ctx: CommandContext,
    readonly occurredAt?: string,
  ) {}
}

/** A new application: the one command that creates a member stream. */
export class ApplyForMembershipCommand {
  constructor(
    readonly body: ApplyDto,
    readonly ctx: CommandContext,
  ) {}
}

const runOptions = (ctx: CommandContext, occurredAt?: string) => ({
  actor: ctx.actor,
  commandId: ctx.commandId,
  correlationId: ctx.correlationId,
  requestHash: ctx.requestHash,
  occurredAt: occurredAt ? new Date(occurredAt) : undefined,
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
    return { id: memberId, streamId: r.streamId, revision: r.revision, position: r.position };
  }
}

// 18-character resident ID / unified social credit code, or a legacy 15-digit ID.
const SUBJECT = /^(?:[0-9A-Z]{18}|[0-9]{15})$/;

@CommandHandler(ApplyForMembershipCommand)
export class ApplyForMembershipHandler implements ICommandHandler<ApplyForMembershipCommand, MemberCommandReply> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute({ body, ctx }: ApplyForMembershipCommand): Promise<MemberCommandReply> {
    // Never echo the subject: the message names the field only.
    if (!SUBJECT.test(normaliseSubject(body.subject)))
      throw new DomainError('VALIDATION_FAILED', 'subject must be an 18-character ID number or unified social credit code');
    // With an Idempotency-Key a repeat lands on the same member stream, so the event store answers the first reply.
    const memberId = ctx.idempotencyKey ? deterministicId('member', ctx.actor.id, ctx.idempotencyKey) : newId();
    const command: MemberCommand = {
      type: 'ApplyForMembership',
      memberId,
      applicantType: body.applicantType as ApplicantType,
      name: body.name,
      subjectHash: keyedSubjectHash(this.config.subjectKey, body.subject),
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
    };
    const r = await this.pipeline.run(
      memberDecider,
      MEMBERSHIP_RULE_SETS,
      memberStreamId(memberId),
      command,
      runOptions(ctx, body.occurredAt),
    );
    return { id: memberId, streamId: r.streamId, revision: r.revision, position: r.position };
  }
}
