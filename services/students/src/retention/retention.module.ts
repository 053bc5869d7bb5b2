import { Module } from '@nestjs/common';
import { RetentionScheduleService } from './retention-schedule.service';
import { RetentionActivities } from './retention.activities';
import { RetentionRepository } from './retention.repository';

@Module({ providers: [RetentionRepository, RetentionActivities, RetentionScheduleService] })
export class RetentionModule {}
