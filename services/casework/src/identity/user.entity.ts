import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role, ScopeLevel } from '@eduaid/contracts';

/** A person who logs in (casework.users): their roles and the jurisdiction they act in. */
@Entity({ schema: 'casework', name: 'users' })
export class UserEntity {
  @PrimaryColumn({ name: 'user_id', type: 'text' }) userId!: string;
  @Column({ type: 'text' }) username!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash!: string;
  @Column({ name: 'password_salt', type: 'text' }) passwordSalt!: string;
  @Column({ type: 'text', array: true }) roles!: Role[];
  @Column({ name: 'scope_level', type: 'text' }) scopeLevel!: ScopeLevel;
  @Column({ name: 'scope_code', type: 'text' }) scopeCode!: string;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  /** When the user was last given a task (round-robin assignment). */
  @Column({ name: 'last_assigned_at', type: 'timestamptz', nullable: true }) lastAssignedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}
