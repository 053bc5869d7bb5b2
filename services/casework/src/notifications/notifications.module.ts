import { Global, Module } from '@nestjs/common';
import { InternalNotificationsController } from './internal-notifications.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { ServiceNoticesService } from './service-notices.service';

@Global()
@Module({
  controllers: [NotificationsController, InternalNotificationsController],
  providers: [NotificationsRepository, NotificationsService, ServiceNoticesService],
  exports: [NotificationsRepository],
})
export class NotificationsModule {}
