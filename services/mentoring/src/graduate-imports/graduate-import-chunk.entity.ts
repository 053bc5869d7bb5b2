import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One finished chunk of a graduate import and its counts (mentoring.graduate_import_chunks): a retried chunk counts once. */
@Entity({ schema: 'mentoring', name: 'graduate_import_chunks' })
export class GraduateImportChunkEntity {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' }) importId!: string;
  @PrimaryColumn({ type: 'integer' }) chunk!: number;
  @Column({ name: 'rows_read', type: 'integer' }) rowsRead!: number;
  @Column({ name: 'rows_accepted', type: 'integer' }) rowsAccepted!: number;
  @Column({ name: 'rows_rejected', type: 'integer' }) rowsRejected!: number;
}
