import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed logins of one account name or one client address (casework.login_throttle). */
@Entity({ schema: 'casework', name: 'login_throttle' })
export class LoginThrottleEntity {
  /** `account:<name>` or `address:<ip>`. */
  @PrimaryColumn({ type: 'text' }) key!: string;
  @Column({ type: 'integer', default: 0 }) failures!: number;
  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true }) lastFailureAt!: Date | null;
  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true }) lockedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
