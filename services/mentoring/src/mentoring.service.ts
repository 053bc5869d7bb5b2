import type { ServiceDefinition } from '@eduaid/platform';
import { mentoringMigrations } from './migrations';

/** Graduates' real-name base, mentors, job-assistance cases, tuition compensation. */
export const mentoringService: ServiceDefinition = {
  name: 'mentoring',
  title: 'eduaid mentoring',
  description: 'Graduates from registered-poor households, their mentors and job-assistance cases.',
  database: { schema: 'mentoring', entities: [], migrations: mentoringMigrations },
  features: [],
};
