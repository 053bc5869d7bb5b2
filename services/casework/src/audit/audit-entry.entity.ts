import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Any JSON value a jsonb column gives back. */
export type AuditJson = object | string | number | boolean | null;

/**
 * One entry of the append-only, hash-chained audit log (casework.audit_log). A trigger refuses
 * UPDATE and DELETE; appends go through AuditRepository, serialised by an advisory lock.
 */
@Entity({ schema: 'casework', name: 'audit_log' })
export class AuditEntryEntity {
  /** bigserial: the chain's order; pg gives it back as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string;
  @Column({ name: 'entry_id', type: 'uuid' }) entryId!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ name: 'subject_type', type: 'text', nullable: true }) subjectType!: string | null;
  @Column({ name: 'subject_id', type: 'text', nullable: true }) subjectId!: string | null;
  @Column({ name: 'division_code', type: 'text', nullable: true }) divisionCode!: string | null;
  @Column({ type: 'jsonb', nullable: true }) before!: AuditJson;
  @Column({ type: 'jsonb', nullable: true }) after!: AuditJson;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId!: string | null;
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey!: string | null;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash!: string;
  @Column({ type: 'text' }) hash!: string;
}
