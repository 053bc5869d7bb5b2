import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of a roster file refused, and why (students.roster_import_errors), one per row and field. */
@Entity({ schema: 'students', name: 'roster_import_errors' })
export class RosterImportErrorEntity {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' }) importId!: string;
  @PrimaryColumn({ name: 'row_number', type: 'integer' }) rowNumber!: number;
  @PrimaryColumn({ type: 'text' }) field!: string;
  @Column({ type: 'text' }) reason!: string;
}
