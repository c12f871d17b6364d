import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { parsePosition, Problems, READERS, Roles, IsBusinessDate } from '@opc/platform';
import { DASHBOARD_SUMMARY_SCHEMA } from './dashboard.schemas';
import { Dashboard } from './dashboard.service';

class SummaryQuery {
  @ApiPropertyOptional({
    example: '2027-06-30',
    description: 'the summary as it stood at the end of that business day (Asia/Shanghai), from the events recorded by then',
  })
  @IsOptional()
  @IsBusinessDate()
  asOf?: string;

  @ApiPropertyOptional({ description: 'read-your-writes: wait until the read models reach this position' })
  @IsOptional()
  @IsString()
  minPosition?: string;
}

/** Dashboards read figures, never streams: one call for the operators' overview. */
@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: Dashboard) {}

  @Get('summary')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Members by status and score band, the warning list, deadlines due and overdue, fines, rewards, appeals, service requests, communities by category and grade — today, or as of a past date',
  })
  @ApiOkResponse({ schema: DASHBOARD_SUMMARY_SCHEMA })
  @Problems('VALIDATION_FAILED', 'NOT_CAUGHT_UP')
  summary(@Query() q: SummaryQuery) {
    if (q.asOf !== undefined) return this.dashboard.asOf(q.asOf);
    return this.dashboard.current(parsePosition(q.minPosition));
  }
}
