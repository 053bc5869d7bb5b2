import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServiceOnly } from '@eduaid/platform';
import { AuditService } from '../audit/audit.service';
import { AccessDenialDto, RevocationListDto } from './dto/identity.dto';
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

  @Post('access-denials')
  @HttpCode(204)
  accessDenied(@Body() body: AccessDenialDto): Promise<void> {
    return this.audit.recordDenial(body);
  }
}
