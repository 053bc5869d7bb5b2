import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Aid applications (one row per workflow, for scope checks and lists), students' bank accounts
 * (AES-256-GCM under FieldCipher 'bank-account', only the masked form in clear) and the payment
 * ledger: one row per scheme and semester, whose idempotency key (workflow id + scheme + semester)
 * is UNIQUE, so a payment can be planned and paid once only.
 */
export class CreateAidLedger1764600000000 implements MigrationInterface {
  name = 'CreateAidLedger1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE students.aid_applications (
        workflow_id text PRIMARY KEY,
        student_id uuid NOT NULL REFERENCES students.students (id),
        academic_year text NOT NULL,
        village_code char(12) NOT NULL,
        county_code char(6) NOT NULL,
        school_code text,
        submitted_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX aid_applications_student_idx ON students.aid_applications (student_id, academic_year)`);
    await q.query(`
      CREATE TABLE students.bank_accounts (
        student_id uuid PRIMARY KEY REFERENCES students.students (id) ON DELETE CASCADE,
        account_cipher bytea NOT NULL,
        account_key_version integer NOT NULL,
        account_masked text NOT NULL,
        holder_name text NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE students.aid_payments (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL,
        workflow_id text NOT NULL,
        student_id uuid NOT NULL REFERENCES students.students (id),
        academic_year text NOT NULL,
        semester text NOT NULL,
        scheme text NOT NULL,
        rule_id text NOT NULL,
        standards_version text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        starts_on date NOT NULL,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'sending', 'paid', 'failed', 'cancelled')),
        bank_reference text,
        failure_reason text,
        cancel_reason text,
        attempts integer NOT NULL DEFAULT 0,
        planned_at timestamptz NOT NULL DEFAULT now(),
        paid_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT aid_payments_idempotency_key_key UNIQUE (idempotency_key)
      )`);
    await q.query(`CREATE INDEX aid_payments_workflow_idx ON students.aid_payments (workflow_id, semester)`);
    await q.query(`CREATE INDEX aid_payments_student_idx ON students.aid_payments (student_id, semester, scheme)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE students.aid_payments`);
    await q.query(`DROP TABLE students.bank_accounts`);
    await q.query(`DROP TABLE students.aid_applications`);
  }
}
