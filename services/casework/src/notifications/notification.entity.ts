import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NotificationKind } from '@eduaid/contracts';

/** One notification to one user (casework.notifications), written once per idempotency key. */
@Entity({ schema: 'casework', name: 'notifications' })
export class NotificationEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'uuid' }) notificationId!: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey!: string;
  @Column({ name: 'user_id', type: 'text' }) userId!: string;
  @Column({ type: 'text' }) kind!: NotificationKind;
  @Column({ name: 'task_id', type: 'uuid', nullable: true }) taskId!: string | null;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'seen_at', type: 'timestamptz', nullable: true }) seenAt!: Date | null;
}
