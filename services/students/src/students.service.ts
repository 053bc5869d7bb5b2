import type { ServiceDefinition } from '@eduaid/platform';
import { studentsMigrations } from './migrations';
import { RosterImportModule } from './roster-import/roster-import.module';
import { WiringCheckModule } from './wiring-check/wiring-check.module';

/** Households, students, enrolments, roster import, aid applications, entitlements, the payment ledger. */
export const studentsService: ServiceDefinition = {
  name: 'students',
  title: 'eduaid students',
  description: 'Registered-poor households, students and their enrolments, aid applications and payments.',
  database: { schema: 'students', entities: [], migrations: studentsMigrations },
  personalData: true,
  features: [WiringCheckModule, RosterImportModule],
};
