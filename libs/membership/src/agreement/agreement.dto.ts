import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { CommandBody, IsBusinessDate, Reason } from '@opc/platform';
import { MEMBERSHIP_RULE_SETS } from '../rules/membership-rule-sets';

/** ¥100,000,000 in fen: far above any fee, far below Number.MAX_SAFE_INTEGER. */
const MAX_FEN = 10_000_000_000;

export class AgreementDto extends CommandBody {
  @ApiProperty({ example: '2027-01-04', description: 'M-TERM-1: the 12-month term starts on this date' })
  @IsBusinessDate()
  startDate!: string;

  @ApiProperty({ example: 1200000, description: 'fee per term, integer fen' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  feeFen!: number;

  @ApiProperty({ example: 300000, description: 'deposit, integer fen (0 for none)' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  depositFen!: number;
}

export class PaymentDto extends CommandBody {
  @ApiProperty({ enum: ['fee', 'deposit', 'fine'] })
  @IsIn(['fee', 'deposit', 'fine'])
  kind!: 'fee' | 'deposit' | 'fine';

  @ApiPropertyOptional({ description: 'with kind fine: the fine paid (from the penalty decision)' })
  @ValidateIf((o: PaymentDto) => o.kind === 'fine' || o.fineId !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  fineId?: string;

  @ApiProperty({ example: 1200000, description: 'integer fen, at most what is outstanding' })
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  amountFen!: number;

  @ApiProperty({ example: 'BANK-20270104-0001' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reference!: string;
}

export class OnboardingDto extends CommandBody {
  @ApiProperty({ example: 'A-301' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  workspace!: string;

  @ApiProperty({ example: true, description: 'M-ADM-6: the briefing on rules and rewards/penalties was acknowledged' })
  @Equals(true, { message: 'briefingAcknowledged must be true: onboarding records the acknowledgement (M-ADM-6)' })
  briefingAcknowledged!: boolean;
}

export class RenewalDto extends CommandBody {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision!: 'approve' | 'reject';

  @Reason()
  reason!: string;
}

export class ExitNoticeDto extends CommandBody {
  @ApiProperty({ example: '2027-06-30', description: 'M-EXIT-1: at least 15 days after the notice' })
  @IsBusinessDate()
  exitDate!: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason: string = '';
}

export class ForcedExitDto extends CommandBody {
  @ApiProperty({
    example: 'M-PEN-1c',
    description: 'M-EXIT-2, or the M-PEN clause that orders the forced exit (the shipped rule set lists these)',
    enum: MEMBERSHIP_RULE_SETS.latest().exit.forcedExitClauses,
  })
  @Matches(/^M-(EXIT-2|PEN-\d{1,2}[a-d]?)$/, { message: 'clause must be a rule clause such as M-EXIT-2 or M-PEN-1c' })
  clause!: string;

  @Reason()
  reason!: string;
}

export class BanLookupDto {
  @ApiProperty({ description: 'ID number or unified social credit code; never logged, never echoed' })
  @IsString()
  @MaxLength(64)
  subject!: string;
}
