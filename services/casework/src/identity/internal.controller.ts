import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServiceOnly } from '@eduaid/platform';
import { AuditService } from '../audit/audit.service';
import { AccessDenialDto, RevocationListDto, UserNamesDto, UserNamesQueryDto } from './dto/identity.dto';
import { IdentityService } from './identity.service';

/** Routes for the other eduaid services (service tokens only), not for people; hidden from the public docs. */
@ApiExcludeController()
@ServiceOnly()
@Controller('internal')
export class InternalController {
  constructor(
    private readonly identity: IdentityService,
    private readonly audit: AuditService,
  ) {}

  @Get('token-revocations')
  revocations(): Promise<RevocationListDto> {
    return this.identity.revocationList();
  }

  /**
   * Display names of users, for a service that shows who did something to a person who may not ask
   * casework themselves (a graduate's own case names the staff who acted on it). Names only.
   */
  @Get('user-names')
  userNames(@Query() query: UserNamesQueryDto): Promise<UserNamesDto> {
    return this.identity.displayNames(query.ids);
  }

  @Post('access-denials')
  @HttpCode(204)
  accessDenied(@Body() body: AccessDenialDto): Promise<void> {
    return this.audit.recordDenial(body);
  }
}
