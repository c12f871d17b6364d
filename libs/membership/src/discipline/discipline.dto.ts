import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CommandBody, FileRef, IsInstant, Reason, Sha256 } from '@opc/platform';

/** ¥100,000,000 in fen: far above any fine or damage, far below Number.MAX_SAFE_INTEGER. */
const MAX_FEN = 10_000_000_000;

/** A piece of evidence: a file reference and its hash (the file itself lives in the document store of the community). */
export class EvidenceRefDto {
  @ApiPropertyOptional({ example: 'photo', description: 'what it is: photo, inspection-report, invoice, …' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  kind?: string;

  @FileRef('files/cases/2027-03-01/sublet.jpg')
  fileRef!: string;

  @Sha256()
  sha256!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

/** Not a CommandBody: here occurredAt is required (when the conduct happened), not a default of now. */
export class ViolationDto {
  @ApiProperty({ example: 'M-PEN-2b', description: 'the penalty catalogue clause (M-PEN-1a … M-PEN-8)' })
  @Matches(/^M-PEN-\d{1,2}[a-d]?$/, { message: 'clause must be a penalty clause such as M-PEN-2b' })
  clause!: string;

  @ApiProperty({
    example: '2027-03-01T10:00:00+08:00',
    description: 'when the conduct happened (it decides the rule-set version and the term it counts in)',
  })
  @IsInstant()
  occurredAt!: string;

  @ApiProperty({ example: 'rubbish left in the corridor of floor 3' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  facts!: string;

  @ApiPropertyOptional({ description: 'M-PEN-9: the fine in fen, where the tier gives a range (or to confirm a fixed one)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amountFen?: number;

  @ApiPropertyOptional({ description: 'the damage or loss in fen (照价赔偿), where the clause weighs it' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  damageFen?: number;

  @ApiPropertyOptional({ description: 'the officer found it serious (情节严重)' })
  @IsOptional()
  @IsBoolean()
  serious?: boolean;

  @ApiProperty({ type: [EvidenceRefDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceRefDto)
  evidence!: EvidenceRefDto[];

  @ApiPropertyOptional({ description: "the rectification notice's requirements, when the officer words them" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  requirements?: string;
}

export class RectificationDto extends CommandBody {
  @ApiProperty({ description: 'what the inspection found' })
  @IsBoolean()
  rectified!: boolean;

  @Reason()
  note!: string;

  @ApiPropertyOptional({ type: [EvidenceRefDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceRefDto)
  evidence?: EvidenceRefDto[];

  @ApiPropertyOptional({ description: 'M-PEN-9: the fine in fen when the penalty for not rectifying gives a range' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amountFen?: number;
}

export class ClearOutDto extends CommandBody {
  @ApiPropertyOptional({ example: 'workspace A-301 empty, keys returned' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
