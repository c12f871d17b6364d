import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CommandBody, FileRef, Reason, Sha256 } from '@opc/platform';
import { IsPointsByItem } from '../keyed-values.validator';
import { ITEM_ID } from '../rules/catalogue';

/** An expert is the `sub` of its token: 1–128 visible characters of an id. */
export const EXPERT_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const EXPERT_ID_MESSAGE = 'expertId must be 1–128 letters, digits or . _ : @ - (the expert token’s sub)';

const ITEM_MESSAGE = (field: string) => `${field} must be an id of the catalogue (lower-case words joined by dashes)`;

/** A step that takes nothing but when: opening (the community is read from its stream), publicity, publication. */
export class EvaluationStepDto extends CommandBody {}

export class EvaluationEvidenceDto extends CommandBody {
  @ApiProperty({
    example: 'order-conversion-amount',
    description: 'C-EVID-1: the indicator or bonus item it proves (ids: GET /evaluations/{id}/checklist)',
  })
  @Matches(ITEM_ID, { message: ITEM_MESSAGE('indicator') })
  @MaxLength(64)
  indicator!: string;

  @FileRef('files/liangjiang/orders-2026.pdf')
  fileRef!: string;

  @Sha256()
  sha256!: string;

  @ApiPropertyOptional({ example: 'signed contracts and invoices, 2026' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class AssignExpertDto extends CommandBody {
  @ApiProperty({ example: 'expert-zhang', description: 'the sub of the expert’s token' })
  @Matches(EXPERT_ID, { message: EXPERT_ID_MESSAGE })
  expertId!: string;
}

export class DeclarationDto extends CommandBody {
  @ApiProperty({
    description: 'C-FLOW-1: true, no conflict of interest (the expert may score); false, the expert recuses itself',
  })
  @IsBoolean()
  noConflictOfInterest!: boolean;

  @ApiPropertyOptional({ example: 'no ties to the operator in the last three years' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class VetoDto {
  @ApiProperty({ example: 'major-safety-accident', description: 'C-VETO-1: a veto item of the catalogue' })
  @Matches(ITEM_ID, { message: ITEM_MESSAGE('item') })
  @MaxLength(64)
  item!: string;

  @Reason()
  reason!: string;
}

const pointsDoc = (what: string, example: Record<string, number>): ApiPropertyOptions => ({
  type: 'object',
  additionalProperties: { type: 'number', minimum: 0, multipleOf: 0.01 },
  example,
  description: `${what}: id → points (two decimals at most), each within its maximum (OUT_OF_RANGE above); an id the catalogue does not list is VALIDATION_FAILED`,
});

export class ExpertSheetDto extends CommandBody {
  @ApiProperty({ example: 'expert-zhang', description: 'the expert scoring: must be the caller (its token’s sub)' })
  @Matches(EXPERT_ID, { message: EXPERT_ID_MESSAGE })
  expertId!: string;

  @ApiProperty(
    pointsDoc('C-SCORE-1: points per indicator; one not listed scores 0, and one without evidence counts 0 (C-EVID-1)', {
      'order-conversion-amount': 2.5,
      'compute-subsidies': 5,
    }),
  )
  @IsPointsByItem()
  scores!: Record<string, number>;

  @ApiPropertyOptional(pointsDoc('C-SCORE-1: points per bonus item; the bonus counts 15 points at most in all', { 'bonus-1': 5 }))
  @IsOptional()
  @IsPointsByItem()
  bonus?: Record<string, number>;

  @ApiPropertyOptional({ type: [VetoDto], description: 'C-VETO-1: any one fails the evaluation' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => VetoDto)
  vetoes?: VetoDto[];
}

export class RevocationDto extends CommandBody {
  @Reason()
  reason!: string;
}

export class EvaluationListQuery {
  @ApiPropertyOptional({ description: 'the evaluations of one community' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'communityId must be a community id' })
  communityId?: string;

  @ApiPropertyOptional({ enum: ['open', 'publicity', 'published', 'lapsed', 'superseded', 'revoked'] })
  @IsOptional()
  @Matches(/^(open|publicity|published|lapsed|superseded|revoked)$/, { message: 'status must be an evaluation status' })
  status?: string;

  @ApiPropertyOptional({ description: 'read-your-writes: wait until the list reaches this position' })
  @IsOptional()
  @IsString()
  minPosition?: string;
}
