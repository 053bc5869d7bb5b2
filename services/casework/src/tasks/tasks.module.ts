import { DecisionRecoveryService } from './decision-recovery.service';
import { Module } from '@nestjs/common';
import { CaseworkActivitiesProvider } from './tasks.activities';
import { TaskLifecycleService } from './task-lifecycle.service';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';
import { TaskTransitionsService } from './task-transitions.service';

/** Human tasks: the inbox, claiming, deciding, and the activities workflows use to manage tasks. */
@Module({
  controllers: [TasksController],
  providers: [TasksRepository, TaskTransitionsService, TasksService, TaskLifecycleService, CaseworkActivitiesProvider, DecisionRecoveryService],
  exports: [TasksRepository],
})
export class TasksModule {}
