import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Command,
  CommandReply,
  Idempotent,
  MemberScoped,
  OwnMember,
  parsePosition,
  Problems,
  READERS,
  ReadScope,
  Roles,
  type CommandContext,
} from '@opc/platform';
import { anyObject, arr, bool, date, eventEntry, int, nullable, obj, oneOf, str } from '@opc/platform/http/schema';
import { AppealListQuery, DecideAppealDto, FileAppealDto } from './appeals.dto';
import { Appeals } from './appeals.service';

const STATUS = oneOf(['open', 'upheld', 'rejected']);
const OUTCOME = nullable(obj({ upheld: bool(), reason: str(), decidedDate: date(), late: bool() }));
const DUE = obj({ date: date(), provisional: bool() });
const CASE_VIEW = obj({
  appeal: obj({
    id: str(),
    memberId: str(),
    status: STATUS,
    grounds: str(),
    filedDate: date(),
    answerDue: DUE,
    overdue: bool(),
    outcome: OUTCOME,
  }),
  decision: eventEntry,
  stateAtDecision: obj({
    knownUpTo: obj({ position: int(), recordedAt: str() }),
    membership: anyObject('the member as recorded when the decision was taken'),
    discipline: obj({ summary: anyObject(), record: anyObject('cases, notices, penalties, fines, suspensions') }),
  }),
  ruleSet: obj({
    id: str(),
    version: int(),
    effectiveFrom: date(),
    clause: nullable(anyObject('the clause as that version states it (text, 中文, tiers)')),
    forcedExit: nullable(obj({ clause: str(), banYears: int() })),
  }),
  learnedSince: arr(eventEntry, 'every event recorded on the member and its record after the decision'),
  history: arr(eventEntry, "the appeal's own events"),
});
const LIST = obj({
  items: arr(
    obj({
      id: str(),
      memberId: str(),
      status: STATUS,
      decision: obj({ eventId: str(), type: str(), clause: nullable(str()), streamId: str() }),
      grounds: str(),
      filedDate: date(),
      answerDueDate: date(),
      overdue: bool(),
      outcome: OUTCOME,
    }),
  ),
  total: int(),
});

/** M-APL-1 / M-APL-2: review requests against decisions, and the appeal handler's case view. */
@ApiTags('appeals')
@Controller()
export class AppealsController {
  constructor(private readonly appeals: Appeals) {}

  @Post('members/:id/appeals')
  @Roles('officer', 'admin', 'member')
  @OwnMember('id')
  @ApiOperation({
    summary:
      "M-APL-1: ask for review (复核) of a decision on the member's record, within its publicity window; the answer is due in 3 working days",
  })
  @ApiCreatedResponse({ type: CommandReply })
  @Idempotent()
  @Problems('NOT_FOUND', 'NOT_ELIGIBLE', 'DEADLINE_PASSED', 'ILLEGAL_TRANSITION', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT')
  file(@Param('id') id: string, @Body() body: FileAppealDto, @Command() ctx: CommandContext) {
    return this.appeals.file(id, body.decisionEventId, body.grounds, ctx, body.occurredAt);
  }

  @Post('appeals/:id/decision')
  @HttpCode(200)
  @Roles('appeal-handler', 'admin')
  @ApiOperation({
    summary:
      'M-APL-2: answer an appeal; upheld reverses the decision with new events (fine cancelled, suspension lifted, forced exit annulled, ban lifted)',
  })
  @ApiOkResponse({ type: CommandReply })
  @Idempotent()
  @Problems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT')
  decide(@Param('id') id: string, @Body() body: DecideAppealDto, @Command() ctx: CommandContext) {
    return this.appeals.decide(id, body.upheld, body.reason, ctx, body.occurredAt);
  }

  @Get('appeals/:id')
  @Roles(...READERS, 'member')
  @MemberScoped()
  @ApiOperation({
    summary:
      "M-APL-2: the case view: the decision with its reasons, the member as recorded when it was taken, the rule then in force, what was learned since, the appeal's history",
  })
  @ApiOkResponse({ schema: CASE_VIEW })
  @Problems('NOT_FOUND')
  caseView(@Param('id') id: string, @ReadScope() scope: { memberId?: string }) {
    return this.appeals.caseView(id, scope);
  }

  @Get('appeals')
  @Roles(...READERS, 'member')
  @MemberScoped()
  @ApiOperation({ summary: 'Appeals, filed first; open ones past their answer date are overdue (a member sees its own)' })
  @ApiOkResponse({ schema: LIST })
  @Problems('NOT_CAUGHT_UP')
  list(@Query() q: AppealListQuery, @ReadScope() scope: { memberId?: string }) {
    return this.appeals.list({
      status: q.status,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      memberId: scope.memberId,
      minPosition: parsePosition(q.minPosition),
    });
  }
}
