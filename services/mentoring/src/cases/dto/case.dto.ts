import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CASE_ACTIVITY_KINDS, CASE_PHASES, OUTCOMES } from '@eduaid/contracts';
import { IsId, MultilineText, PageLimit, PageAfterId } from '@eduaid/platform';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class OpenCaseDto {
  @IsId('The graduate (registered, with mentors assigned)')
  graduateId!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 90, default: 14, description: 'Days between check-ins' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  cadenceDays?: number;
}

export class CaseParamsDto {
  @IsId()
  graduateId!: string;
}

export class CaseQueryDto {
  @ApiPropertyOptional({ enum: CASE_PHASES })
  @IsOptional()
  @IsIn(CASE_PHASES)
  phase?: string;

  @ApiPropertyOptional({ example: '420102' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be a 6-digit county code' })
  countyCode?: string;

  @ApiPropertyOptional({ description: "A mentor's user id: their cases" })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'mentorUserId must be a user id' })
  mentorUserId?: string;

  @ApiPropertyOptional({ description: 'Only open cases whose check-in is past due' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @PageAfterId()
  after?: string;

  @PageLimit(500, 50)
  limit?: number;
}

export class CaseloadQueryDto {
  @ApiPropertyOptional({ description: 'Only cases whose check-in is past due' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @PageAfterId()
  after?: string;

  @PageLimit(500, 50)
  limit?: number;
}

export class EventsQueryDto {
  @ApiPropertyOptional({ description: 'Cursor from the previous page' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'after must be a cursor returned by the previous page' })
  after?: string;

  @PageLimit(500, 100)
  limit?: number;
}

export class NoteDto {
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  @MultilineText()
  note?: string;
}

export class AssessmentDto {
  @ApiProperty({ maxLength: 2000, example: 'CV, interview practice; wants work near home' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @MultilineText()
  needs!: string;
}

export class PlanDto {
  @ApiProperty({ maxLength: 2000, example: 'two job fairs a month, three applications a week' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @MultilineText()
  plan!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 90, description: 'Days between check-ins (else as opened)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  cadenceDays?: number;
}

export class CaseActivityDto {
  @ApiProperty({ enum: CASE_ACTIVITY_KINDS })
  @IsIn(CASE_ACTIVITY_KINDS)
  kind!: (typeof CASE_ACTIVITY_KINDS)[number];

  @ApiPropertyOptional({ maxLength: 200, example: '武汉光谷某软件公司' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  employer?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  @MultilineText()
  note?: string;
}

export class ClaimOutcomeDto {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome!: (typeof OUTCOMES)[number];

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  employer?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  @MultilineText()
  note?: string;
}

/**
 * A note the case wrote itself (caseNoteOf in contracts), as a code and its parameters, so a screen
 * can say it in the reader's language; absent for a note a person wrote (shown as written).
 */
export class CaseNoteDto {
  @ApiProperty({ enum: ['plan-agreed', 'outcome', 'mentors-changed', 'check-in-missed', 'follow-up', 'job-lost'] }) code!: string;
  @ApiPropertyOptional({ description: 'plan-agreed: the plan as written' }) plan?: string;
  @ApiPropertyOptional({ description: 'plan-agreed: days between check-ins' }) cadenceDays?: number;
  @ApiPropertyOptional({ enum: OUTCOMES, description: 'outcome, follow-up: the outcome' }) outcome?: string;
  @ApiPropertyOptional({ description: 'outcome: the employer named with a claim' }) employer?: string;
  @ApiPropertyOptional({ description: 'outcome: what the claimant added' }) note?: string;
  @ApiPropertyOptional({ type: [String], description: 'mentors-changed: the new team (user ids; staff screens only)' }) mentorUserIds?: string[];
  @ApiPropertyOptional({ description: 'mentors-changed: the lead mentor (user id; staff screens only)' }) leadMentorUserId?: string;
  @ApiPropertyOptional({ description: 'mentors-changed: why' }) reason?: string;
  @ApiPropertyOptional({ description: 'check-in-missed: when the check-in was due (ISO)' }) dueAt?: string;
  @ApiPropertyOptional({ description: 'follow-up: how many follow-ups after placement so far' }) done?: number;
}

export class CaseEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ description: 'The user who did it' }) by!: string;
  @ApiPropertyOptional({ description: 'Their name, when they are one of the mentors or the graduate' }) byName?: string;
  @ApiProperty() kind!: string;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ type: CaseNoteDto }) noteCode?: CaseNoteDto;
}

export class CaseEventPageDto {
  @ApiProperty({ type: [CaseEventDto] }) items!: CaseEventDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class CaseMentorDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ description: "The mentor's name (the user id when no mentor has that user)" }) name!: string;
  @ApiProperty() lead!: boolean;
}

export class CaseDto {
  @ApiProperty() graduateId!: string;
  @ApiProperty() graduateName!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ enum: CASE_PHASES }) phase!: string;
  @ApiProperty() countyCode!: string;
  @ApiPropertyOptional() leadMentorUserId?: string;
  @ApiProperty({ type: [String] }) mentorUserIds!: string[];
  @ApiProperty({ type: [CaseMentorDto], description: 'The team by name, the lead first (marked)' }) mentors!: CaseMentorDto[];
  @ApiProperty() cadenceDays!: number;
  @ApiPropertyOptional() nextCheckInDueAt?: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() checkIns!: number;
  @ApiProperty() missed!: number;
  @ApiPropertyOptional({ enum: OUTCOMES }) outcome?: string;
  @ApiPropertyOptional({ enum: OUTCOMES, description: 'Claimed, waiting for a caseworker to verify' }) claimedOutcome?: string;
  @ApiProperty() reopened!: number;
  @ApiProperty({ description: 'Runs of the workflow (it continues-as-new to keep its history small)' }) runs!: number;
  @ApiProperty() openedAt!: string;
  @ApiPropertyOptional() placedAt?: string;
  @ApiPropertyOptional() closedAt?: string;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseDto] }) items!: CaseDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class CaseloadDto {
  @ApiProperty() open!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() dueThisWeek!: number;
  @ApiProperty({ type: [CaseDto] }) items!: CaseDto[];
  @ApiPropertyOptional() nextCursor?: string;
}

export class OpenedCaseDto {
  @ApiProperty() graduateId!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ description: "The graduate's user: casework creates it; hand over an activation code from casework (POST /users/:userId/activation-code)" }) graduateUserId!: string;
}

export class CaseAckDto {
  @ApiProperty({ enum: CASE_PHASES }) phase!: string;
  @ApiPropertyOptional() nextCheckInDueAt?: string;
}

/** An entry of the graduate's own case: who did it by name and kind of person, never a user id. */
export class OwnCaseEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ enum: ['you', 'mentor', 'staff', 'system'], description: 'You, one of your mentors, a member of the programme’s staff, or eduaid itself (a reminder)' }) byWhom!: 'you' | 'mentor' | 'staff' | 'system';
  @ApiPropertyOptional({ description: 'Their name (a staff member’s display name, resolved by casework; absent when it could not be had)' }) byName?: string;
  @ApiProperty() kind!: string;
  @ApiPropertyOptional({ description: 'The note; a change of mentors shows its reason only' }) note?: string;
  @ApiPropertyOptional({ type: CaseNoteDto, description: 'The note as a code when the case wrote it itself (a change of mentors without user ids)' }) noteCode?: CaseNoteDto;
}

export class MyCaseDto {
  @ApiProperty({ type: CaseDto }) case!: CaseDto;
  @ApiProperty({ description: 'Your mentors (names; the lead first)', type: [String] }) mentors!: string[];
  @ApiProperty({ type: [OwnCaseEventDto], description: 'The latest entries of your case, people by name only' }) recent!: OwnCaseEventDto[];
}
