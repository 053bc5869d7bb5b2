import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A chunk of a roster file written, and what it counted (students.roster_import_chunks): a retried chunk answers this. */
@Entity({ schema: 'students', name: 'roster_import_chunks' })
export class RosterImportChunkEntity {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' }) importId!: string;
  /** Byte offsets into the file (bigint, read as strings). */
  @PrimaryColumn({ name: 'start_offset', type: 'bigint' }) startOffset!: string;
  @Column({ name: 'end_offset', type: 'bigint' }) endOffset!: string;
  @Column({ name: 'next_row', type: 'integer' }) nextRow!: number;
  @Column({ name: 'rows_read', type: 'integer' }) rowsRead!: number;
  @Column({ name: 'rows_accepted', type: 'integer' }) rowsAccepted!: number;
  @Column({ name: 'rows_rejected', type: 'integer' }) rowsRejected!: number;
}
