import type { ServiceDefinition } from '@eduaid/platform';
import { caseworkMigrations } from './migrations';

/** Users, roles and jurisdiction scope, the human-task inbox, assignment, audit, notifications. */
export const caseworkService: ServiceDefinition = {
  name: 'casework',
  title: 'eduaid casework',
  description: 'Users and their scope, the task inbox of every human step, assignment, audit and notifications.',
  database: { schema: 'casework', entities: [], migrations: caseworkMigrations },
  features: [],
};
