import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { MentorsModule } from '../mentors/mentors.module';
import { GraduatesController } from './graduates.controller';
import { GraduatesRepository } from './graduates.repository';
import { GraduatesService } from './graduates.service';

/** The graduate base, mentor suggestions and assignments. */
@Module({
  imports: [MentorsModule],
  controllers: [GraduatesController],
  providers: [WorkflowStarter, GraduatesRepository, GraduatesService],
  exports: [GraduatesRepository, GraduatesService],
})
export class GraduatesModule {}
