import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PlanPaymentsInput } from '@eduaid/contracts';

export interface PaymentRow {
  id: string;
  idempotency_key: string;
  workflow_id: string;
  student_id: string;
  semester: string;
  scheme: string;
  rule_id: string;
  standards_version: string;
  amount_fen: string;
  status: 'planned' | 'sending' | 'paid' | 'failed' | 'cancelled';
  bank_reference: string | null;
  failure_reason: string | null;
  cancel_reason: string | null;
  paid_at: Date | null;
}

/** The key of one scheme's share of one semester of one application: the ledger's UNIQUE key and the bank's. */
export function paymentKey(workflowId: string, scheme: string, semester: string): string {
  return `${workflowId}:${scheme}:${semester}`;
}

/** The payment ledger (students.aid_payments). */
@Injectable()
export class PaymentsRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** Plans (or, for a re-plan of unpaid ones, revises) the rows; a paid row is never touched. One statement. */
  async plan(input: PlanPaymentsInput): Promise<number> {
    if (input.lines.length === 0) return 0;
    const params: unknown[] = [];
    const values = input.lines.map((l) => {
      params.push(paymentKey(input.workflowId, l.scheme, l.semester), input.workflowId, input.studentId, input.academicYear, l.semester, l.scheme, l.ruleId, input.standardsVersion, l.amountFen, l.startsOn);
      const n = params.length;
      return `(${Array.from({ length: 10 }, (_, i) => `$${n - 9 + i}`).join(',')})`;
    });
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on)
       VALUES ${values.join(',')}
       ON CONFLICT (idempotency_key) DO UPDATE SET amount_fen = EXCLUDED.amount_fen, rule_id = EXCLUDED.rule_id, status = 'planned', cancel_reason = NULL, updated_at = now()
       WHERE students.aid_payments.status IN ('planned', 'cancelled')
       RETURNING id`,
      params,
    );
    return rows.length;
  }

  async cancel(workflowId: string, semesters: string[] | undefined, reason: string): Promise<number> {
    // Counted through a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count], whose length is always 2.
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH cancelled AS (UPDATE students.aid_payments SET status = 'cancelled', cancel_reason = $3, updated_at = now()
        WHERE workflow_id = $1 AND status = 'planned' AND ($2::text[] IS NULL OR semester = ANY($2)) RETURNING id)
       SELECT count(*)::int AS n FROM cancelled`,
      [workflowId, semesters ?? null, reason],
    );
    return n;
  }

  async ofSemester(workflowId: string, semester: string): Promise<PaymentRow[]> {
    return this.dataSource.query(`SELECT * FROM students.aid_payments WHERE workflow_id = $1 AND semester = $2 ORDER BY id`, [workflowId, semester]);
  }

  async ofApplication(workflowId: string): Promise<PaymentRow[]> {
    return this.dataSource.query(`SELECT * FROM students.aid_payments WHERE workflow_id = $1 ORDER BY semester, id`, [workflowId]);
  }

  /** planned → sending, counting the attempt; answers the row as it was (a row already 'sending' had an unknown outcome). */
  async markSending(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE students.aid_payments SET status = 'sending', attempts = attempts + 1, updated_at = now() WHERE id = $1 AND status IN ('planned', 'sending')`, [id]);
  }

  async markPaid(id: string, bankReference: string): Promise<void> {
    await this.dataSource.query(`UPDATE students.aid_payments SET status = 'paid', bank_reference = $2, paid_at = now(), updated_at = now() WHERE id = $1 AND status = 'sending'`, [id, bankReference]);
  }

  async markFailed(id: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE students.aid_payments SET status = 'failed', failure_reason = $2, updated_at = now() WHERE id = $1 AND status IN ('planned', 'sending')`, [id, reason]);
  }

  /** Schemes and semesters of a student planned or paid by any other application. */
  async takenByOthers(studentId: string, academicYear: string, workflowId: string): Promise<{ scheme: string; semester: string; workflow_id: string }[]> {
    return this.dataSource.query(
      `SELECT scheme, semester, workflow_id FROM students.aid_payments
        WHERE student_id = $1 AND academic_year = $2 AND workflow_id <> $3 AND status IN ('planned', 'sending', 'paid')`,
      [studentId, academicYear, workflowId],
    );
  }
}
