import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@eduaid/contracts';
import { CurrentCaller } from '@eduaid/platform';
import { NotificationDto, NotificationPageDto, NotificationParamsDto, NotificationQueryDto } from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

/** Every signed-in user has notifications; each sees only their own, so no role or scope applies. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@Query() query: NotificationQueryDto, @CurrentCaller() caller: Caller): Promise<NotificationPageDto> {
    return this.notifications.list(caller, query);
  }

  @Post(':notificationId/seen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a notification seen (idempotent)' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse()
  seen(@Param() params: NotificationParamsDto, @CurrentCaller() caller: Caller): Promise<NotificationDto> {
    return this.notifications.markSeen(caller, params.notificationId);
  }
}
