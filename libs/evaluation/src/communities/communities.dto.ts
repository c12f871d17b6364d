import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommandBody, IsBusinessDate, Reason } from '@opc/platform';
import { IsConditionFlags } from '../keyed-values.validator';

/** 10 km² in m²: far above any community, far below Number.MAX_SAFE_INTEGER. */
const MAX_AREA_M2 = 10_000_000;

const conditionsDoc: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'boolean' },
  example: { legalPerson: true, safetyManagementSystem: true, networkFacilities: true },
  description:
    'C-BASIC-1: each basic condition the catalogue lists (legalPerson, safetyManagementSystem, networkFacilities by default) with true or false; one not stated is not met. The area threshold follows from areaM2.',
};

export class RegisterCommunityDto extends CommandBody {
  @ApiProperty({ example: 'Liangjiang OPC Hub' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'Liangjiang Park Co.', description: 'who runs it: a government body, a park, a platform' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  operator!: string;

  @ApiProperty({ example: 3200, description: 'C-CAT-1: the operating area in whole m² (I ≥ 3,000; II ≥ 1,000)' })
  @IsInt()
  @Min(0)
  @Max(MAX_AREA_M2)
  areaM2!: number;

  @ApiProperty(conditionsDoc)
  @IsConditionFlags()
  basicConditions!: Record<string, boolean>;
}

export class CommunityAreaDto extends CommandBody {
  @ApiProperty({ example: 3400, description: 'C-CAT-1: the new operating area in whole m²; the category follows' })
  @IsInt()
  @Min(0)
  @Max(MAX_AREA_M2)
  areaM2!: number;

  @Reason()
  reason!: string;
}

export class BasicConditionsDto extends CommandBody {
  @ApiProperty({ ...conditionsDoc, description: 'C-BASIC-1: the conditions that change; the others stay as stated' })
  @IsConditionFlags()
  basicConditions!: Record<string, boolean>;

  @Reason()
  reason!: string;
}

const ID_LIKE = /^[A-Za-z0-9-]{1,40}$/;

export class CommunityListQuery {
  @ApiPropertyOptional({ example: 'leading', description: "the current result's grade (a grade id of the catalogue)" })
  @IsOptional()
  @Matches(ID_LIKE, { message: 'grade must be a grade id such as leading' })
  grade?: string;

  @ApiPropertyOptional({ example: 'I', description: 'C-CAT-1: the category from the area now' })
  @IsOptional()
  @Matches(ID_LIKE, { message: 'category must be a category id such as I' })
  category?: string;

  @ApiPropertyOptional({ enum: ['valid', 'lapsed', 'revoked', 'none'], description: 'of the current result, today' })
  @IsOptional()
  @Matches(/^(valid|lapsed|revoked|none)$/, { message: 'status must be valid, lapsed, revoked or none' })
  status?: 'valid' | 'lapsed' | 'revoked' | 'none';

  @ApiPropertyOptional({
    example: '2027-12-31',
    description: 'C-VALID-1: only results valid today whose validity ends (validUntil, exclusive) on or before this date',
  })
  @IsOptional()
  @IsBusinessDate()
  expiringBefore?: string;

  @ApiPropertyOptional({ description: 'page number from 1; 50 a page' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,5}$/, { message: 'page must be a whole number from 1' })
  page?: string;

  @ApiPropertyOptional({ description: 'read-your-writes: wait until the list reaches this position' })
  @IsOptional()
  @IsString()
  minPosition?: string;
}
