import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One event of a job-assistance case (mentoring.case_events): a check-in, a missed one, an outcome… once per key. */
@Entity({ schema: 'mentoring', name: 'case_events' })
export class CaseEventEntity {
  /** bigserial: pg gives it back as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'graduate_id', type: 'uuid' }) graduateId!: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'jsonb', nullable: true }) detail!: object | null;
}
