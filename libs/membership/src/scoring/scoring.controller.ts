import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AsOfReadQuery,
  Command,
  Idempotent,
  parseAsOf,
  parsePosition,
  Problems,
  READERS,
  Roles,
  type CommandContext,
} from '@opc/platform';
import { anyObject, arr, date, int, nullable, obj, oneOf, str } from '@opc/platform/http/schema';
import { ScoreDto } from './scoring.dto';
import { Scoring } from './scoring.service';

const POINTS = obj({ attendance: int(), completion: int(), revenue: int(), awards: int(), contributions: int() });
const OUTCOME = obj({
  memberId: str(),
  total: int(),
  rank: int('1 = best; equal totals share a rank'),
  eliminated: { type: 'boolean' },
  reasons: arr(str(), 'each rule that applied, e.g. M-SCORE-8: total 55 < 60'),
  warningRun: int('consecutive quarters below 70 up to this one'),
  onWarningList: { type: 'boolean' },
});
const SCORE_REPLY = obj({
  id: str('the entry'),
  streamId: str(),
  revision: int(),
  position: int(),
  eventId: nullable(str('the score decision, as an objection names it (decisionEventId)')),
  memberId: str(),
  quarter: str(),
  points: nullable(POINTS),
  total: nullable(int()),
  schemeVersion: nullable(int()),
});
const QUARTER_VIEW = obj({
  quarter: str(),
  status: oneOf(['open', 'publicity', 'closed']),
  schemeVersion: nullable(int()),
  publicity: nullable(obj({ openedDate: date(), endsDate: date('objections until the end of this day') })),
  closed: nullable(obj({ closedDate: date() })),
  voided: arr(obj({ memberId: str(), appealId: str(), afterClose: { type: 'boolean' } })),
  entries: arr(
    obj({
      memberId: str(),
      entryId: str(),
      eventId: str(),
      inputs: anyObject(),
      points: POINTS,
      total: int(),
      evidence: arr(anyObject()),
      supersedes: nullable(str()),
      recordedAt: str(),
    }),
  ),
  ranking: nullable(arr(OUTCOME)),
  decision: nullable(anyObject('cohort, share, cut, cutTotal, eliminated, warningList, stats (mean, median, distribution)')),
  revision: int(),
  position: int(),
  ruleSet: obj({ id: str(), version: int() }),
});
const QUARTERS = obj({
  items: arr(anyObject('a quarter: status, scored, publicity, eliminated, warning list, stats')),
  total: int(),
});

/** M-SCORE-1..11: quarterly scoring, publicity and the cohort's close. */
@ApiTags('scoring')
@Controller('scoring/quarters')
export class ScoringController {
  constructor(private readonly scoring: Scoring) {}

  @Post(':quarter/scores')
  @Roles('scorer', 'admin')
  @ApiOperation({
    summary:
      "M-SCORE-1..6, 11: one member's dimension inputs with evidence → points per dimension, total and scheme version; before close a new entry corrects the last",
  })
  @ApiCreatedResponse({ schema: SCORE_REPLY })
  @Idempotent()
  @Problems('NOT_FOUND', 'NOT_ELIGIBLE', 'ILLEGAL_TRANSITION', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT', 'NOT_CAUGHT_UP')
  record(@Param('quarter') quarter: string, @Body() body: ScoreDto, @Command() ctx: CommandContext) {
    return this.scoring.record(quarter, body, ctx);
  }

  @Post(':quarter/publicity')
  @HttpCode(200)
  @Roles('scorer', 'admin')
  @ApiOperation({
    summary: 'M-APL-1 / M-SCORE-11: publicise the scores for 3 working days; members may object through the appeal flow',
  })
  @ApiOkResponse({
    schema: obj({ id: str(), streamId: str(), revision: int(), position: int(), publicity: nullable(anyObject()) }),
  })
  @Idempotent()
  @Problems('ILLEGAL_TRANSITION', 'CONDITIONS_NOT_MET', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT')
  publicity(@Param('quarter') quarter: string, @Command() ctx: CommandContext) {
    return this.scoring.publicity(quarter, ctx);
  }

  @Post(':quarter/close')
  @HttpCode(200)
  @Roles('scorer', 'admin')
  @ApiOperation({
    summary:
      'M-SCORE-8..10: close the quarter — one decision for the cohort (below 60, the bottom share, a third quarter below 70 eliminated; two below 70 on the warning list); refused while publicity runs or objections are open; asked again, answers the close already made',
  })
  @ApiOkResponse({
    schema: obj({
      id: str(),
      streamId: str(),
      revision: int(),
      position: int(),
      closedDate: date(),
      cohort: int(),
      cut: int(),
      cutTotal: nullable(int()),
      eliminated: arr(str()),
      warningList: arr(str()),
    }),
  })
  @Idempotent()
  @Problems('CONDITIONS_NOT_MET', 'OUT_OF_RANGE', 'CONCURRENCY_CONFLICT', 'NOT_CAUGHT_UP')
  close(@Param('quarter') quarter: string, @Command() ctx: CommandContext) {
    return this.scoring.close(quarter, ctx);
  }

  @Get(':quarter')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'A quarter: entries with evidence, ranking, status — current, or as of a moment (asOf / asOfOccurred / atRevision)',
  })
  @ApiOkResponse({ schema: QUARTER_VIEW })
  @Problems('NOT_CAUGHT_UP')
  async view(@Param('quarter') quarter: string, @Query() q: AsOfReadQuery) {
    const sel = parseAsOf(q);
    parsePosition(q.minPosition);
    return this.scoring.view(quarter, sel);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Quarters, latest first: status, scored, publicity, eliminations, warning list and cohort statistics',
  })
  @ApiOkResponse({ schema: QUARTERS })
  @Problems('NOT_CAUGHT_UP')
  list(@Query() q: AsOfReadQuery) {
    return this.scoring.list(parsePosition(q.minPosition));
  }
}
