import { Injectable } from '@nestjs/common';
import type { Caller } from '@eduaid/contracts';
import { decodeKeysetCursor as decodeCursor, DomainError, encodeKeysetCursor as encodeCursor } from '@eduaid/platform';
import type { NotificationEntity } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';
import type { NotificationDto, NotificationPageDto, NotificationQueryDto } from './dto/notifications.dto';

function dto(row: NotificationEntity): NotificationDto {
  return {
    notificationId: row.notificationId,
    kind: row.kind,
    taskId: row.taskId ?? undefined,
    title: row.title,
    createdAt: row.createdAt.toISOString(),
    seenAt: row.seenAt?.toISOString(),
  };
}

/** Each user's in-app notifications: their own only. */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationsRepository) {}

  async list(caller: Caller, query: NotificationQueryDto): Promise<NotificationPageDto> {
    const limit = query.limit ?? 20;
    const before = query.cursor ? decodeCursor(query.cursor, ['timestamptz', 'uuid']) : undefined;
    const rows = await this.notifications.list(caller.userId, query.unseenOnly ?? false, before && { createdAt: before[0] as string, id: before[1] as string }, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(dto),
      unseen: await this.notifications.unseenCount(caller.userId),
      nextCursor: rows.length > limit ? encodeCursor([last.createdAt.toISOString(), last.notificationId]) : undefined,
    };
  }

  async markSeen(caller: Caller, notificationId: string): Promise<NotificationDto> {
    const row = await this.notifications.markSeen(caller.userId, notificationId);
    // Someone else's notification answers the same as a missing one.
    if (!row) throw new DomainError('notification.not-found', 'not-found', `No notification ${notificationId} for you.`);
    return dto(row);
  }
}
