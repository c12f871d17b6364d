import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from './validators';

/** Why a decision was taken: every decision carries its reasons. */
export const Reason = () =>
  applyDecorators(ApiProperty({ example: 'materials complete' }), IsString(), IsNotEmpty(), MaxLength(2000));

/** Every command body may say when the fact occurred; default now, never in the future, never before the stream's first fact. */
export class CommandBody {
  @ApiPropertyOptional({
    description:
      'business time of the fact: an ISO-8601 instant with a zone, or a date (the end of that day in Asia/Shanghai, or now if that day is today); default now; never in the future, never before the first fact of the stream',
    example: '2027-01-04T09:00:00+08:00',
  })
  @IsOptional()
  @IsInstant()
  occurredAt?: string;
}

/** The reply of every command. */
export class CommandReply {
  @ApiProperty({ description: 'id of the resource the command acted on (a new one for a creating command)' }) id!: string;
  @ApiProperty({ example: 'member-0192f0c4-7e21-7a3b-9c1d-2b4e6f8a0c1e' }) streamId!: string;
  @ApiProperty({ description: 'revision of the stream after the command (from 0)' }) revision!: number;
  @ApiProperty({ description: 'global position: pass as ?minPosition= to read your write' }) position!: number;
}
