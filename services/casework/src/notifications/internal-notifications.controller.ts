import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RequestWithService, ServiceOnly } from '@eduaid/platform';
import { ServiceNoticeDto } from './dto/service-notice.dto';
import { ServiceNoticesService } from './service-notices.service';

/** Notifications sent by the other eduaid services (service tokens only); hidden from the public docs. */
@ApiExcludeController()
@ServiceOnly()
@Controller('internal/notifications')
export class InternalNotificationsController {
  constructor(private readonly notices: ServiceNoticesService) {}

  @Post()
  @HttpCode(204)
  send(@Body() body: ServiceNoticeDto, @Req() request: RequestWithService): Promise<void> {
    return this.notices.send(request.callingService, body);
  }
}
