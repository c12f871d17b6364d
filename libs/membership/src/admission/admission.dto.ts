import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CommandBody, FileRef, Reason, Sha256 } from '@opc/platform';
import { APPLICANT_TYPES, DIRECTIONS } from '../rules/membership-rules';

export class MaterialDto {
  @ApiProperty({
    example: 'identity-document',
    description: 'identity-document, business-licence, business-plan, qualification, …',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  kind!: string;

  @FileRef('s3://opc-materials/2026/plan.pdf')
  fileRef!: string;

  @Sha256()
  sha256!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AttestationsDto {
  @ApiProperty({ description: 'M-ADM-3: no major dishonesty (失信) record and no illegal-business history' })
  @IsBoolean()
  noDishonestyRecord!: boolean;

  @ApiProperty({ description: 'accepts the community rules' })
  @IsBoolean()
  acceptsRules!: boolean;
}

export class ApplyDto extends CommandBody {
  @ApiProperty({ enum: APPLICANT_TYPES })
  @IsIn(APPLICANT_TYPES as string[])
  applicantType!: string;

  @ApiProperty({ example: 'Lin Studio' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: 'ID number or unified social credit code; stored only as a keyed hash, never echoed' })
  @IsString()
  @MaxLength(64)
  subject!: string;

  @ApiProperty({ enum: DIRECTIONS, description: 'M-ADM-2: directions that fit policy (from the rule set)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  direction!: string;

  @ApiProperty({ example: 'AI agents for cross-border e-commerce bookkeeping' })
  @IsString()
  @MaxLength(5000)
  description!: string;

  @ApiProperty({ type: [MaterialDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MaterialDto)
  materials!: MaterialDto[];

  @ApiProperty({ type: AttestationsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AttestationsDto)
  attestations!: AttestationsDto;
}

/** M-ADM-4: a material or proof added later; the same fields as an application's material. */
export class EvidenceDto extends IntersectionType(MaterialDto, CommandBody) {}

export class InitialReviewDto extends CommandBody {
  @ApiProperty({ enum: ['pass', 'fail'] })
  @IsIn(['pass', 'fail'])
  decision!: 'pass' | 'fail';

  @Reason()
  reason!: string;

  @ApiPropertyOptional({ description: 'M-ADM-2 finding (default true); a pass needs it true' })
  @IsOptional()
  @IsBoolean()
  directionFits?: boolean;

  @ApiPropertyOptional({ description: 'M-ADM-3 finding (default true); a pass needs it true' })
  @IsOptional()
  @IsBoolean()
  integrityVerified?: boolean;
}

export class ProjectEvaluationDto extends CommandBody {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision!: 'approve' | 'reject';

  @Reason()
  reason!: string;
}
