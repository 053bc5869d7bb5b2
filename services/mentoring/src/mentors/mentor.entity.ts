import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A mentor (mentoring.mentors): a teacher, an alumnus or an enterprise volunteer, with a capacity. */
@Entity({ schema: 'mentoring', name: 'mentors' })
export class MentorEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'text', nullable: true }) userId!: string | null;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'smallint' }) capacity!: number;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) expertise!: string[];
  @Column({ name: 'region_code', type: 'text' }) regionCode!: string;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
