import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';

@Module({ imports: [TasksModule], controllers: [TimelineController], providers: [TimelineService] })
export class TimelineModule {}
