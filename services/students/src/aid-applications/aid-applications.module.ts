import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { PaymentsModule } from '../payments/payments.module';
import { AidApplicationsActivities } from './aid-applications.activities';
import { AidApplicationsController } from './aid-applications.controller';
import { AidApplicationsRepository } from './aid-applications.repository';
import { AidApplicationsService } from './aid-applications.service';

/** Aid applications: the API, the workflow's activities on the students queue. */
@Module({
  imports: [PaymentsModule],
  controllers: [AidApplicationsController],
  providers: [WorkflowStarter, AidApplicationsRepository, AidApplicationsService, AidApplicationsActivities],
})
export class AidApplicationsModule {}
