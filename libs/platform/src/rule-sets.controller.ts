import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { DomainError } from '@opc/kernel';
import { Roles } from './auth/roles';
import { Command, type CommandContext } from './http/command-context';
import { CommandBody, Reason } from './http/command-dto';
import { Idempotent, Problems } from './http/openapi';
import { anyObject, arr, date, instant, int, nullable, obj, oneOf, str } from './http/schema';
import { IsBusinessDate } from './http/validators';
import { RuleSets } from './rule-sets.service';

const RULE_SET_SCHEMA = obj({
  name: str(),
  streamId: str('the stream of its published versions: ruleset-<name>'),
  inForce: int('version in force today'),
  versions: arr(
    obj({
      version: int('1 is the shipped rule set; published versions are 2, 3, …'),
      effectiveFrom: date('first business date on which it decides conduct'),
      publishedAt: nullable(instant('null for the shipped version')),
      publicityEndsDate: nullable(date('last business date on which an objection is taken; null for the shipped version')),
      status: oneOf(['in-force', 'scheduled', 'superseded', 'withdrawn'], 'on today’s business date'),
      objection: nullable(obj({ reason: str(), withdrawnDate: date() }, 'the objection that withdrew it')),
      document: anyObject('the full rule set of this version'),
    }),
  ),
});

const PUBLISHED_SCHEMA = obj({
  id: str('<name>:<version>'),
  streamId: str(),
  revision: int(),
  position: int('global position'),
  version: int('the number the new version got'),
  effectiveFrom: date(),
});

const OBJECTION_SCHEMA = obj({
  id: str('<name>:<version>'),
  streamId: str(),
  revision: int(),
  position: int('global position'),
});

/**
 * A new version of a rule set. No `occurredAt`: a publication is dated when the system records it,
 * since its publicity is counted from that day (a back-dated publication would skip it).
 */
class PublishRuleSetBody {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the changes, merged onto the latest version not withdrawn (objects key by key; arrays and values replace); the result must keep the shape of the shipped version. id, version and effectiveFrom are set by the system.',
    example: { term: { renewalReminderDaysBefore: 45 } },
  })
  @IsObject()
  document!: Record<string, unknown>;

  @ApiProperty({ example: '2026-12-31', description: 'at least 3 working days after today (M-RULE-1)' })
  @IsBusinessDate()
  effectiveFrom!: string;
}

class ObjectionBody extends CommandBody {
  @Reason()
  reason!: string;
}

const versionOf = (raw: string): number => {
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new DomainError('VALIDATION_FAILED', 'version must be a whole number from 1');
  return Number(raw);
};

const metaOf = (ctx: CommandContext, occurredAt?: string) => ({
  actor: ctx.actor,
  commandId: ctx.commandId,
  correlationId: ctx.correlationId,
  requestHash: ctx.requestHash,
  occurredAt,
});

/** M-RULE-1: rule sets, their versions, publication with publicity, and objections. */
@ApiTags('admin')
@Controller('admin/rulesets')
export class RuleSetsController {
  constructor(private readonly ruleSets: RuleSets) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'M-RULE-1: every rule set with its versions (status, publicity, objection, document) and the version in force today',
  })
  @ApiOkResponse({ schema: obj({ items: arr(RULE_SET_SCHEMA) }) })
  async list() {
    return { items: await this.ruleSets.list() };
  }

  @Get(':name')
  @Roles('admin')
  @ApiOperation({ summary: 'M-RULE-1: one rule set with its versions and the version in force today' })
  @ApiOkResponse({ schema: RULE_SET_SCHEMA })
  @Problems('NOT_FOUND')
  get(@Param('name') name: string) {
    return this.ruleSets.get(name);
  }

  @Post(':name')
  @Roles('admin')
  @ApiOperation({
    summary:
      'M-RULE-1: publish the next version; it takes effect on effectiveFrom, at least 3 working days later, unless an objection withdraws it first',
  })
  @ApiCreatedResponse({ schema: PUBLISHED_SCHEMA })
  @Idempotent()
  @Problems('NOT_FOUND', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT')
  publish(@Param('name') name: string, @Body() body: PublishRuleSetBody, @Command() ctx: CommandContext) {
    return this.ruleSets.publish(name, { document: body.document, effectiveFrom: body.effectiveFrom }, metaOf(ctx));
  }

  @Post(':name/:version/objections')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'M-RULE-1: an objection during publicity withdraws the version; it never takes effect' })
  @ApiOkResponse({ schema: OBJECTION_SCHEMA })
  @Idempotent()
  @Problems('NOT_FOUND', 'ILLEGAL_TRANSITION', 'DEADLINE_PASSED', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT')
  async object(
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: ObjectionBody,
    @Command() ctx: CommandContext,
  ) {
    const { id, streamId, revision, position } = await this.ruleSets.object(
      name,
      versionOf(version),
      body.reason,
      metaOf(ctx, body.occurredAt),
    );
    return { id, streamId, revision, position };
  }
}
