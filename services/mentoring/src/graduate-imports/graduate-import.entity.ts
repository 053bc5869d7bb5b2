import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ScopeLevel } from '@eduaid/contracts';

/**
 * A university's graduates list being imported (mentoring.graduate_imports): the upload (kept until
 * its import finishes; it names students by registry id and holds only sealed national IDs), its
 * status and counters.
 */
@Entity({ schema: 'mentoring', name: 'graduate_imports' })
export class GraduateImportEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'file_name', type: 'text' }) fileName!: string;
  @Column({ type: 'text' }) encoding!: string;
  @Column({ name: 'size_bytes', type: 'integer' }) sizeBytes!: number;
  @Column({ type: 'bytea', nullable: true }) file!: Buffer | null;
  @Column({ name: 'scope_level', type: 'text' }) scopeLevel!: ScopeLevel;
  @Column({ name: 'scope_code', type: 'text' }) scopeCode!: string;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'chunks_total', type: 'integer', nullable: true }) chunksTotal!: number | null;
  @Column({ name: 'chunks_done', type: 'integer', default: 0 }) chunksDone!: number;
  @Column({ name: 'rows_read', type: 'integer', default: 0 }) rowsRead!: number;
  @Column({ name: 'rows_accepted', type: 'integer', default: 0 }) rowsAccepted!: number;
  @Column({ name: 'rows_rejected', type: 'integer', default: 0 }) rowsRejected!: number;
  @Column({ type: 'text', nullable: true }) failure!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  /** The sender key the upload's national IDs were sealed with (a public key). */
  @Column({ name: 'seal_key', type: 'text', nullable: true }) sealKey!: string | null;
}
