import { applyDecorators, Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Forbidden, type Actor, type ErrorCode } from '@opc/kernel';
import {
  AsOfReadQuery,
  Command,
  CommandReply,
  CurrentActor,
  Idempotent,
  parseAsOf,
  parsePosition,
  Problems,
  READERS,
  Roles,
  type CommandContext,
} from '@opc/platform';
import {
  CHECKLIST_SCHEMA,
  EVALUATION_LIST_SCHEMA,
  EVALUATION_SCHEMA,
  EVIDENCE_REPLY_SCHEMA,
  HISTORY_SCHEMA,
  OPENED_SCHEMA,
  PUBLICATION_REPLY_SCHEMA,
  PUBLICITY_REPLY_SCHEMA,
  SHEET_READ_SCHEMA,
} from '../evaluation.schemas';
import {
  AssignExpertDto,
  DeclarationDto,
  EvaluationEvidenceDto,
  EvaluationListQuery,
  ExpertSheetDto,
  EvaluationStepDto,
  RevocationDto,
} from './evaluations.dto';
import { Evaluations, readerOf } from './evaluations.service';

/** A command on an evaluation: besides its own refusals, no such evaluation, a step out of order, an early occurredAt, a writer elsewhere. */
const EvaluationCommandOp = (...refusals: ErrorCode[]) =>
  applyDecorators(Idempotent(), Problems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT', ...refusals));

/** C-FLOW-1: application → evidence → expert panel → publicity → publication; revocation (C-VALID-2). */
@ApiTags('evaluations')
@Controller()
export class EvaluationsController {
  constructor(private readonly evaluations: Evaluations) {}

  @Post('communities/:id/evaluations')
  @Roles('admin')
  @ApiOperation({
    summary:
      'C-FLOW-1: open an evaluation of the community under the catalogue in force (kept to the end); NOT_ELIGIBLE names each failing condition (C-CAT-1, C-BASIC-1)',
  })
  @ApiCreatedResponse({ schema: OPENED_SCHEMA })
  @EvaluationCommandOp('NOT_ELIGIBLE')
  open(@Param('id') id: string, @Body() body: EvaluationStepDto, @Command() ctx: CommandContext) {
    return this.evaluations.open(id, ctx, body.occurredAt);
  }

  @Post('evaluations/:id/evidence')
  @Roles('admin')
  @ApiOperation({
    summary:
      'C-EVID-1: objective evidence (file reference + sha256) for an indicator or bonus item; kept once; an item without evidence scores 0',
  })
  @ApiCreatedResponse({ schema: EVIDENCE_REPLY_SCHEMA })
  @EvaluationCommandOp()
  evidence(@Param('id') id: string, @Body() body: EvaluationEvidenceDto, @Command() ctx: CommandContext) {
    const { occurredAt, ...item } = body;
    return this.evaluations.evidence(id, item, ctx, occurredAt);
  }

  @Post('evaluations/:id/experts')
  @Roles('admin')
  @ApiOperation({ summary: 'C-FLOW-1: assign an expert to the panel (the sub of its token); assigning it again changes nothing' })
  @ApiCreatedResponse({ type: CommandReply })
  @EvaluationCommandOp()
  assign(@Param('id') id: string, @Body() body: AssignExpertDto, @Command() ctx: CommandContext) {
    return this.evaluations.assign(id, body.expertId, ctx, body.occurredAt);
  }

  @Post('evaluations/:id/experts/:expertId/declaration')
  @HttpCode(200)
  @Roles('expert')
  @ApiOperation({
    summary:
      'C-FLOW-1: the expert itself declares no conflict of interest before scoring (noConflictOfInterest false: it recuses itself)',
  })
  @ApiOkResponse({ type: CommandReply })
  @EvaluationCommandOp('CONDITIONS_NOT_MET')
  declare(
    @Param('id') id: string,
    @Param('expertId') expertId: string,
    @Body() body: DeclarationDto,
    @Command() ctx: CommandContext,
    @CurrentActor() actor: Actor,
  ) {
    if (actor.id !== expertId) throw new Forbidden('an expert declares only for itself');
    return this.evaluations.declare(id, expertId, body.noConflictOfInterest, body.note, ctx, body.occurredAt);
  }

  @Post('evaluations/:id/expert-scores')
  @Roles('expert')
  @ApiOperation({
    summary:
      "C-FLOW-1 / C-SCORE-1 / C-VETO-1: the expert's own sheet — points per indicator within each maximum, bonus items, vetoes with reasons; a later sheet replaces it until the panel closes",
  })
  @ApiCreatedResponse({ type: CommandReply })
  @EvaluationCommandOp('CONDITIONS_NOT_MET')
  sheet(@Param('id') id: string, @Body() body: ExpertSheetDto, @Command() ctx: CommandContext, @CurrentActor() actor: Actor) {
    if (actor.id !== body.expertId) throw new Forbidden('an expert submits only its own sheet');
    const { occurredAt, expertId, scores, bonus, vetoes } = body;
    return this.evaluations.sheet(
      id,
      {
        expertId,
        scores: { ...scores },
        bonus: { ...(bonus ?? {}) },
        vetoes: (vetoes ?? []).map((v) => ({ item: v.item, reason: v.reason })),
      },
      ctx,
      occurredAt,
    );
  }

  @Post('evaluations/:id/publicity')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'C-FLOW-1: close the panel with its result (mean or trimmed mean; C-EVID-1, C-VETO-1, C-GRADE-1) and start the 3-working-day publicity',
  })
  @ApiOkResponse({ schema: PUBLICITY_REPLY_SCHEMA })
  @EvaluationCommandOp('CONDITIONS_NOT_MET')
  publicity(@Param('id') id: string, @Body() body: EvaluationStepDto, @Command() ctx: CommandContext) {
    return this.evaluations.startPublicity(id, ctx, body.occurredAt);
  }

  @Post('evaluations/:id/publication')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'C-RES-1 / C-VALID-1: publish the result ("I类引领型 OPC 社区"), valid one year; refused (CONDITIONS_NOT_MET) before the publicity has ended',
  })
  @ApiOkResponse({ schema: PUBLICATION_REPLY_SCHEMA })
  @EvaluationCommandOp('CONDITIONS_NOT_MET', 'NOT_CAUGHT_UP')
  publication(@Param('id') id: string, @Body() body: EvaluationStepDto, @Command() ctx: CommandContext) {
    return this.evaluations.publish(id, ctx, body.occurredAt);
  }

  @Post('evaluations/:id/revocation')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'C-VALID-2: revoke a published result (fraud); the community shows it revoked, with reason and date' })
  @ApiOkResponse({ type: CommandReply })
  @EvaluationCommandOp('CONDITIONS_NOT_MET', 'NOT_CAUGHT_UP')
  revocation(@Param('id') id: string, @Body() body: RevocationDto, @Command() ctx: CommandContext) {
    return this.evaluations.revoke(id, body.reason, ctx, body.occurredAt);
  }

  @Get('evaluations')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Evaluations, first opened first: by community and status' })
  @ApiOkResponse({ schema: EVALUATION_LIST_SCHEMA })
  @Problems('NOT_CAUGHT_UP')
  list(@Query() q: EvaluationListQuery) {
    return this.evaluations.list({ communityId: q.communityId, status: q.status, minPosition: parsePosition(q.minPosition) });
  }

  @Get('evaluations/:id')
  @Roles(...READERS, 'expert')
  @ApiOperation({
    summary:
      "An evaluation with every expert's sheet and the per-dimension breakdown — now, or as of a moment (asOf / asOfOccurred / atRevision). An expert reads one it is assigned to, with only its own sheet until the panel closes",
  })
  @ApiOkResponse({ schema: EVALUATION_SCHEMA })
  @Problems('NOT_FOUND')
  read(@Param('id') id: string, @Query() q: AsOfReadQuery, @CurrentActor() actor: Actor) {
    return this.evaluations.read(id, parseAsOf(q), readerOf(actor));
  }

  @Get('evaluations/:id/checklist')
  @Roles(...READERS, 'expert')
  @ApiOperation({ summary: 'C-EVID-1: per indicator and bonus item, the evidence present and what is still missing' })
  @ApiOkResponse({ schema: CHECKLIST_SCHEMA })
  @Problems('NOT_FOUND')
  checklist(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.evaluations.checklist(id, readerOf(actor));
  }

  @Get('evaluations/:id/expert-scores/:expertId')
  @Roles(...READERS, 'expert')
  @ApiOperation({ summary: "One expert's sheet and how it counts; an expert reads another's only once the panel has closed" })
  @ApiOkResponse({ schema: SHEET_READ_SCHEMA })
  @Problems('NOT_FOUND')
  sheetOf(@Param('id') id: string, @Param('expertId') expertId: string, @CurrentActor() actor: Actor) {
    return this.evaluations.sheetOf(id, expertId, readerOf(actor));
  }

  @Get('evaluations/:id/history')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every event of the evaluation, oldest first, with its metadata (every sheet as submitted)' })
  @ApiOkResponse({ schema: HISTORY_SCHEMA })
  @Problems('NOT_FOUND')
  history(@Param('id') id: string) {
    return this.evaluations.history(id);
  }
}
