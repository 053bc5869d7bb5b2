import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A student's bank account (students.bank_accounts): sealed at rest (FieldCipher 'bank-account'), shown masked only. */
@Entity({ schema: 'students', name: 'bank_accounts' })
export class BankAccountEntity {
  @PrimaryColumn({ name: 'student_id', type: 'uuid' }) studentId!: string;
  @Column({ name: 'account_cipher', type: 'bytea' }) accountCipher!: Buffer;
  @Column({ name: 'account_key_version', type: 'integer' }) accountKeyVersion!: number;
  /** '**** 1234'. */
  @Column({ name: 'account_masked', type: 'text' }) accountMasked!: string;
  @Column({ name: 'holder_name', type: 'text' }) holderName!: string;
  @Column({ name: 'updated_by', type: 'text' }) updatedBy!: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
