import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull, Repository } from 'typeorm';
import type { NotificationKind } from '@eduaid/contracts';
import { NotificationEntity } from './notification.entity';

/** Users' notifications (casework.notifications). */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private rows(manager?: EntityManager): Repository<NotificationEntity> {
    return (manager ?? this.dataSource.manager).getRepository(NotificationEntity);
  }

  /** At least once from the caller's side, once here: the idempotency key makes a repeat a no-op. */
  async add(n: { idempotencyKey: string; userId: string; kind: NotificationKind; taskId?: string; title: string }, manager?: EntityManager): Promise<void> {
    await this.rows(manager)
      .createQueryBuilder()
      .insert()
      .values({ notificationId: randomUUID(), idempotencyKey: n.idempotencyKey, userId: n.userId, kind: n.kind, taskId: n.taskId ?? null, title: n.title })
      .orIgnore()
      .execute();
  }

  /** A page of the user's notifications, newest first, keyset on (created_at, notification_id). */
  async list(userId: string, unseenOnly: boolean, before: { createdAt: string; id: string } | undefined, limit: number): Promise<NotificationEntity[]> {
    const q = this.rows().createQueryBuilder('n').where('n.user_id = :userId', { userId });
    if (unseenOnly) q.andWhere('n.seen_at IS NULL');
    if (before) q.andWhere('(n.created_at, n.notification_id) < (:createdAt::timestamptz, :id::uuid)', { createdAt: before.createdAt, id: before.id });
    return q.orderBy('n.created_at', 'DESC').addOrderBy('n.notification_id', 'DESC').limit(limit).getMany();
  }

  /** Sets seen_at the first time only; a repeat answers the same row. */
  async markSeen(userId: string, notificationId: string): Promise<NotificationEntity | undefined> {
    await this.rows().update({ notificationId, userId }, { seenAt: () => 'COALESCE(seen_at, now())' });
    return (await this.rows().findOneBy({ notificationId, userId })) ?? undefined;
  }

  async unseenCount(userId: string): Promise<number> {
    return this.rows().countBy({ userId, seenAt: IsNull() });
  }
}
