import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CommandBody, Reason } from '@opc/platform';

export class FileAppealDto extends CommandBody {
  @ApiProperty({
    description: "the eventId of the decision contested (a penalty, or an officer's forced exit), from its reply or the history",
  })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: 'decisionEventId must be an event id (a UUID)',
  })
  decisionEventId!: string;

  @Reason()
  grounds!: string;
}

export class DecideAppealDto extends CommandBody {
  @ApiProperty({ description: 'upheld: the decision is reversed (new events on its stream)' })
  @IsBoolean()
  upheld!: boolean;

  @Reason()
  reason!: string;
}

export class AppealListQuery {
  @ApiPropertyOptional({ enum: ['open', 'upheld', 'rejected'] })
  @IsOptional()
  @IsIn(['open', 'upheld', 'rejected'])
  status?: 'open' | 'upheld' | 'rejected';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'open past its answer date (M-APL-1: 3 working days)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'read-your-writes: wait until the appeals list reaches this position' })
  @IsOptional()
  @IsString()
  minPosition?: string;
}
