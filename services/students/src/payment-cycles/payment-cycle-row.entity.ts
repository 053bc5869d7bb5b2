import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which ledger rows a cycle's run claimed for a county (students.payment_cycle_rows), and the stage
 * each is paid under: the claim lists a row without writing it, and 'sending' copies the listing's
 * county and stage onto the ledger row with the term and run. A row listed and not yet stamped is
 * the listing run's; one stamped for another run is not (a later run took it over). Written and
 * walked only by the ledger's bulk statements (payments.repository.ts), never row by row; the entity
 * is its description.
 */
@Entity({ schema: 'students', name: 'payment_cycle_rows' })
export class PaymentCycleRowEntity {
  @PrimaryColumn({ type: 'text' }) term!: string;
  @PrimaryColumn({ type: 'integer' }) run!: number;
  @PrimaryColumn({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @PrimaryColumn({ name: 'ledger_id', type: 'bigint' }) ledgerId!: string;
  /** NULL for rows listed before the claim stopped stamping the ledger (their stage is on the row). */
  @Column({ type: 'text', nullable: true }) stage!: string | null;
}
