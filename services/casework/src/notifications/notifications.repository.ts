import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { NotificationKind } from '@eduaid/contracts';

export interface NotificationRow {
  notification_id: string;
  user_id: string;
  kind: NotificationKind;
  task_id: string | null;
  title: string;
  created_at: Date;
  seen_at: Date | null;
}

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** At least once from the caller's side, once here: the idempotency key makes a repeat a no-op. */
  async add(n: { idempotencyKey: string; userId: string; kind: NotificationKind; taskId?: string; title: string }, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO casework.notifications (notification_id, idempotency_key, user_id, kind, task_id, title)
       VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (idempotency_key) DO NOTHING`,
      [randomUUID(), n.idempotencyKey, n.userId, n.kind, n.taskId ?? null, n.title],
    );
  }

  async list(userId: string, unseenOnly: boolean, before: { createdAt: string; id: string } | undefined, limit: number): Promise<NotificationRow[]> {
    const params: unknown[] = [userId];
    let where = 'user_id = $1';
    if (unseenOnly) where += ' AND seen_at IS NULL';
    if (before) {
      params.push(before.createdAt, before.id);
      where += ` AND (created_at, notification_id) < ($2::timestamptz, $3::uuid)`;
    }
    params.push(limit);
    return this.dataSource.query(
      `SELECT * FROM casework.notifications WHERE ${where} ORDER BY created_at DESC, notification_id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Sets seen_at the first time only; a repeat answers the same row. */
  async markSeen(userId: string, notificationId: string): Promise<NotificationRow | undefined> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows]: [NotificationRow[], number] = await this.dataSource.query(
      `UPDATE casework.notifications SET seen_at = COALESCE(seen_at, now())
       WHERE notification_id = $1 AND user_id = $2 RETURNING *`,
      [notificationId, userId],
    );
    return rows[0];
  }

  async unseenCount(userId: string): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query('SELECT count(*) AS n FROM casework.notifications WHERE user_id = $1 AND seen_at IS NULL', [userId]);
    return Number(rows[0].n);
  }
}
