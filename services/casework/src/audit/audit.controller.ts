import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, ProvinceWide, Roles } from '@eduaid/platform';
import { AuditService } from './audit.service';
import { AuditPageDto, AuditVerificationDto } from './dto/audit.dto';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@Roles('auditor', 'programme-admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('entries')
  @ApiOperation({ summary: 'Audit entries in your jurisdiction, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: AuditQueryDto, @CurrentCaller() caller: Caller): Promise<AuditPageDto> {
    return this.audit.list(caller, query);
  }

  @ProvinceWide()
  @Get('verification')
  @ApiOperation({ summary: 'Verify the hash chain; names the first altered entry', description: 'Province-wide callers only: the chain spans the province.' })
  @ApiOkResponse({ type: AuditVerificationDto })
  @ApiForbiddenResponse({ description: 'auth.province-wide-only: your scope is not the whole province' })
  verify(@CurrentCaller() caller: Caller): Promise<AuditVerificationDto> {
    return this.audit.verify(caller);
  }
}
