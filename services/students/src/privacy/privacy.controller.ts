import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@eduaid/platform';
import { AccessLogPageDto, AccessLogQueryDto } from './dto/access-log.dto';
import { PrivacyService } from './privacy.service';

@ApiTags('privacy')
@Controller('privacy')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('access-log')
  @Roles('auditor')
  @ApiOperation({ summary: 'Who read which full national ID, when and why (newest first)' })
  @ApiOkResponse({ type: AccessLogPageDto })
  accessLog(@Query() query: AccessLogQueryDto): Promise<AccessLogPageDto> {
    return this.privacy.accessLog(query);
  }
}
