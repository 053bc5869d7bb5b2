import type { ServiceDefinition } from '@eduaid/platform';
import { CaseEventEntity } from './cases/case-event.entity';
import { CasesModule } from './cases/cases.module';
import { JobCaseEntity } from './cases/job-case.entity';
import { GraduateCompensationEntity } from './compensations/graduate-compensation.entity';
import { CompensationsModule } from './compensations/compensations.module';
import { GraduateFeedEntity } from './graduate-feeds/graduate-feed.entity';
import { GraduateFeedsModule } from './graduate-feeds/graduate-feeds.module';
import { GraduateImportChunkEntity } from './graduate-imports/graduate-import-chunk.entity';
import { GraduateImportErrorEntity } from './graduate-imports/graduate-import-error.entity';
import { GraduateImportEntity } from './graduate-imports/graduate-import.entity';
import { GraduateImportsModule } from './graduate-imports/graduate-imports.module';
import { GraduateEntity } from './graduates/graduate.entity';
import { GraduatesModule } from './graduates/graduates.module';
import { MentorAssignmentEntity } from './mentors/mentor-assignment.entity';
import { MentorEntity } from './mentors/mentor.entity';
import { MentorsModule } from './mentors/mentors.module';
import { mentoringMigrations } from './migrations';
import { ReportsModule } from './reports/reports.module';

/** Graduates' real-name base, mentors, job-assistance cases. */
export const mentoringService: ServiceDefinition = {
  name: 'mentoring',
  title: 'eduaid mentoring',
  description: 'Graduates from registered-poor households, their mentors and job-assistance cases, tuition compensation and loan repayment.',
  database: {
    schema: 'mentoring',
    entities: [
      CaseEventEntity, GraduateCompensationEntity, GraduateEntity, GraduateFeedEntity, GraduateImportChunkEntity, GraduateImportEntity,
      GraduateImportErrorEntity, JobCaseEntity, MentorAssignmentEntity, MentorEntity,
    ],
    migrations: mentoringMigrations,
  },
  features: [MentorsModule, GraduatesModule, GraduateImportsModule, GraduateFeedsModule, CasesModule, CompensationsModule, ReportsModule],
};
