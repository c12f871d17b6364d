import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
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

/** A file reference of evidence or material (where the file is kept; the file itself never passes through the API). */
export const FileRef = (example = 'files/cases/2027-03-01/sublet.jpg') =>
  applyDecorators(ApiProperty({ example }), IsString(), IsNotEmpty(), MaxLength(500));

/** The SHA-256 of the referenced file, so what was shown can be proven unchanged. */
export const Sha256 = () =>
  applyDecorators(
    ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }),
    Matches(/^[a-fA-F0-9]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' }),
  );

/**
 * The query of a single-resource read: current (after a write of yours with `minPosition`), or as
 * of a moment — what was known then (`asOf`), what was true then (`asOfOccurred`), or its first
 * revisions (`atRevision`). Parsed by `parseAsOf`.
 */
export class AsOfReadQuery {
  @ApiPropertyOptional({
    description: "what was known then: events recorded at or before t (a bare date: that day's end, Asia/Shanghai)",
  })
  @IsOptional()
  @IsString()
  asOf?: string;

  @ApiPropertyOptional({ description: 'what was true then: events whose occurredAt is at or before t, as known now' })
  @IsOptional()
  @IsString()
  asOfOccurred?: string;

  @ApiPropertyOptional({ description: 'fold revisions 0..n of the resource’s stream' })
  @IsOptional()
  @IsString()
  atRevision?: string;

  @ApiPropertyOptional({ description: 'read-your-writes: wait until the read model reaches this position' })
  @IsOptional()
  @IsString()
  minPosition?: string;
}
