import type { ServiceDefinition } from '@eduaid/platform';
import { AuditEntryEntity } from './audit/audit-entry.entity';
import { AuditModule } from './audit/audit.module';
import { ActivationCodeEntity } from './graduate-accounts/activation-code.entity';
import { GraduateAccountsModule } from './graduate-accounts/graduate-accounts.module';
import { IdentityModule } from './identity/identity.module';
import { LoginThrottleEntity } from './identity/login-throttle.entity';
import { RevokedTokenEntity } from './identity/revoked-token.entity';
import { TokenCutoffEntity } from './identity/token-cutoff.entity';
import { UserEntity } from './identity/user.entity';
import { caseworkMigrations } from './migrations';
import { NotificationEntity } from './notifications/notification.entity';
import { NotificationsModule } from './notifications/notifications.module';
import { TaskEntity } from './tasks/task.entity';
import { TasksModule } from './tasks/tasks.module';
import { TimelineModule } from './timeline/timeline.module';

/** Users, roles and jurisdiction scope, the human-task inbox, assignment, audit, notifications. */
export const caseworkService: ServiceDefinition = {
  name: 'casework',
  title: 'eduaid casework',
  description: 'Users and their scope, the task inbox of every human step, assignment, audit and notifications.',
  database: {
    schema: 'casework',
    entities: [ActivationCodeEntity, AuditEntryEntity, LoginThrottleEntity, NotificationEntity, RevokedTokenEntity, TaskEntity, TokenCutoffEntity, UserEntity],
    migrations: caseworkMigrations,
  },
  features: [AuditModule, IdentityModule, NotificationsModule, TasksModule, TimelineModule, GraduateAccountsModule],
};
