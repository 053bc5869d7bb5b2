import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, Role, SCOPE_LEVELS, ScopeLevel } from '@eduaid/contracts';
import { PageLimit } from '@eduaid/platform';

export class LoginDto {
  @ApiProperty({ example: 'approver.demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username!: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class ScopeDto {
  @ApiProperty({ enum: SCOPE_LEVELS })
  level!: ScopeLevel;

  @ApiProperty({ example: '420102' })
  code!: string;
}

export class UserDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty({ type: ScopeDto })
  scope!: ScopeDto;
}

export class TokenDto {
  @ApiProperty({ description: 'Bearer token for every eduaid service' })
  accessToken!: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ type: UserDto })
  user!: UserDto;
}

/** Who the token names: the user without the login name. */
export class CallerDto extends PickType(UserDto, ['userId', 'displayName', 'roles', 'scope'] as const) {}

export class CreateUserDto {
  @ApiProperty({ example: 'caseworker.wuchang.2', description: 'Login name: letters, digits, dot, dash, underscore' })
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'username must be 3–64 letters, digits, dots, dashes or underscores' })
  username!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters long' })
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiProperty({ enum: SCOPE_LEVELS, description: 'Your own level or narrower; must match the form of scopeCode' })
  @IsIn(SCOPE_LEVELS)
  scopeLevel!: ScopeLevel;

  @ApiProperty({ example: '420102', description: 'Division code of the level (province 2, prefecture 4, county 6, township 9 digits) or, at school level, the 10-digit school code; inside your own jurisdiction' })
  @Matches(/^[0-9A-Za-z]{2,20}$/, { message: 'scopeCode must be a division code or a school code' })
  scopeCode!: string;
}

export class UserParamsDto {
  @ApiProperty()
  @Matches(/^[A-Za-z0-9._:@-]{1,100}$/, { message: 'userId is not a user id' })
  userId!: string;
}

export class RevokeTokensDto {
  @ApiPropertyOptional({ example: 'device lost' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RevocationDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty({ format: 'date-time', description: 'Tokens of this user issued before this are refused by every service' })
  notBefore!: string;
}

export class LockoutReleaseDto {
  @ApiProperty()
  userId!: string;

  @ApiProperty({ description: 'The user name was locked after too many failed logins' })
  wasLocked!: boolean;

  @ApiProperty({ description: 'Failed logins counted against the user name until now (cleared)' })
  failuresCleared!: number;
}

export class RevocationListDto {
  @ApiProperty({ type: [String] })
  tokenIds!: string[];

  @ApiProperty({ type: [RevocationDto] })
  userCutoffs!: RevocationDto[];

  @ApiProperty({ format: 'date-time' })
  asOf!: string;
}

export class AccessDenialDto {
  @ApiProperty() @IsString() @MaxLength(50) service!: string;
  @ApiProperty() @IsString() @MaxLength(200) userId!: string;
  @ApiProperty({ type: [String] }) @IsArray() @IsString({ each: true }) roles!: string[];
  @ApiPropertyOptional() @IsOptional() scope?: { level: string; code: string };
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) method?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) route?: string;
  @ApiProperty() @IsString() @MaxLength(50) reason!: string;
  @ApiProperty() @IsString() @MaxLength(1000) detail!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) what?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) requestId?: string;
  @ApiProperty() @IsString() @MaxLength(40) at!: string;
}

/** `?ids=a,b,c`: the user ids whose display names a screen shows (at most 100). */
export class UserNamesQueryDto {
  @ApiProperty({ type: String, description: 'User ids, comma-separated (1 to 100)', example: 'demo-caseworker-1,demo-supervisor' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : value))
  @IsArray()
  @ArrayMinSize(1, { message: 'ids must name at least one user' })
  @ArrayMaxSize(100, { message: 'ids may name at most 100 users' })
  @Matches(/^[A-Za-z0-9._:@-]{1,100}$/, { each: true, message: 'ids must be user ids separated by commas' })
  ids!: string[];
}

export class UserNameDto {
  @ApiProperty() userId!: string;
  @ApiProperty({ example: '张经办' }) displayName!: string;
}

export class UserNamesDto {
  @ApiProperty({ type: [UserNameDto], description: 'The users asked for whose jurisdiction overlaps yours (within it or above it); others are left out' })
  items!: UserNameDto[];
}

/** `GET /users`: the users inside your jurisdiction, filtered, a page at a time. */
export class UserListQueryDto {
  @ApiPropertyOptional({ enum: ROLES, description: 'Only users holding this role' })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ description: 'Start of the user name or of the display name (1–50 characters, trimmed; user names compared without case)', example: 'caseworker' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(50, { message: 'name must be at most 50 characters' })
  name?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (same filters)' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  cursor?: string;

  @PageLimit(100, 50)
  limit?: number;
}

export class UserListItemDto extends UserDto {
  @ApiProperty({ description: 'False for a disabled account (it cannot sign in)' })
  active!: boolean;

  @ApiProperty({ description: 'The user name is locked after too many failed logins (a programme admin may lift it: DELETE /users/:userId/lockout)' })
  lockedOut!: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the lockout ends by itself (only while locked out)' })
  lockedUntil?: string;

  @ApiProperty({ description: 'Failed logins counted against the user name now' })
  failedLogins!: number;
}

export class UserPageDto {
  @ApiProperty({ type: [UserListItemDto], description: 'Ordered by user name' })
  items!: UserListItemDto[];

  @ApiPropertyOptional({ description: 'Pass as cursor for the next page; absent on the last page' })
  nextCursor?: string;
}
