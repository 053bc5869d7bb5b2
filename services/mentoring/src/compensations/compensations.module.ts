import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { GraduatesModule } from '../graduates/graduates.module';
import { CompensationActivities } from './compensations.activities';
import { CompensationsController, MyCompensationController } from './compensations.controller';
import { CompensationsRepository } from './compensations.repository';
import { CompensationsService } from './compensations.service';

/** Tuition compensation and loan repayment: the API, the durable record and its activity on the mentoring queue. */
@Module({
  imports: [GraduatesModule],
  controllers: [CompensationsController, MyCompensationController],
  providers: [WorkflowStarter, CompensationsRepository, CompensationsService, CompensationActivities],
})
export class CompensationsModule {}
