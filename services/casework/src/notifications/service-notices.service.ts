import { Injectable } from '@nestjs/common';
import type { ServiceNotice, ServiceNotificationKind } from '@eduaid/contracts';
import { DomainError } from '@eduaid/platform';
import { NotificationsRepository } from './notifications.repository';

/** Which service may send each kind: a service token of another service cannot speak for mentoring. */
const SENDERS: Record<ServiceNotificationKind, string> = {
  'mentor-reminder': 'mentoring',
};

/** The idempotency key of one user's notification: the same occasion never reaches a user twice. */
export function serviceNoticeKey(notice: Pick<ServiceNotice, 'kind' | 'key'>, userId: string): string {
  return `${notice.kind}:${notice.key}:${userId}`;
}

/**
 * Notifications other services send (a mentor's missed check-in), beside the ones casework writes
 * for its own tasks. Each user's row is written once whatever the number of sends (a retried
 * activity), and shows in that user's GET /notifications like any other.
 */
@Injectable()
export class ServiceNoticesService {
  constructor(private readonly notifications: NotificationsRepository) {}

  async send(callingService: string | undefined, notice: ServiceNotice): Promise<void> {
    if (SENDERS[notice.kind] !== callingService) {
      throw new DomainError('notification.sender-not-allowed', 'forbidden', `Only the ${SENDERS[notice.kind]} service sends ${notice.kind} notifications.`);
    }
    // One row per user, each idempotent on its own key: a send that failed half way is completed by its retry.
    for (const userId of new Set(notice.userIds)) {
      await this.notifications.add({ idempotencyKey: serviceNoticeKey(notice, userId), userId, kind: notice.kind, title: notice.title });
    }
  }
}
