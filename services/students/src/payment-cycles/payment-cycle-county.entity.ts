import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A county of a cycle's run and its counts (students.payment_cycle_counties). bigint fen sums read as strings. */
@Entity({ schema: 'students', name: 'payment_cycle_counties' })
export class PaymentCycleCountyEntity {
  @PrimaryColumn({ type: 'text' }) term!: string;
  @PrimaryColumn({ type: 'integer', default: 1 }) run!: number;
  @PrimaryColumn({ name: 'county_code', type: 'char', length: 6 }) countyCode!: string;
  @Column({ type: 'text', default: 'waiting' }) state!: 'waiting' | 'running' | 'done' | 'cancelled';
  @Column({ type: 'integer', default: 0 }) due!: number;
  @Column({ name: 'due_fen', type: 'bigint', default: 0 }) dueFen!: string;
  @Column({ type: 'integer', default: 0 }) planned!: number;
  @Column({ type: 'integer', default: 0 }) sending!: number;
  @Column({ type: 'integer', default: 0 }) paid!: number;
  @Column({ name: 'paid_fen', type: 'bigint', default: 0 }) paidFen!: string;
  @Column({ type: 'integer', default: 0 }) failed!: number;
  @Column({ name: 'failed_fen', type: 'bigint', default: 0 }) failedFen!: string;
  @Column({ type: 'integer', default: 0 }) cancelled!: number;
  @Column({ type: 'integer', default: 0 }) batches!: number;
  @Column({ type: 'integer', default: 0 }) rounds!: number;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
