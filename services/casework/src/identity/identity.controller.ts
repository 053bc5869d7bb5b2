import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Public, Roles } from '@eduaid/platform';
import { RequestId } from '../common/request-id.decorator';
import { CallerDto, CreateUserDto, LockoutReleaseDto, LoginDto, RevocationDto, RevokeTokensDto, TokenDto, UserDto, UserListQueryDto, UserNamesDto, UserNamesQueryDto, UserPageDto, UserParamsDto } from './dto/identity.dto';
import { IdentityService } from './identity.service';

@ApiTags('identity')
@Controller()
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with user name and password; answers a bearer token for every service',
    description: 'Throttled per user name and per client address: after 5 failures (20 per address) each attempt waits twice as long as the last; the 10th failure within 15 minutes locks the name for an hour or until a programme admin lifts it. Unknown names are treated exactly like known ones.',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'Wrong user name or password (one answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'auth.login-throttled or auth.login-locked; Retry-After says how many seconds to wait' })
  login(@Body() body: LoginDto, @Ip() address: string, @RequestId() requestId: string): Promise<TokenDto> {
    return this.identity.login(body.username, body.password, address, requestId);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the token this request carries' })
  @ApiNoContentResponse()
  logout(@CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<void> {
    return this.identity.logout(caller, requestId);
  }

  @Get('auth/me')
  @ApiOperation({ summary: 'Who the token says you are' })
  @ApiOkResponse({ type: CallerDto })
  me(@CurrentCaller() caller: Caller): CallerDto {
    return this.identity.me(caller);
  }

  @Roles('caseworker', 'approver', 'supervisor', 'programme-admin', 'auditor')
  @Get('users/names')
  @ApiOperation({ summary: 'Display names of users (who assigned, decided, reported), for those whose jurisdiction overlaps yours; others are left out' })
  @ApiOkResponse({ type: UserNamesDto })
  @ApiBadRequestResponse({ description: 'ids missing, more than 100, or not user ids' })
  names(@Query() query: UserNamesQueryDto, @CurrentCaller() caller: Caller): Promise<UserNamesDto> {
    return this.identity.names(caller, query.ids);
  }

  @Roles('programme-admin', 'supervisor')
  @Get('users')
  @ApiOperation({
    summary: 'Users inside your jurisdiction (your level or narrower, your code within), by user name, a page at a time',
    description: 'Filters: role, and the start of the user name or display name. Each user with their roles, scope and login lockout (lift it with DELETE /users/:userId/lockout).',
  })
  @ApiOkResponse({ type: UserPageDto })
  @ApiBadRequestResponse({ description: 'role unknown, name empty or longer than 50 characters, limit outside 1–100, or a cursor this API did not give out (field errors name them)' })
  @ApiForbiddenResponse({ description: 'Only programme admins and supervisors list users' })
  list(@Query() query: UserListQueryDto, @CurrentCaller() caller: Caller): Promise<UserPageDto> {
    return this.identity.list(caller, query);
  }

  @Roles('programme-admin')
  @Post('users')
  @ApiOperation({ summary: 'Create a user in your jurisdiction', description: 'The scope must be your own level or narrower, inside your own code, and its level must match its code’s form.' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'scopeLevel does not match the form of scopeCode (field error on scopeCode)' })
  @ApiForbiddenResponse({ description: 'The scope is wider than yours or outside it' })
  @ApiConflictResponse({ description: 'User name taken' })
  createUser(@Body() body: CreateUserDto, @CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<UserDto> {
    return this.identity.createUser(caller, body, requestId);
  }

  @Roles('programme-admin')
  @Delete('users/:userId/lockout')
  @ApiOperation({ summary: 'Lift a user’s login lockout and clear their failed-login count', description: 'For a programme admin whose jurisdiction holds the user. Audited as auth.lockout-released.' })
  @ApiOkResponse({ type: LockoutReleaseDto })
  @ApiForbiddenResponse({ description: 'The user lies outside your jurisdiction' })
  @ApiNotFoundResponse({ description: 'No such user' })
  releaseLockout(@Param() params: UserParamsDto, @CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<LockoutReleaseDto> {
    return this.identity.releaseLockout(caller, params.userId, requestId);
  }

  @Roles('programme-admin')
  @Post('users/:userId/token-revocations')
  @ApiOperation({ summary: 'Revoke every token of a user', description: 'Every service refuses them within a few seconds.' })
  @ApiCreatedResponse({ type: RevocationDto })
  revokeTokens(@Param() params: UserParamsDto, @Body() body: RevokeTokensDto, @CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<RevocationDto> {
    return this.identity.revokeUserTokens(caller, params.userId, body.reason, requestId);
  }
}
