import { Module } from '@nestjs/common';
import { RetentionScheduleService } from './retention-schedule.service';
import { RetentionActivities } from './retention.activities';

@Module({ providers: [RetentionActivities, RetentionScheduleService] })
export class RetentionModule {}
