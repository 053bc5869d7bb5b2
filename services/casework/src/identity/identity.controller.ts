import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Public, Roles } from '@eduaid/platform';
import { RequestId } from '../common/request-id.decorator';
import { CallerDto, CreateUserDto, LoginDto, RevocationDto, RevokeTokensDto, TokenDto, UserDto, UserParamsDto } from './dto/identity.dto';
import { IdentityService } from './identity.service';

@ApiTags('identity')
@Controller()
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with user name and password; answers a bearer token for every service' })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'Wrong user name or password' })
  login(@Body() body: LoginDto): Promise<TokenDto> {
    return this.identity.login(body.username, body.password);
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

  @Roles('programme-admin')
  @Post('users')
  @ApiOperation({ summary: 'Create a user in your jurisdiction' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'User name taken' })
  createUser(@Body() body: CreateUserDto, @CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<UserDto> {
    return this.identity.createUser(caller, body, requestId);
  }

  @Roles('programme-admin')
  @Post('users/:userId/token-revocations')
  @ApiOperation({ summary: 'Revoke every token of a user', description: 'Every service refuses them within a few seconds.' })
  @ApiCreatedResponse({ type: RevocationDto })
  revokeTokens(@Param() params: UserParamsDto, @Body() body: RevokeTokensDto, @CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<RevocationDto> {
    return this.identity.revokeUserTokens(caller, params.userId, body.reason, requestId);
  }
}
