import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ScopeLevel } from '@eduaid/contracts';

/**
 * One roster upload and its import (students.roster_imports): the file, the importer's scope, its
 * status and progress. bigint byte counts read as strings, as the status has always shown them.
 */
@Entity({ schema: 'students', name: 'roster_imports' })
export class RosterImportEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'file_name', type: 'text' }) fileName!: string;
  @Column({ type: 'text' }) encoding!: string;
  @Column({ name: 'size_bytes', type: 'bigint' }) sizeBytes!: string;
  @Column({ type: 'text' }) sha256!: string;
  @Column({ name: 'scope_level', type: 'text' }) scopeLevel!: ScopeLevel;
  @Column({ name: 'scope_code', type: 'text' }) scopeCode!: string;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ type: 'text' }) status!: 'uploaded' | 'running' | 'completed' | 'failed';
  @Column({ name: 'rows_read', type: 'integer', default: 0 }) rowsRead!: number;
  @Column({ name: 'rows_accepted', type: 'integer', default: 0 }) rowsAccepted!: number;
  @Column({ name: 'rows_rejected', type: 'integer', default: 0 }) rowsRejected!: number;
  @Column({ name: 'bytes_done', type: 'bigint', default: 0 }) bytesDone!: string;
  @Column({ type: 'text', nullable: true }) failure!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
}
