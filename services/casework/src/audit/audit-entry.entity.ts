import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Reads the bigserial sequence as a number: far below 2^53 entries. */
const seqNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/**
 * One entry of the append-only, hash-chained audit log (casework.audit_log). A trigger refuses
 * UPDATE and DELETE; appends go through AuditRepository, serialised by an advisory lock.
 */
@Entity({ schema: 'casework', name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint', insert: false, update: false, transformer: seqNumber }) seq!: number;
  @Column({ name: 'entry_id', type: 'uuid' }) entryId!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ name: 'subject_type', type: 'text', nullable: true }) subjectType!: string | null;
  @Column({ name: 'subject_id', type: 'text', nullable: true }) subjectId!: string | null;
  @Column({ name: 'division_code', type: 'text', nullable: true }) divisionCode!: string | null;
  @Column({ type: 'jsonb', nullable: true }) before!: unknown;
  @Column({ type: 'jsonb', nullable: true }) after!: unknown;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId!: string | null;
  @Column({ name: 'idempotency_key', type: 'text', nullable: true }) idempotencyKey!: string | null;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash!: string;
  @Column({ type: 'text' }) hash!: string;
}
