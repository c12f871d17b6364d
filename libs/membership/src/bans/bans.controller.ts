import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  assertValidSubject,
  keyedSubjectHash,
  PLATFORM_CONFIG,
  Problems,
  Roles,
  StrictRateLimit,
  type PlatformConfig,
} from '@opc/platform';
import { BanLookupDto } from '../agreement/agreement.dto';
import { BanLookup } from './bans.queries';
import { BAN_LOOKUP_SCHEMA } from '../members/member.schemas';

@ApiTags('bans')
@Controller('bans')
export class BansController {
  constructor(
    private readonly bans: BanLookup,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  @Post('lookup')
  @HttpCode(200)
  @Roles('recruiter', 'admin')
  @StrictRateLimit('ban-lookup')
  @ApiOperation({
    summary: 'M-BAN / M-ADM-7: the running re-entry ban of a subject, if any (a POST so ID numbers stay out of URLs and logs)',
  })
  @ApiOkResponse({ schema: BAN_LOOKUP_SCHEMA })
  @Problems('NOT_CAUGHT_UP')
  lookup(@Body() body: BanLookupDto) {
    assertValidSubject(body.subject);
    return this.bans.active(keyedSubjectHash(this.config.subjectKey, body.subject));
  }
}
