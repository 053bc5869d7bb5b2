import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller, Roles } from '@eduaid/platform';
import { AccessLogPageDto, AccessLogQueryDto } from './dto/access-log.dto';
import { PrivacyService } from './privacy.service';

@ApiTags('privacy')
@Controller('privacy')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('access-log')
  @Roles('auditor')
  @ApiOperation({
    summary: 'Who read or looked up which national ID, when and why (newest first), in your jurisdiction',
    description: 'An entry belongs to the place of the student it is about as it was when read (a lookup that found nobody: the looking user’s jurisdiction).',
  })
  @ApiOkResponse({ type: AccessLogPageDto })
  accessLog(@Query() query: AccessLogQueryDto, @CurrentCaller() caller: Caller): Promise<AccessLogPageDto> {
    return this.privacy.accessLog(caller, query);
  }
}
