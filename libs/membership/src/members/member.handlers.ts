import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicId, newId } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import {
  CommandPipeline,
  Processes,
  RuleSets,
  assertValidSubject,
  keyedSubjectHash,
  PLATFORM_CONFIG,
  type CommandContext,
  type PlatformConfig,
} from '@opc/platform';
import type { ApplyDto } from '../admission/admission.dto';
import type { ApplicantType } from '../rules/membership-rules';
import { memberDecider, memberStreamId, type MemberCommand } from '../member.decider';
import { MEMBERSHIP } from '../rules/membership-rule-sets';
import type { MembershipRules } from '../rules/membership-rules';
import { BanLookup } from '../bans/bans.queries';
import type { SubjectCommand } from '../subjects/subject.commands';
import { subjectDecider, subjectStreamId } from '../subjects/subject.decider';
import { SUBJECT_RELEASE_PROCESS } from '../subjects/subject-release.process';

/** The reply of every command: `{ id, streamId, revision, position }`, plus whether this request recorded anything. */
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
  occurredAt,
});

@CommandHandler(ExecuteMemberCommand)
export class ExecuteMemberCommandHandler implements ICommandHandler<ExecuteMemberCommand, MemberCommandReply> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly processes: Processes,
    private readonly ruleSets: RuleSets,
  ) {}

  async execute({ memberId, command, ctx, occurredAt }: ExecuteMemberCommand): Promise<MemberCommandReply> {
    const r = await this.pipeline.run(
      memberDecider,
      await this.ruleSets.history<MembershipRules>(MEMBERSHIP),
      memberStreamId(memberId),
      command,
      runOptions(ctx, occurredAt),
    );
    // What the command caused elsewhere (a released subject, a lifted suspension) is readable from the reply's position.
    return replyOf(memberId, {
      ...r,
      position: await this.processes.settle(
        r.position,
        r.events.map((e) => e.type),
      ),
    });
  }
}

@CommandHandler(ApplyForMembershipCommand)
export class ApplyForMembershipHandler implements ICommandHandler<ApplyForMembershipCommand, MemberCommandReply> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly bans: BanLookup,
    private readonly processes: Processes,
    private readonly ruleSets: RuleSets,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  /**
   * An application touches two streams: the subject's reservation (one subject, one membership)
   * and the new member stream. It is decided first without appending, so a refused application
   * records nothing anywhere; then the subject is taken; then the application is recorded.
   */
  async execute({ body, ctx }: ApplyForMembershipCommand): Promise<MemberCommandReply> {
    assertValidSubject(body.subject);
    const subjectHash = keyedSubjectHash(this.config.subjectKey, body.subject);
    // A subject released a moment ago (rejected, exited) must be free to apply: wait for the release.
    await this.processes.waitFor(await this.events.headPosition(), [SUBJECT_RELEASE_PROCESS]);
    const ban = await this.bans.latest(subjectHash);
    // With an Idempotency-Key a repeat lands on the same member stream, so the event store answers the first reply.
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
      ban: ban?.standing ? { banUntil: ban.standing.banUntil, reason: ban.standing.reason, clause: ban.standing.clause } : null,
    };
    const streamId = memberStreamId(memberId);
    const options = runOptions(ctx, body.occurredAt);
    const rules = await this.ruleSets.history<MembershipRules>(MEMBERSHIP);
    const trial = await this.pipeline.run(memberDecider, rules, streamId, command, { ...options, dryRun: true });
    if (trial.duplicate) return replyOf(memberId, trial);

    const subject = subjectStreamId(subjectHash);
    const reserve: SubjectCommand = { type: 'ReserveSubject', subjectHash, memberId };
    await this.pipeline.run(subjectDecider, rules, subject, reserve, {
      ...options,
      commandId: deterministicId('subject-reservation', memberId),
      requestHash: undefined,
    });
    try {
      return replyOf(memberId, await this.pipeline.run(memberDecider, rules, streamId, command, options));
    } catch (e) {
      // Refused between the trial and now (a racing twin): give the subject back.
      const release: SubjectCommand = { type: 'ReleaseSubject', subjectHash, memberId, reason: 'application-not-recorded' };
      await this.pipeline.run(subjectDecider, rules, subject, release, { actor: ctx.actor });
      throw e;
    }
  }
}
