import type { ServiceDefinition } from '@eduaid/platform';
import { AuditModule } from './audit/audit.module';
import { GraduateAccountsModule } from './graduate-accounts/graduate-accounts.module';
import { IdentityModule } from './identity/identity.module';
import { caseworkMigrations } from './migrations';
import { NotificationsModule } from './notifications/notifications.module';
import { TasksModule } from './tasks/tasks.module';
import { TimelineModule } from './timeline/timeline.module';

/** Users, roles and jurisdiction scope, the human-task inbox, assignment, audit, notifications. */
export const caseworkService: ServiceDefinition = {
  name: 'casework',
  title: 'eduaid casework',
  description: 'Users and their scope, the task inbox of every human step, assignment, audit and notifications.',
  database: { schema: 'casework', entities: [], migrations: caseworkMigrations },
  features: [AuditModule, IdentityModule, NotificationsModule, TasksModule, TimelineModule, GraduateAccountsModule],
};
