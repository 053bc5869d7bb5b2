import type { ServiceDefinition } from '@eduaid/platform';
import { CasesModule } from './cases/cases.module';
import { CompensationsModule } from './compensations/compensations.module';
import { GraduateFeedsModule } from './graduate-feeds/graduate-feeds.module';
import { GraduateImportsModule } from './graduate-imports/graduate-imports.module';
import { GraduatesModule } from './graduates/graduates.module';
import { MentorsModule } from './mentors/mentors.module';
import { mentoringMigrations } from './migrations';
import { ReportsModule } from './reports/reports.module';

/** Graduates' real-name base, mentors, job-assistance cases. */
export const mentoringService: ServiceDefinition = {
  name: 'mentoring',
  title: 'eduaid mentoring',
  description: 'Graduates from registered-poor households, their mentors and job-assistance cases, tuition compensation and loan repayment.',
  database: { schema: 'mentoring', entities: [], migrations: mentoringMigrations },
  features: [MentorsModule, GraduatesModule, GraduateImportsModule, GraduateFeedsModule, CasesModule, CompensationsModule, ReportsModule],
};
