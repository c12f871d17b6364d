import { applyDecorators, Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ErrorCode } from '@opc/kernel';
import {
  AsOfReadQuery,
  Command,
  CommandReply,
  Idempotent,
  parseAsOf,
  parsePosition,
  Problems,
  READERS,
  Roles,
  type CommandContext,
} from '@opc/platform';
import { COMMUNITY_LIST_SCHEMA, COMMUNITY_SCHEMA, HISTORY_SCHEMA } from '../evaluation.schemas';
import { BasicConditionsDto, CommunityAreaDto, CommunityListQuery, RegisterCommunityDto } from './communities.dto';
import { Communities } from './communities.service';

/** A command on a registered community: besides its own refusals, no such community, an occurredAt before its first fact, a writer elsewhere. */
const CommunityCommandOp = (...refusals: ErrorCode[]) =>
  applyDecorators(
    Idempotent(),
    Problems('NOT_FOUND', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT', ...refusals),
    ApiOkResponse({ type: CommandReply }),
  );

/** C-CAT-1 / C-BASIC-1 / C-RES-1 / C-VALID-1..2: the communities an operator registers and the results they hold. */
@ApiTags('communities')
@Controller('communities')
export class CommunitiesController {
  constructor(private readonly communities: Communities) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'C-CAT-1 / C-BASIC-1: register a community with its operating area (category I ≥ 3,000 m², II ≥ 1,000 m²) and basic conditions',
  })
  @ApiCreatedResponse({ type: CommandReply })
  @Idempotent()
  @Problems('OUT_OF_RANGE', 'ILLEGAL_TRANSITION', 'CONCURRENCY_CONFLICT')
  register(@Body() body: RegisterCommunityDto, @Command() ctx: CommandContext) {
    const { occurredAt, ...profile } = body;
    return this.communities.register(profile, ctx, occurredAt);
  }

  @Post(':id/area')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'C-CAT-1: the operating area changed; the category follows' })
  @CommunityCommandOp()
  area(@Param('id') id: string, @Body() body: CommunityAreaDto, @Command() ctx: CommandContext) {
    return this.communities.changeArea(id, body.areaM2, body.reason, ctx, body.occurredAt);
  }

  @Post(':id/basic-conditions')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'C-BASIC-1: basic conditions stated again (only those named change)' })
  @CommunityCommandOp()
  basicConditions(@Param('id') id: string, @Body() body: BasicConditionsDto, @Command() ctx: CommandContext) {
    return this.communities.changeConditions(id, body.basicConditions, body.reason, ctx, body.occurredAt);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Communities, current state, 50 a page: by grade, category, status today (valid / lapsed / revoked / none) and validity ending on or before a date',
  })
  @ApiOkResponse({ schema: COMMUNITY_LIST_SCHEMA })
  @Problems('NOT_CAUGHT_UP')
  list(@Query() q: CommunityListQuery) {
    return this.communities.list({
      grade: q.grade,
      category: q.category,
      status: q.status,
      expiringBefore: q.expiringBefore,
      page: q.page ? Number(q.page) : 1,
      minPosition: parsePosition(q.minPosition),
    });
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'A community: category, current grade, result text, validity and status — now, or as of a moment (asOf / asOfOccurred / atRevision): "what grade did it hold on a date"',
  })
  @ApiOkResponse({ schema: COMMUNITY_SCHEMA })
  @Problems('NOT_FOUND')
  read(@Param('id') id: string, @Query() q: AsOfReadQuery) {
    return this.communities.read(id, parseAsOf(q));
  }

  @Get(':id/history')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every event of the community, oldest first, with its metadata (results, lapses, revocations)' })
  @ApiOkResponse({ schema: HISTORY_SCHEMA })
  @Problems('NOT_FOUND')
  history(@Param('id') id: string) {
    return this.communities.history(id);
  }
}
