import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { HouseholdsActivities } from './households.activities';
import { HouseholdsController } from './households.controller';
import { HouseholdsRepository } from './households.repository';
import { HouseholdsService } from './households.service';

@Module({
  controllers: [HouseholdsController],
  providers: [WorkflowStarter, HouseholdsRepository, HouseholdsService, HouseholdsActivities],
})
export class HouseholdsModule {}
