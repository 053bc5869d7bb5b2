import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AccessKind } from './pii-access-log.repository';

/**
 * One read of a full national ID or account number, or one lookup by one (students.pii_access_log,
 * append-only): who, whose record and where it was, which field, when, why.
 */
@Entity({ schema: 'students', name: 'pii_access_log' })
export class PiiAccessEntity {
  /** bigserial: read as a string (the log pages newest first by it). */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
  @Column({ type: 'text', default: 'reveal' }) kind!: AccessKind;
  @Column({ name: 'actor_user_id', type: 'text' }) actorUserId!: string;
  @Column({ name: 'actor_roles', type: 'text', array: true }) actorRoles!: string[];
  /** NULL for a lookup that found nobody. */
  @Column({ name: 'student_id', type: 'uuid', nullable: true }) studentId!: string | null;
  @Column({ type: 'text' }) field!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId!: string | null;
  @Column({ name: 'place_division', type: 'text', nullable: true }) placeDivision!: string | null;
  @Column({ name: 'place_school', type: 'text', nullable: true }) placeSchool!: string | null;
}
