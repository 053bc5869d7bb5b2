import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { GraduatesModule } from '../graduates/graduates.module';
import { MentoringCaseActivities } from './cases.activities';
import { CaseloadController, CasesController, MyCaseController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { CasesService } from './cases.service';
import { StaffNamesClient } from './staff-names.client';
import { CaseworkNoticesClient } from './casework-notices.client';
import { MentorRemindersService } from './mentor-reminders.service';

/** Job-assistance cases: the API, the durable record and the case's activities on the mentoring queue. */
@Module({
  imports: [GraduatesModule],
  controllers: [CasesController, CaseloadController, MyCaseController],
  providers: [WorkflowStarter, CasesRepository, CasesService, MentoringCaseActivities, MentorRemindersService, CaseworkNoticesClient, StaffNamesClient],
})
export class CasesModule {}
