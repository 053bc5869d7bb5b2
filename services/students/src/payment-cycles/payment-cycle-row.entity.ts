import { Entity, PrimaryColumn } from 'typeorm';

/**
 * Which ledger rows a cycle's run claimed for a county (students.payment_cycle_rows). Written and
 * walked only by the ledger's bulk statements (payments.repository.ts), never row by row; the entity
 * is its description.
 */
@Entity({ schema: 'students', name: 'payment_cycle_rows' })
export class PaymentCycleRowEntity {
  @PrimaryColumn({ type: 'text' }) term!: string;
  @PrimaryColumn({ type: 'integer' }) run!: number;
  @PrimaryColumn({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @PrimaryColumn({ name: 'ledger_id', type: 'bigint' }) ledgerId!: string;
}
