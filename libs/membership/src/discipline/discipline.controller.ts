import { applyDecorators, Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { deterministicId, newId, type ErrorCode } from '@opc/kernel';
import { Command, Idempotent, Problems, Roles, type CommandContext } from '@opc/platform';
import { arr, bool, date, fen, int, nullable, obj, str } from '@opc/platform/http/schema';
import type { EvidenceItem } from '../admission/admission.events';
import type { DisciplineEvent, PenaltyImposed, RectificationNoticeIssued } from './discipline.events';
import { ExecuteDisciplineCommand, type DisciplineReply } from './discipline.handlers';
import { RectificationDto, ViolationDto, type EvidenceRefDto } from './discipline.dto';

const PENALTY_SCHEMA = obj({
  penaltyId: str(),
  eventId: str('the decision, as an appeal names it (decisionEventId)'),
  clause: str(),
  tier: str(),
  repeatCount: int(),
  warning: bool(),
  fine: nullable(obj({ fineId: str('pay it with POST /members/{id}/payments kind fine'), amountFen: fen('fine') })),
  compensationFen: nullable(fen('compensation')),
  suspension: nullable(
    obj({ suspensionId: str(), resource: str(), fromDate: date(), untilDate: nullable(date()), untilPaid: bool() }),
  ),
  forcedExit: bool('ordered: the member stream records the forced exit'),
  depositForfeited: bool(),
  banYears: nullable(int()),
  orders: arr(str()),
  publicityEndsDate: date('publicised until this day; the window for a review request'),
});
const DECISION_SCHEMA = obj({
  id: str('the case'),
  streamId: str(),
  revision: int(),
  position: int(),
  caseId: str(),
  clause: str(),
  repeatCount: nullable(int()),
  penalties: arr(PENALTY_SCHEMA),
  notice: nullable(obj({ noticeId: str(), eventId: str(), requirements: str(), dueDate: date(), provisional: bool() })),
  inspection: nullable(obj({ noticeId: str(), rectified: bool(), late: bool() })),
});

const DisciplineCommandOp = (...refusals: ErrorCode[]) =>
  applyDecorators(Idempotent(), Problems('NOT_FOUND', 'OUT_OF_RANGE', 'CONDITIONS_NOT_MET', 'CONCURRENCY_CONFLICT', ...refusals));

const evidenceOf = (items: EvidenceRefDto[] | undefined, caseKey: string): EvidenceItem[] =>
  (items ?? []).map((e, i) => ({
    evidenceId: deterministicId('evidence', caseKey, i),
    kind: e.kind ?? 'evidence',
    fileRef: e.fileRef,
    sha256: e.sha256.toLowerCase(),
    ...(e.note ? { note: e.note } : {}),
  }));

/** What a command on the record decided, in the words of the reply: penalties, a notice, an inspection. */
export const decisionReply = (r: DisciplineReply, caseId: string) => {
  const withIds = r.events.map((e, i) => ({ event: e, eventId: r.eventIds[i] }));
  const penalties = withIds.filter((x): x is { event: PenaltyImposed; eventId: string } => x.event.type === 'PenaltyImposed.v1');
  const notice = withIds.find(
    (x): x is { event: RectificationNoticeIssued; eventId: string } => x.event.type === 'RectificationNoticeIssued.v1',
  );
  const violation = r.events.find((e) => e.type === 'ViolationRecorded.v1') as
    Extract<DisciplineEvent, { type: 'ViolationRecorded.v1' }> | undefined;
  const inspection = r.events.find((e) => e.type === 'RectificationInspected.v1') as
    Extract<DisciplineEvent, { type: 'RectificationInspected.v1' }> | undefined;
  return {
    id: caseId,
    streamId: r.streamId,
    revision: r.revision,
    position: r.position,
    caseId,
    clause: violation?.data.clause ?? penalties[0]?.event.data.clause ?? null,
    repeatCount: violation?.data.repeatCount ?? penalties[0]?.event.data.repeatCount ?? null,
    penalties: penalties.map(({ event: { data: d }, eventId }) => ({
      penaltyId: d.penaltyId,
      eventId,
      clause: d.clause,
      tier: d.tier,
      repeatCount: d.repeatCount,
      warning: d.warning,
      fine: d.fine ? { fineId: d.fine.fineId, amountFen: d.fine.amountFen } : null,
      compensationFen: d.compensationFen,
      suspension: d.suspension,
      forcedExit: d.forcedExit,
      depositForfeited: d.depositForfeited,
      banYears: d.banYears,
      orders: d.orders,
      publicityEndsDate: d.publicityEndsDate,
    })),
    notice: notice
      ? {
          noticeId: notice.event.data.noticeId,
          eventId: notice.eventId,
          requirements: notice.event.data.requirements,
          dueDate: notice.event.data.due.date,
          provisional: notice.event.data.due.provisional,
        }
      : null,
    inspection: inspection
      ? { noticeId: inspection.data.noticeId, rectified: inspection.data.rectified, late: inspection.data.late }
      : null,
  };
};

/** M-PEN-1..10: violations and rectifications on a member's disciplinary record. */
@ApiTags('discipline')
@Controller('members')
export class DisciplineController {
  constructor(private readonly commands: CommandBus) {}

  private run(id: string, command: ExecuteDisciplineCommand['command'], ctx: CommandContext, occurredAt?: string) {
    return this.commands.execute<ExecuteDisciplineCommand, DisciplineReply>(
      new ExecuteDisciplineCommand(id, command, ctx, occurredAt),
    );
  }

  @Post(':id/violations')
  @Roles('officer', 'admin')
  @ApiOperation({
    summary:
      'M-PEN-10: record a violation; the record decides the penalty of the tier the repeat count reaches (M-PEN-1..9) and, where the tier says so, a rectification notice (整改通知书)',
  })
  @ApiCreatedResponse({ schema: DECISION_SCHEMA })
  @DisciplineCommandOp('VALIDATION_FAILED')
  async violation(@Param('id') id: string, @Body() body: ViolationDto, @Command() ctx: CommandContext) {
    // With an Idempotency-Key a repeat names the same case, so it is recorded once.
    const caseId = ctx.commandId ? deterministicId('case', ctx.commandId) : newId();
    const r = await this.run(
      id,
      {
        type: 'RecordViolation',
        memberId: id,
        caseId,
        clause: body.clause,
        facts: body.facts,
        ...(body.damageFen !== undefined ? { damageFen: body.damageFen } : {}),
        ...(body.serious !== undefined ? { serious: body.serious } : {}),
        ...(body.amountFen !== undefined ? { amountFen: body.amountFen } : {}),
        ...(body.requirements !== undefined ? { requirements: body.requirements } : {}),
        evidence: evidenceOf(body.evidence, caseId),
      },
      ctx,
      body.occurredAt,
    );
    return decisionReply(r, caseId);
  }

  @Post(':id/rectifications/:noticeId')
  @HttpCode(200)
  @Roles('officer', 'admin')
  @ApiOperation({
    summary: 'M-PEN-10: record the inspection of a rectification notice; not rectified brings the penalty the notice named',
  })
  @ApiOkResponse({ schema: DECISION_SCHEMA })
  @DisciplineCommandOp('ILLEGAL_TRANSITION')
  async rectification(
    @Param('id') id: string,
    @Param('noticeId') noticeId: string,
    @Body() body: RectificationDto,
    @Command() ctx: CommandContext,
  ) {
    const r = await this.run(
      id,
      {
        type: 'InspectRectification',
        memberId: id,
        noticeId,
        rectified: body.rectified,
        note: body.note,
        evidence: evidenceOf(body.evidence, `${noticeId}:inspection`),
        ...(body.amountFen !== undefined ? { amountFen: body.amountFen } : {}),
      },
      ctx,
      body.occurredAt,
    );
    const inspected = r.events.find((e) => e.type === 'RectificationInspected.v1');
    return decisionReply(r, inspected ? (inspected.data as { caseId: string }).caseId : noticeId);
  }
}
