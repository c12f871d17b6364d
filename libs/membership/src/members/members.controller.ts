import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { deterministicId } from '@opc/kernel';
import {
  AsOfReadQuery,
  Command,
  Idempotent,
  Problems,
  MemberScoped,
  OwnMember,
  parseAsOf,
  parsePosition,
  READERS,
  ReadScope,
  Roles,
  CommandReply,
  type CommandContext,
} from '@opc/platform';
import { ApplyDto, EvidenceDto, InitialReviewDto, ProjectEvaluationDto } from '../admission/admission.dto';
import type { MemberStatus } from '../member.state';
import { AgreementDto, ExitNoticeDto, ForcedExitDto, OnboardingDto, PaymentDto, RenewalDto } from '../agreement/agreement.dto';
import { ApplyForMembershipCommand, ExecuteMemberCommand, type MemberCommandReply } from './member.handlers';
import { MAX_PAGE_SIZE, MemberQueries, PAGE_SIZE } from './member.queries';
import { MemberTimeline } from './member-timeline';
import {
  ARCHIVE_SCHEMA,
  MEMBER_HISTORY_SCHEMA,
  MEMBER_LIST_SCHEMA,
  MEMBER_SCHEMA,
  MEMBER_TIMELINE_SCHEMA,
} from './member.schemas';
import { businessDateOf, CLOCK, ValidationFailed, type Clock, type ErrorCode } from '@opc/kernel';
import { DisciplineRecords } from '../discipline/discipline.records';
import { ExecuteDisciplineCommand, type DisciplineReply } from '../discipline/discipline.handlers';
import { ClearOutDto } from '../discipline/discipline.dto';
import { Appeals } from '../appeals/appeals.service';
import { Rewards } from '../rewards/rewards.service';

/**
 * A command on an existing member: besides its own refusals it may find no such member, a status
 * that does not allow it, an occurredAt before the member's first fact, or a writer in another process.
 */
const MemberCommandOp = (...refusals: ErrorCode[]) =>
  applyDecorators(
    Idempotent(),
    Problems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT', ...refusals),
    ApiOkResponse({ type: CommandReply }),
  );

const replyBody = ({ id, streamId, revision, position }: MemberCommandReply) => ({ id, streamId, revision, position });

const STATUSES: MemberStatus[] = ['applied', 'reviewed', 'approved', 'rejected', 'signed', 'active', 'exiting', 'exited'];

class MemberListQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: MemberStatus;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'M-SCORE-10: only members on the warning list (true) or only those not on it (false)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  warning?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'name contains this text (case-insensitive)', example: 'studio' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: 'latest score at least this (inclusive); members not scored are left out' })
  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'minScore must be a whole number 0..999' })
  minScore?: string;

  @ApiPropertyOptional({ description: 'latest score at most this (inclusive); members not scored are left out' })
  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'maxScore must be a whole number 0..999' })
  maxScore?: string;

  @ApiPropertyOptional({ description: 'page number from 1' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,5}$/, { message: 'page must be a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ description: `items a page, 1..${MAX_PAGE_SIZE} (default ${PAGE_SIZE})` })
  @IsOptional()
  @Matches(/^[1-9]\d{0,2}$/, { message: `pageSize must be a whole number 1..${MAX_PAGE_SIZE}` })
  pageSize?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  minPosition?: string;
}

@ApiTags('members')
@Controller('members')
export class MembersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: MemberQueries,
    private readonly records: DisciplineRecords,
    private readonly appeals: Appeals,
    private readonly rewardsOf: Rewards,
    private readonly timeline: MemberTimeline,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private today(): string {
    return businessDateOf(this.clock.now());
  }

  /** The reply of every command; whether anything was recorded stays internal, so a repeat answers exactly the first reply. */
  private async execute(id: string, command: ExecuteMemberCommand['command'], ctx: CommandContext, occurredAt?: string) {
    return replyBody(
      await this.commands.execute<ExecuteMemberCommand, MemberCommandReply>(
        new ExecuteMemberCommand(id, command, ctx, occurredAt),
      ),
    );
  }

  @Post('applications')
  @Roles('recruiter', 'admin')
  @ApiOperation({ summary: 'M-ADM-1..4: apply; the initial review falls due in 7 working days (M-ADM-5)' })
  @ApiCreatedResponse({ type: CommandReply })
  @Idempotent()
  @Problems('NOT_ELIGIBLE', 'REENTRY_BANNED', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT', 'NOT_CAUGHT_UP')
  async apply(@Body() body: ApplyDto, @Command() ctx: CommandContext) {
    return replyBody(
      await this.commands.execute<ApplyForMembershipCommand, MemberCommandReply>(new ApplyForMembershipCommand(body, ctx)),
    );
  }

  @Post(':id/evidence')
  @Roles('recruiter', 'admin', 'member')
  @OwnMember('id')
  @ApiOperation({ summary: 'M-ADM-4: add a material or proof (file reference + sha256); never lost once submitted' })
  @ApiCreatedResponse({ type: CommandReply })
  @Idempotent()
  @Problems('NOT_FOUND', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT')
  evidence(@Param('id') id: string, @Body() body: EvidenceDto, @Command() ctx: CommandContext) {
    const { occurredAt, ...item } = body;
    const evidenceId = ctx.commandId
      ? deterministicId('evidence', ctx.commandId)
      : deterministicId('evidence', id, body.sha256, body.fileRef);
    return this.execute(
      id,
      { type: 'SubmitEvidence', memberId: id, evidence: { evidenceId, ...item, sha256: item.sha256.toLowerCase() } },
      ctx,
      occurredAt,
    );
  }

  @Post(':id/initial-review')
  @HttpCode(200)
  @Roles('recruiter', 'admin')
  @ApiOperation({
    summary: 'M-ADM-5: initial review by the recruitment team (招商入驻组); a pass opens the 2-working-day project evaluation',
  })
  @MemberCommandOp('CONDITIONS_NOT_MET')
  initialReview(@Param('id') id: string, @Body() body: InitialReviewDto, @Command() ctx: CommandContext) {
    const { occurredAt, ...rest } = body;
    return this.execute(id, { type: 'RecordInitialReview', memberId: id, ...rest }, ctx, occurredAt);
  }

  @Post(':id/project-evaluation')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'M-ADM-5: project evaluation by the operations team (运营团队)' })
  @MemberCommandOp()
  projectEvaluation(@Param('id') id: string, @Body() body: ProjectEvaluationDto, @Command() ctx: CommandContext) {
    const { occurredAt, ...rest } = body;
    return this.execute(id, { type: 'RecordProjectEvaluation', memberId: id, ...rest }, ctx, occurredAt);
  }

  @Post(':id/agreement')
  @HttpCode(200)
  @Roles('recruiter', 'admin')
  @ApiOperation({
    summary: 'M-ADM-6 / M-TERM-1: agreement signed — 12-month term from startDate, fee per term and deposit in fen',
  })
  @MemberCommandOp()
  agreement(@Param('id') id: string, @Body() body: AgreementDto, @Command() ctx: CommandContext) {
    const { occurredAt, ...rest } = body;
    return this.execute(id, { type: 'SignAgreement', memberId: id, ...rest }, ctx, occurredAt);
  }

  @Post(':id/payments')
  @HttpCode(200)
  @Roles('recruiter', 'admin')
  @ApiOperation({
    summary:
      'M-ADM-6: a fee or deposit payment (integer fen, at most what is outstanding); kind fine with fineId pays a fine of the disciplinary record (M-PEN-9)',
  })
  @MemberCommandOp()
  async payment(@Param('id') id: string, @Body() body: PaymentDto, @Command() ctx: CommandContext) {
    const { occurredAt, kind, fineId, amountFen, reference } = body;
    if (kind === 'fine') {
      // Fines live on the disciplinary record, not on the membership.
      const r = await this.commands.execute<ExecuteDisciplineCommand, DisciplineReply>(
        new ExecuteDisciplineCommand(
          id,
          { type: 'RecordFinePayment', memberId: id, fineId: fineId!, amountFen, reference },
          ctx,
          occurredAt,
        ),
      );
      return { id, streamId: r.streamId, revision: r.revision, position: r.position };
    }
    return this.execute(id, { type: 'RecordPayment', memberId: id, kind, amountFen, reference }, ctx, occurredAt);
  }

  @Post(':id/onboarding')
  @HttpCode(200)
  @Roles('recruiter', 'admin')
  @ApiOperation({
    summary: 'M-ADM-6: workspace assigned, briefing acknowledged → active; refused until fee and deposit are paid in full',
  })
  @MemberCommandOp('CONDITIONS_NOT_MET')
  onboarding(@Param('id') id: string, @Body() body: OnboardingDto, @Command() ctx: CommandContext) {
    const { occurredAt, ...rest } = body;
    return this.execute(id, { type: 'OnboardMember', memberId: id, ...rest }, ctx, occurredAt);
  }

  @Post(':id/renewals')
  @HttpCode(200)
  @Roles('recruiter', 'admin')
  @ApiOperation({
    summary:
      'M-TERM-3: approve (12 months from the old end; refused with reasons when fees were late/unpaid or a violation is on record) or reject (exit at term end)',
  })
  @MemberCommandOp('CONDITIONS_NOT_MET', 'DEADLINE_PASSED')
  async renewal(@Param('id') id: string, @Body() body: RenewalDto, @Command() ctx: CommandContext) {
    const { occurredAt, ...rest } = body;
    // M-TERM-3: the decider weighs the record's violations against the current term.
    const violations = await this.records.violations(id);
    return this.execute(id, { type: 'DecideRenewal', memberId: id, ...rest, violations }, ctx, occurredAt);
  }

  @Post(':id/exit-notices')
  @HttpCode(200)
  @Roles('recruiter', 'admin', 'member')
  @OwnMember('id')
  @ApiOperation({ summary: 'M-EXIT-1: voluntary exit with at least 15 days notice → exiting; exited on the exit date' })
  @MemberCommandOp('NOTICE_TOO_SHORT')
  exitNotice(@Param('id') id: string, @Body() body: ExitNoticeDto, @Command() ctx: CommandContext) {
    const { occurredAt, ...rest } = body;
    return this.execute(
      id,
      { type: 'GiveExitNotice', memberId: id, exitDate: rest.exitDate, reason: rest.reason ?? '' },
      ctx,
      occurredAt,
    );
  }

  @Post(':id/forced-exit')
  @HttpCode(200)
  @Roles('officer', 'admin')
  @ApiOperation({
    summary:
      'M-EXIT-2: forced exit by clause, at once; deposit forfeited; re-entry ban for the clause (M-BAN). Refused (listing what is missing) unless the record shows a warning and a notice not rectified, or the clause is immediate',
  })
  @MemberCommandOp('CONDITIONS_NOT_MET')
  async forcedExit(@Param('id') id: string, @Body() body: ForcedExitDto, @Command() ctx: CommandContext) {
    const { occurredAt, ...rest } = body;
    const record = await this.records.forForcedExit(id, this.today());
    return this.execute(id, { type: 'DecideForcedExit', memberId: id, ...rest, record }, ctx, occurredAt);
  }

  @Post(':id/clear-out')
  @HttpCode(200)
  @Roles('officer', 'admin')
  @ApiOperation({
    summary: 'M-TERM-4 / M-PEN-1b: the space is confirmed vacated after an exit (clearedOut: true; late-exit tiers stop)',
  })
  @MemberCommandOp()
  clearOut(@Param('id') id: string, @Body() body: ClearOutDto, @Command() ctx: CommandContext) {
    return this.execute(
      id,
      { type: 'ConfirmClearOut', memberId: id, ...(body.note ? { note: body.note } : {}) },
      ctx,
      body.occurredAt,
    );
  }

  @Get(':id/archive')
  @Roles('admin', 'appeal-handler', 'recruiter')
  @ApiOperation({
    summary:
      'M-ARC: the member archive (materials, agreement, payments, renewals, discipline, appeals, scores, rewards, exit) and its retention end',
  })
  @ApiOkResponse({ schema: ARCHIVE_SCHEMA })
  @Problems('NOT_FOUND')
  async archive(@Param('id') id: string) {
    const [archive, appeals, rewards, scores] = await Promise.all([
      this.queries.archive(id),
      this.appeals.ofMember(id),
      this.rewardsOf.ofMember(id),
      this.queries.scores(id),
    ]);
    // M-ARC-1: scores, rewards and volunteer services join the archive too.
    return { ...archive, appeals, scores, rewards: rewards.rewards, volunteerServices: rewards.volunteerServices };
  }

  @Get()
  @Roles(...READERS, 'member')
  @MemberScoped()
  @ApiOperation({
    summary: 'Members, current state, oldest application first, 50 a page (a member sees only itself)',
  })
  @ApiOkResponse({ schema: MEMBER_LIST_SCHEMA })
  @Problems('VALIDATION_FAILED', 'NOT_CAUGHT_UP')
  list(@Query() q: MemberListQuery, @ReadScope() scope: { memberId?: string }) {
    const pageSize = q.pageSize ? Number(q.pageSize) : PAGE_SIZE;
    if (pageSize > MAX_PAGE_SIZE) throw new ValidationFailed(`pageSize must be a whole number 1..${MAX_PAGE_SIZE}`);
    return this.queries.list({
      onlyId: scope.memberId,
      status: q.status,
      warning: q.warning === undefined ? undefined : q.warning === 'true',
      name: q.name,
      minScore: q.minScore === undefined ? undefined : Number(q.minScore),
      maxScore: q.maxScore === undefined ? undefined : Number(q.maxScore),
      page: q.page ? Number(q.page) : 1,
      pageSize,
      minPosition: parsePosition(q.minPosition),
    });
  }

  @Get(':id')
  @Roles(...READERS, 'member')
  @OwnMember('id')
  @ApiOperation({ summary: 'A member: current, or as of a moment (asOf / asOfOccurred / atRevision)' })
  @ApiOkResponse({ schema: MEMBER_SCHEMA })
  @Problems('NOT_FOUND', 'NOT_CAUGHT_UP')
  get(@Param('id') id: string, @Query() q: AsOfReadQuery) {
    const sel = parseAsOf(q);
    if (sel.mode === 'current') return this.queries.current(id, parsePosition(q.minPosition));
    return this.queries.asOf(id, sel);
  }

  @Get(':id/history')
  @Roles(...READERS, 'member')
  @OwnMember('id')
  @ApiOperation({ summary: 'Every event of the member, oldest first, with its metadata' })
  @ApiOkResponse({ schema: MEMBER_HISTORY_SCHEMA })
  @Problems('NOT_FOUND')
  history(@Param('id') id: string) {
    return this.queries.history(id);
  }

  @Get(':id/timeline')
  @Roles(...READERS, 'member')
  @OwnMember('id')
  @ApiOperation({
    summary:
      'The case timeline: every event of every stream about the member (membership, disciplinary record, scores, rewards, volunteer services, appeals, requests), in the order recorded',
  })
  @ApiOkResponse({ schema: MEMBER_TIMELINE_SCHEMA })
  @Problems('NOT_FOUND')
  caseTimeline(@Param('id') id: string) {
    return this.timeline.of(id);
  }
}
