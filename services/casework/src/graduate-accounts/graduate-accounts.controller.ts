import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Public, Roles } from '@eduaid/platform';
import { RequestId } from '../common/request-id.decorator';
import { UserParamsDto } from '../identity/dto/identity.dto';
import { ActivateAccountDto, ActivatedDto, ActivationCodeDto } from './dto/graduate-account.dto';
import { GraduateAccountsService } from './graduate-accounts.service';

/** Graduates' accounts: a caseworker issues the activation code; the graduate sets their password with it. */
@ApiTags('identity')
@Controller()
export class GraduateAccountsController {
  constructor(private readonly accounts: GraduateAccountsService) {}

  @Roles('caseworker', 'supervisor')
  @Post('users/:userId/activation-code')
  @ApiOperation({ summary: "Issue a graduate's activation code (shown once; valid 7 days; a new one replaces it)", description: 'The user is the graduateUserId that opening a job-assistance case answers. Audited.' })
  @ApiCreatedResponse({ type: ActivationCodeDto })
  @ApiForbiddenResponse({ description: 'auth.out-of-scope' })
  @ApiNotFoundResponse({ description: 'user.not-found' })
  @ApiConflictResponse({ description: "user.not-a-graduate: only graduates' accounts are activated this way" })
  issue(@Param() params: UserParamsDto, @CurrentCaller() caller: Caller, @RequestId() requestId: string): Promise<ActivationCodeDto> {
    return this.accounts.issue(caller, params.userId, requestId);
  }

  @Public()
  @Post('auth/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set your password with the activation code your caseworker gave you; then log in' })
  @ApiOkResponse({ type: ActivatedDto })
  @ApiUnauthorizedResponse({ description: 'auth.activation-failed (one answer for every reason)' })
  activate(@Body() body: ActivateAccountDto, @RequestId() requestId: string): Promise<ActivatedDto> {
    return this.accounts.activate(body, requestId);
  }
}
