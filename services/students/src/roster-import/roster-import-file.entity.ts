import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One sealed segment of an uploaded roster file (students.roster_import_files), kept until the import's retention ends. */
@Entity({ schema: 'students', name: 'roster_import_files' })
export class RosterImportFileEntity {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' }) importId!: string;
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  /** Ciphertext of the segment. */
  @Column({ type: 'bytea' }) data!: Buffer;
  @Column({ name: 'key_version', type: 'integer' }) keyVersion!: number;
}
