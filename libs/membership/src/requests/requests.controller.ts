import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Forbidden, ValidationFailed } from '@opc/kernel';
import {
  Command,
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
import {
  arr,
  bool,
  date,
  eventEntry,
  instant,
  int,
  nullable,
  obj,
  oneOf,
  page,
  str,
  type Schema,
} from '@opc/platform/http/schema';
import {
  FileRequestDto,
  MAX_PAGE_SIZE,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  RequestAnswerDto,
  RequestListQuery,
} from './requests.dto';
import { Requests } from './requests.service';

const DUE = obj({ date: date(), provisional: bool() });
const REQUEST = obj({
  id: str(),
  memberId: str(),
  kind: oneOf(REQUEST_KINDS),
  subject: str(),
  text: str(),
  status: oneOf(REQUEST_STATUSES),
  filedDate: date(),
  filedAt: instant('when it was filed (occurredAt)'),
  responseDue: DUE,
  resolutionDue: DUE,
  response: nullable(obj({ text: str(), date: date(), late: bool(), withResolution: bool('given with the resolution') })),
  resolution: nullable(obj({ text: str(), date: date(), late: bool() })),
  breaches: arr(
    obj({
      kind: oneOf(['response', 'resolution']),
      dueDate: date(),
      breachedDate: date('the first day after the due date'),
      rule: str(),
    }),
    'M-SVC-1: each due date that passed unanswered, as the scheduler recorded it',
  ),
  breached: bool(),
  revision: int(),
  position: int(),
});
const REPLY = (extra: Record<string, Schema>) => obj({ id: str(), streamId: str(), revision: int(), position: int(), ...extra });

/** M-SVC-1: service requests and complaints, their response and resolution, breaches of the commitments. */
@ApiTags('requests')
@Controller()
export class RequestsController {
  constructor(private readonly requests: Requests) {}

  @Post('members/:id/requests')
  @Roles('member', 'recruiter', 'officer', 'admin')
  @OwnMember('id')
  @ApiOperation({
    summary:
      'M-SVC-1: a request or complaint of an active or exiting member; responded to within 2 working days and solved within 7',
  })
  @ApiCreatedResponse({ schema: REPLY({ responseDue: nullable(DUE), resolutionDue: nullable(DUE) }) })
  @Idempotent()
  @Problems('NOT_FOUND', 'NOT_ELIGIBLE', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT')
  file(@Param('id') id: string, @Body() body: FileRequestDto, @Command() ctx: CommandContext) {
    return this.requests.file(id, body, ctx);
  }

  @Post('requests/:id/response')
  @HttpCode(200)
  @Roles('officer', 'admin')
  @ApiOperation({ summary: 'M-SVC-1: the response, recorded once; after its due date it is late (never refused for that)' })
  @ApiOkResponse({ schema: REPLY({ late: nullable(bool()) }) })
  @Idempotent()
  @Problems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT')
  respond(@Param('id') id: string, @Body() body: RequestAnswerDto, @Command() ctx: CommandContext) {
    return this.requests.respond(id, body, ctx);
  }

  @Post('requests/:id/resolution')
  @HttpCode(200)
  @Roles('officer', 'admin')
  @ApiOperation({
    summary:
      'M-SVC-1: the solution; it closes the request (with no response before, it is the response too); after its due date it is late',
  })
  @ApiOkResponse({ schema: REPLY({ late: nullable(bool()) }) })
  @Idempotent()
  @Problems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT')
  resolve(@Param('id') id: string, @Body() body: RequestAnswerDto, @Command() ctx: CommandContext) {
    return this.requests.resolve(id, body, ctx);
  }

  @Get('requests/:id')
  @Roles(...READERS, 'member')
  @MemberScoped()
  @ApiOperation({ summary: "A request, folded from its stream, with the stream's events (a member reads its own)" })
  @ApiOkResponse({ schema: obj({ ...REQUEST.properties, history: arr(eventEntry, "the request's events") }) })
  @Problems('NOT_FOUND')
  get(@Param('id') id: string, @ReadScope() scope: { memberId?: string }) {
    return this.requests.get(id, scope);
  }

  @Get('requests')
  @Roles(...READERS, 'member')
  @MemberScoped()
  @ApiOperation({ summary: 'Requests and complaints, filed first, 50 a page (a member sees its own)' })
  @ApiOkResponse({ schema: page(REQUEST) })
  @Problems('NOT_CAUGHT_UP')
  list(@Query() q: RequestListQuery, @ReadScope() scope: { memberId?: string }) {
    if (scope.memberId !== undefined && q.memberId !== undefined && q.memberId !== scope.memberId)
      throw new Forbidden('a member may read only its own requests');
    const pageSize = q.pageSize ? Number(q.pageSize) : undefined;
    if (pageSize !== undefined && pageSize > MAX_PAGE_SIZE)
      throw new ValidationFailed(`pageSize must be a whole number 1..${MAX_PAGE_SIZE}`);
    return this.requests.list({
      status: q.status,
      breached: q.breached === undefined ? undefined : q.breached === 'true',
      memberId: scope.memberId ?? q.memberId,
      page: q.page ? Number(q.page) : 1,
      pageSize,
      minPosition: parsePosition(q.minPosition),
    });
  }
}
