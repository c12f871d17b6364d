import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CommandBody } from '@opc/platform';
import { PAGE_SIZE } from '../members/member.queries';

export const REQUEST_KINDS = ['request', 'complaint'] as const;
export const REQUEST_STATUSES = ['open', 'responded', 'resolved'] as const;
/** A page stays one bounded read (as the members list). */
export const MAX_PAGE_SIZE = 500;

/** Not empty and not only blanks. */
const NOT_BLANK = /\S/;

export class FileRequestDto extends CommandBody {
  @ApiProperty({ enum: REQUEST_KINDS, description: 'a request for a service, or a complaint' })
  @IsIn(REQUEST_KINDS)
  kind!: (typeof REQUEST_KINDS)[number];

  @ApiProperty({ example: 'Meeting room B projector broken' })
  @IsString()
  @IsNotEmpty()
  @Matches(NOT_BLANK, { message: 'subject must not be blank' })
  @MaxLength(200)
  subject!: string;

  @ApiProperty({ example: 'The projector in meeting room B has not worked since Monday.' })
  @IsString()
  @IsNotEmpty()
  @Matches(NOT_BLANK, { message: 'text must not be blank' })
  @MaxLength(5000)
  text!: string;
}

export class RequestAnswerDto extends CommandBody {
  @ApiProperty({ example: 'A technician will replace it on Thursday.' })
  @IsString()
  @IsNotEmpty()
  @Matches(NOT_BLANK, { message: 'text must not be blank' })
  @MaxLength(5000)
  text!: string;
}

export class RequestListQuery {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: (typeof REQUEST_STATUSES)[number];

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'M-SVC-1: only requests with a breach recorded (a due date passed unanswered), or only those without',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  breached?: 'true' | 'false';

  @ApiPropertyOptional({ description: "one member's requests (a member token sees only its own)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  memberId?: string;

  @ApiPropertyOptional({ description: 'page number from 1' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,5}$/, { message: 'page must be a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ description: `items a page, 1..${MAX_PAGE_SIZE} (default ${PAGE_SIZE})` })
  @IsOptional()
  @Matches(/^[1-9]\d{0,2}$/, { message: `pageSize must be a whole number 1..${MAX_PAGE_SIZE}` })
  pageSize?: string;

  @ApiPropertyOptional({ description: 'read-your-writes: wait until the requests list reaches this position' })
  @IsOptional()
  @IsString()
  minPosition?: string;
}
