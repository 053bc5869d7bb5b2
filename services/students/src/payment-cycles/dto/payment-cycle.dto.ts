import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { PAYMENT_CYCLE_STATES } from '@eduaid/contracts';

export class StartPaymentCycleDto {
  @ApiProperty({ example: '2026-2027:S1', description: 'The term whose planned payments fall due: an academic year and S1 or S2' })
  @IsString()
  term!: string;

  @ApiPropertyOptional({ minimum: 10, maximum: 10000, default: 5000, description: 'Payments per bank batch' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10000)
  chunkSize?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 32, default: 4, description: 'Counties paid at once' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(32)
  concurrency?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 8, description: 'Passes over a county for payments whose batch went unanswered' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  maxRounds?: number;
}

/** A run of a term, in the path: 1, 2, … */
export class PaymentCycleRunParamsDto {
  @ApiProperty({ example: '2026-2027:S1', description: 'An academic year and a semester' })
  @IsString()
  term!: string;

  @ApiProperty({ example: 2, minimum: 1, description: 'The run of the term (1 is the first)' })
  @Type(() => Number)
  @IsInt({ message: 'run must be a whole number from 1' })
  @Min(1, { message: 'run must be a whole number from 1' })
  @Max(100000, { message: 'run must be a whole number from 1' })
  run!: number;
}

export class PaymentCycleReportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class PaymentCycleCountyDto {
  @ApiProperty({ example: '420102' })
  countyCode!: string;

  @ApiProperty({ enum: ['waiting', 'running', 'done', 'cancelled'] })
  state!: string;

  @ApiProperty({ description: 'Payments of the term due in the county (claimed by the cycle)' })
  due!: number;

  @ApiProperty()
  dueFen!: number;

  @ApiProperty({ description: 'Not sent yet' })
  planned!: number;

  @ApiProperty({ description: 'At the bank, outcome not known yet' })
  sending!: number;

  @ApiProperty({ description: 'Sent at least once: sending + paid + failed' })
  sent!: number;

  @ApiProperty()
  paid!: number;

  @ApiProperty()
  paidFen!: number;

  @ApiProperty({ description: 'Refused by the bank for good (or no account): each has a casework task' })
  failed!: number;

  @ApiProperty()
  failedFen!: number;

  @ApiProperty({ description: 'Cancelled after the cycle claimed them (a change to the application)' })
  cancelled!: number;

  @ApiProperty({ description: 'Bank batches sent' })
  batches!: number;

  @ApiProperty({ description: 'Passes over the county so far' })
  rounds!: number;
}

export class PaymentCycleTotalsDto {
  @ApiProperty()
  due!: number;

  @ApiProperty()
  dueFen!: number;

  @ApiProperty()
  planned!: number;

  @ApiProperty()
  sending!: number;

  @ApiProperty()
  sent!: number;

  @ApiProperty()
  paid!: number;

  @ApiProperty()
  paidFen!: number;

  @ApiProperty()
  failed!: number;

  @ApiProperty()
  failedFen!: number;

  @ApiProperty()
  cancelled!: number;

  @ApiProperty()
  batches!: number;
}

export class PaymentCycleRunDto {
  @ApiProperty({ example: '2026-2027:S1' })
  term!: string;

  @ApiProperty({ example: 1, description: 'The run of the term: 1 is the first, each follow-up run the next number' })
  run!: number;

  @ApiProperty({ example: 'payment-cycle:2026-2027:S1' })
  workflowId!: string;

  @ApiProperty({ enum: PAYMENT_CYCLE_STATES })
  state!: string;

  @ApiProperty()
  startedBy!: string;

  @ApiProperty()
  startedAt!: string;

  @ApiPropertyOptional()
  finishedAt?: string;

  @ApiProperty({ description: 'Totals over the counties shown (your jurisdiction)', type: PaymentCycleTotalsDto })
  totals!: PaymentCycleTotalsDto;

  @ApiProperty({ description: 'Payments settled (paid or failed) per second since the start' })
  ratePerSecond!: number;

  @ApiPropertyOptional({ description: 'Seconds left at that rate (absent when nothing has settled yet, or the cycle is finished)' })
  secondsLeft?: number;

  @ApiPropertyOptional({ description: 'The later run that took over what this run left planned or sending' })
  unsettledHandedToRun?: number;
}

export class PaymentCycleDto extends PaymentCycleRunDto {
  @ApiProperty({ type: [PaymentCycleCountyDto] })
  counties!: PaymentCycleCountyDto[];
}

export class PaymentCycleRunsDto {
  @ApiProperty({ example: '2026-2027:S1' })
  term!: string;

  @ApiProperty({ type: [PaymentCycleRunDto], description: "First to last; each run's report is at …/runs/:run/report once it has ended" })
  runs!: PaymentCycleRunDto[];
}

export class PaymentCycleControlDto {
  @ApiProperty({ example: 'payment-cycle:2026-2027:S1' })
  workflowId!: string;

  @ApiProperty({ enum: PAYMENT_CYCLE_STATES, description: 'The state the control left the cycle in (takes effect at the next batch boundary)' })
  state!: string;

  @ApiProperty({ example: 1, description: 'The run of the term' })
  run!: number;
}

export class PaymentCycleTotalDto {
  @ApiProperty()
  countyCode!: string;

  @ApiPropertyOptional({ description: "The student's stage when the cycle claimed the payment" })
  stage?: string;

  @ApiProperty()
  scheme!: string;

  @ApiPropertyOptional({ enum: ['national', 'provincial', 'local-relief'] })
  fund?: string;

  @ApiProperty({ enum: ['planned', 'sending', 'paid', 'failed', 'returned', 'cancelled'] })
  status!: string;

  @ApiProperty()
  payments!: number;

  @ApiProperty()
  amountFen!: number;
}

export class PaymentCycleFailureDto {
  @ApiProperty()
  ledgerId!: string;

  @ApiProperty()
  idempotencyKey!: string;

  @ApiProperty()
  applicationId!: string;

  @ApiProperty()
  studentId!: string;

  @ApiProperty()
  countyCode!: string;

  @ApiPropertyOptional()
  stage?: string;

  @ApiProperty()
  scheme!: string;

  @ApiProperty()
  amountFen!: number;

  @ApiProperty({ example: 'account-closed' })
  code!: string;

  @ApiPropertyOptional()
  reason?: string;
}

export class PaymentCycleReportSummaryDto {
  @ApiProperty()
  payments!: number;

  @ApiProperty()
  amountFen!: number;

  @ApiProperty()
  paid!: number;

  @ApiProperty()
  paidFen!: number;

  @ApiProperty()
  failed!: number;

  @ApiProperty()
  failedFen!: number;

  @ApiProperty({ description: 'Paid, then sent back by the receiving bank (read from its returns feed): each has a casework task' })
  returned!: number;

  @ApiProperty()
  returnedFen!: number;

  @ApiProperty({ description: 'Left planned or with an unknown outcome (a cancelled cycle, or rounds exhausted)' })
  unpaid!: number;

  @ApiProperty()
  unpaidFen!: number;
}

export class PaymentCycleReportDto {
  @ApiProperty()
  term!: string;

  @ApiProperty({ example: 1 })
  run!: number;

  @ApiProperty({ enum: PAYMENT_CYCLE_STATES })
  state!: string;

  @ApiPropertyOptional()
  finishedAt?: string;

  @ApiProperty({ description: 'Payments and fen by status over the whole report', type: PaymentCycleReportSummaryDto })
  summary!: PaymentCycleReportSummaryDto;

  @ApiProperty({ type: [PaymentCycleTotalDto], description: 'By county, stage, scheme, fund and status' })
  totals!: PaymentCycleTotalDto[];

  @ApiProperty({ type: [PaymentCycleFailureDto] })
  failures!: PaymentCycleFailureDto[];
}
