import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Command,
  CommandReply,
  Idempotent,
  MemberScoped,
  parsePosition,
  Problems,
  READERS,
  ReadScope,
  Roles,
  type CommandContext,
} from '@opc/platform';
import { anyObject, arr, bool, date, fen, int, nullable, obj, oneOf, str } from '@opc/platform/http/schema';
import { DeliveryDto, RewardDto, RewardListQuery, VolunteerServiceDto } from './rewards.dto';
import { Rewards } from './rewards.service';

const DUE = obj({ date: date(), provisional: bool() });
const REWARD = obj({
  id: str(),
  memberId: str(),
  clause: oneOf(['M-REW-1', 'M-REW-2', 'M-REW-3']),
  option: str(),
  amountFen: nullable(fen('cash or voucher value')),
  benefit: str(),
  status: oneOf(['publicity', 'delivered', 'withdrawn']),
  eventId: str('the decision, as an objection names it'),
  decidedDate: date(),
  publicityEndsDate: date(),
  deliveryDue: DUE,
  deliveredDate: nullable(date()),
  eligibility: nullable(anyObject('M-REW-1: what the record showed')),
  withdrawn: nullable(obj({ appealId: str(), reason: str(), date: date() })),
});

/** M-REW-1..4: volunteer services, rewards with publicity and delivery. */
@ApiTags('rewards')
@Controller()
export class RewardsController {
  constructor(private readonly rewards: Rewards) {}

  @Post('members/:id/volunteer-services')
  @Roles('officer', 'admin')
  @ApiOperation({ summary: "M-REW-1: a volunteer service on the member's record" })
  @ApiCreatedResponse({ type: CommandReply })
  @Idempotent()
  @Problems('NOT_FOUND', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT')
  volunteer(@Param('id') id: string, @Body() body: VolunteerServiceDto, @Command() ctx: CommandContext) {
    return this.rewards.volunteer(id, body, ctx);
  }

  @Post('members/:id/rewards')
  @Roles('officer', 'admin')
  @ApiOperation({
    summary:
      'M-REW-1..3: a reward decided from the record (eligibility, amounts in range); publicised 3 working days, then delivered within 10 (M-REW-4); rewards stack',
  })
  @ApiCreatedResponse({
    schema: obj({
      id: str(),
      streamId: str(),
      revision: int(),
      position: int(),
      eventId: nullable(str()),
      clause: str(),
      option: str(),
      amountFen: nullable(fen('amount')),
      benefit: str(),
      publicityEndsDate: date(),
      deliveryDue: DUE,
    }),
  })
  @Idempotent()
  @Problems('NOT_FOUND', 'NOT_ELIGIBLE', 'OUT_OF_RANGE', 'CONDITIONS_NOT_MET', 'CONCURRENCY_CONFLICT', 'NOT_CAUGHT_UP')
  grant(@Param('id') id: string, @Body() body: RewardDto, @Command() ctx: CommandContext) {
    return this.rewards.grant(id, body, ctx);
  }

  @Post('rewards/:id/delivery')
  @HttpCode(200)
  @Roles('officer', 'admin')
  @ApiOperation({ summary: 'M-REW-4: the reward delivered, after its publicity and with no objection open' })
  @ApiOkResponse({ type: CommandReply })
  @Idempotent()
  @Problems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'CONDITIONS_NOT_MET', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT', 'NOT_CAUGHT_UP')
  deliver(@Param('id') id: string, @Body() body: DeliveryDto, @Command() ctx: CommandContext) {
    return this.rewards.deliver(id, body, ctx);
  }

  @Get('rewards/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A reward: clause, benefit, publicity, delivery' })
  @ApiOkResponse({ schema: REWARD })
  @Problems('NOT_FOUND', 'NOT_CAUGHT_UP')
  get(@Param('id') id: string, @Query() q: RewardListQuery) {
    return this.rewards.get(id, parsePosition(q.minPosition));
  }

  @Get('rewards')
  @Roles(...READERS, 'member')
  @MemberScoped()
  @ApiOperation({ summary: 'Rewards: in publicity, delivered or withdrawn (a member sees its own)' })
  @ApiOkResponse({ schema: obj({ items: arr(REWARD), total: int() }) })
  @Problems('NOT_CAUGHT_UP')
  list(@Query() q: RewardListQuery, @ReadScope() scope: { memberId?: string }) {
    return this.rewards.list({ status: q.status, memberId: scope.memberId, minPosition: parsePosition(q.minPosition) });
  }
}
