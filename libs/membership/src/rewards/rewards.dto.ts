import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CommandBody, IsBusinessDate } from '@opc/platform';
import { EvidenceRefDto } from '../discipline/discipline.dto';

const MAX_FEN = 10_000_000_000;

export class VolunteerServiceDto extends CommandBody {
  @ApiProperty({ example: '2027-03-15', description: 'the day of the service' })
  @IsBusinessDate()
  date!: string;

  @ApiProperty({ example: 'mentoring session for new residents' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  activity!: string;
}

export class RewardDto extends CommandBody {
  @ApiProperty({ enum: ['M-REW-1', 'M-REW-2', 'M-REW-3'] })
  @IsIn(['M-REW-1', 'M-REW-2', 'M-REW-3'])
  clause!: 'M-REW-1' | 'M-REW-2' | 'M-REW-3';

  @ApiPropertyOptional({
    description:
      "M-REW-1: the member's choice, roadshow-hall or compute-voucher; M-REW-2: the award's level, municipal or provincial-or-higher; M-REW-3: cash or resources",
    example: 'compute-voucher',
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  option?: string;

  @ApiPropertyOptional({ description: 'M-REW-2/3: the cash amount in fen, inside the range of the rule set' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  amountFen?: number;

  @ApiProperty({ type: [EvidenceRefDto], description: 'what verifies it (award certificate, contribution record, …)' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceRefDto)
  evidence!: EvidenceRefDto[];
}

export class DeliveryDto extends CommandBody {
  @ApiPropertyOptional({ example: 'VOUCHER-2027-0042', description: 'payment or voucher reference' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RewardListQuery {
  @ApiPropertyOptional({ enum: ['publicity', 'delivered', 'withdrawn'] })
  @IsOptional()
  @IsIn(['publicity', 'delivered', 'withdrawn'])
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  minPosition?: string;
}
