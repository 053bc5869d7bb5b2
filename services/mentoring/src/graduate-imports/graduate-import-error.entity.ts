import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A refused field of a graduates list's row (mentoring.graduate_import_errors). */
@Entity({ schema: 'mentoring', name: 'graduate_import_errors' })
export class GraduateImportErrorEntity {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' }) importId!: string;
  @PrimaryColumn({ name: 'row_number', type: 'integer' }) rowNumber!: number;
  @PrimaryColumn({ type: 'text' }) field!: string;
  @Column({ type: 'text' }) reason!: string;
}
