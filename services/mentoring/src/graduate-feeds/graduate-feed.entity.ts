import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One run of the registry feed (mentoring.graduate_feeds): its counters, moved once per batch, and state; at most one running. */
@Entity({ schema: 'mentoring', name: 'graduate_feeds' })
export class GraduateFeedEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'academic_year', type: 'text' }) academicYear!: string;
  @Column({ type: 'text' }) state!: string;
  @Column({ name: 'started_by', type: 'text' }) startedBy!: string;
  @Column({ type: 'integer', default: 0 }) batches!: number;
  @Column({ name: 'students_read', type: 'integer', default: 0 }) studentsRead!: number;
  @Column({ type: 'integer', default: 0 }) created!: number;
  @Column({ type: 'integer', default: 0 }) updated!: number;
  @Column({ type: 'text', nullable: true }) failure!: string | null;
  @Column({ name: 'started_at', type: 'timestamptz', insert: false, update: false }) startedAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}
