import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far the bank's returns feed has been read (students.bank_return_feed), one row per feed. */
@Entity({ schema: 'students', name: 'bank_return_feed' })
export class BankReturnFeedEntity {
  @PrimaryColumn({ type: 'text' }) feed!: string;
  /** bigint, read as a string. */
  @Column({ type: 'bigint', default: 0 }) position!: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
