import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { GraduatesModule } from '../graduates/graduates.module';
import { GraduateFeedScheduleService } from './graduate-feed-schedule.service';
import { GraduateFeedActivities } from './graduate-feeds.activities';
import { GraduateFeedsController } from './graduate-feeds.controller';
import { GraduateFeedsRepository } from './graduate-feeds.repository';
import { GraduateFeedsService } from './graduate-feeds.service';

/** The graduate base fed from the registry: the API, the Schedule, and the feed's activities on the mentoring queue. */
@Module({
  imports: [GraduatesModule],
  controllers: [GraduateFeedsController],
  providers: [WorkflowStarter, GraduateFeedsRepository, GraduateFeedsService, GraduateFeedActivities, GraduateFeedScheduleService],
})
export class GraduateFeedsModule {}
