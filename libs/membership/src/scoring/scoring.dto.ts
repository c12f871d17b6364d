import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CommandBody, FileRef, Sha256 } from '@opc/platform';
import { AWARDS } from '../rules/scoring-scheme';

const MAX_FEN = 10_000_000_000_000;
const MAX_COUNT = 100_000;
export const DIMENSIONS = ['attendance', 'completion', 'revenue', 'awards', 'contributions'] as const;

export class AttendanceDto {
  @ApiProperty({ example: 9, description: 'activities attended (attendance system)' })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  attended!: number;

  @ApiProperty({ example: 10, description: 'activities held in the quarter (at least 1)' })
  @IsInt()
  @Min(1)
  @Max(MAX_COUNT)
  held!: number;
}

export class CompletionDto {
  @ApiProperty({ example: 4, description: 'project milestones done' })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  done!: number;

  @ApiProperty({ example: 5, description: 'milestones planned for the quarter (at least 1)' })
  @IsInt()
  @Min(1)
  @Max(MAX_COUNT)
  planned!: number;
}

export class RevenueDto {
  @ApiProperty({ example: 800_000, description: 'revenue in the quarter, integer fen (financial statements)' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  actualFen!: number;

  @ApiProperty({ example: 1_000_000, description: 'the target, integer fen (at least 1)' })
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  targetFen!: number;
}

export class ScoreEvidenceDto {
  @ApiProperty({ enum: DIMENSIONS })
  @IsIn(DIMENSIONS)
  dimension!: (typeof DIMENSIONS)[number];

  @ApiPropertyOptional({ example: 'attendance-report' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  kind?: string;

  @FileRef('files/scores/2027Q1/attendance.xlsx')
  fileRef!: string;

  @Sha256()
  sha256!: string;
}

export class ScoreDto extends CommandBody {
  @ApiProperty({ description: 'the member scored' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  memberId!: string;

  @ApiProperty({ type: AttendanceDto, description: 'M-SCORE-1' })
  @IsObject()
  @ValidateNested()
  @Type(() => AttendanceDto)
  attendance!: AttendanceDto;

  @ApiProperty({ type: CompletionDto, description: 'M-SCORE-2' })
  @IsObject()
  @ValidateNested()
  @Type(() => CompletionDto)
  completion!: CompletionDto;

  @ApiProperty({ type: RevenueDto, description: 'M-SCORE-3' })
  @IsObject()
  @ValidateNested()
  @Type(() => RevenueDto)
  revenue!: RevenueDto;

  @ApiProperty({ enum: AWARDS, description: 'M-SCORE-4: the highest award of the quarter' })
  @IsIn(AWARDS)
  highestAward!: (typeof AWARDS)[number];

  @ApiProperty({ example: 2, description: 'M-SCORE-5: tech sharing, open source, leading joint projects' })
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  contributions!: number;

  @ApiProperty({
    type: [ScoreEvidenceDto],
    description: 'M-SCORE-11: the evidence behind the score, at least one item (a score comes from evidence)',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'evidence must list at least one item (M-SCORE-11: a score comes from evidence)' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ScoreEvidenceDto)
  evidence!: ScoreEvidenceDto[];
}
