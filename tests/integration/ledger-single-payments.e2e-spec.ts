import { randomBytes, randomUUID } from 'node:crypto';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { PaymentsRepository } from '../../services/students/src/payments/payments.repository';
import { studentsService } from '../../services/students/src/students.service';

const YEAR = '2047-2048';
const COUNTY = '420105';
const SCHEME = 'junior-secondary-boarding-living-allowance';

/**
 * An application's own ledger rows, moved one at a time (the single-payment path): each move happens
 * only from the status it is guarded by, so a retried or late call never pays, fails or re-sends a
 * row twice; a failed row gets one next attempt, however often it is asked for.
 */
describe('the ledger moves an application\'s own payments only from the status each step expects', () => {
  let eduaid: EduaidHarness;
  let ledger: PaymentsRepository;

  beforeAll(async () => {
    eduaid = await startEduaid('ledger-single-payments', [studentsService], { workflowWorker: false });
    ledger = eduaid.app('students').get(PaymentsRepository, { strict: false });
  });
  afterAll(async () => {
    await eduaid?.close();
  });

  async function student(): Promise<string> {
    const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-${randomUUID()}`, `${COUNTY}001001`, COUNTY]);
    const seed = randomBytes(8).toString('hex');
    const [s] = await eduaid.db.query<{ id: string }>(
      `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code)
       VALUES (decode(md5($1), 'hex'), 1, decode(md5($1 || 'i'), 'hex'), '**************0000', '学生', '2033-05-01', 'female', $2, $3, $4) RETURNING id`,
      [seed, h.id, `${COUNTY}001001`, COUNTY],
    );
    return s.id;
  }

  async function row(id: string): Promise<{ status: string; attempts: number; bank_reference: string | null; failure_reason: string | null; paid_at: Date | null }> {
    const [r] = await eduaid.db.query<{ status: string; attempts: number; bank_reference: string | null; failure_reason: string | null; paid_at: Date | null }>(
      'SELECT status, attempts, bank_reference, failure_reason, paid_at FROM students.aid_payments WHERE id = $1',
      [id],
    );
    return r;
  }

  it('sends, pays and fails each row once, and plans one next attempt of a failed row', async () => {
    const studentId = await student();
    const workflowId = `aid-application:${studentId}:${YEAR}`;
    const planned = await ledger.plan({
      workflowId, studentId, academicYear: YEAR, standardsVersion: 'hubei-2026.1', paidBy: 'application',
      lines: [
        { scheme: SCHEME, ruleId: 'JS-BOARD-1250', semester: `${YEAR}:S2`, startsOn: '2048-03-01', amountFen: 62_500 },
        { scheme: SCHEME, ruleId: 'JS-BOARD-1250', semester: `${YEAR}:S1`, startsOn: '2047-09-01', amountFen: 62_500 },
      ],
    });
    expect(planned).toBe(2);

    // The application's rows, by semester; the semester's rows it pays itself.
    const rows = await ledger.ofApplication(workflowId);
    expect(rows.map((r) => [r.semester, r.scheme, r.amount_fen, r.status, r.paid_by])).toEqual([
      [`${YEAR}:S1`, SCHEME, '62500', 'planned', 'application'],
      [`${YEAR}:S2`, SCHEME, '62500', 'planned', 'application'],
    ]);
    const [first] = await ledger.ofSemester(workflowId, `${YEAR}:S1`);
    expect(first).toMatchObject({ id: rows[0].id, idempotency_key: rows[0].idempotency_key, student_id: studentId, bank_reference: null, paid_at: null });
    const second = rows[1];

    // Paid only from 'sending': a bank answer for a row never sent changes nothing.
    await ledger.markPaid(first.id, 'REF-EARLY');
    expect(await row(first.id)).toMatchObject({ status: 'planned', bank_reference: null });

    // Sent twice (an unknown outcome sent again): one row, two attempts counted.
    await ledger.markSending(first.id);
    await ledger.markSending(first.id);
    expect(await row(first.id)).toMatchObject({ status: 'sending', attempts: 2 });

    await ledger.markPaid(first.id, 'REF-1');
    const paid = await row(first.id);
    expect(paid).toMatchObject({ status: 'paid', bank_reference: 'REF-1' });
    expect(paid.paid_at).toBeInstanceOf(Date);

    // A paid row stays paid whatever comes late: no failure, no second send, no second reference.
    await ledger.markFailed(first.id, 'late refusal');
    await ledger.markSending(first.id);
    await ledger.markPaid(first.id, 'REF-2');
    expect(await row(first.id)).toMatchObject({ status: 'paid', attempts: 2, bank_reference: 'REF-1', failure_reason: null });

    // A refused row fails with the bank's reason, and gets exactly one next attempt.
    await ledger.markFailed(second.id, 'account closed');
    expect(await row(second.id)).toMatchObject({ status: 'failed', failure_reason: 'account closed' });
    const next = await ledger.planNextAttempt(second.id);
    expect(next).toBeDefined();
    expect(await ledger.planNextAttempt(second.id)).toBe(next);
    const attempts = await eduaid.db.query<{ id: string; attempt: number; retry_of: string | null; status: string }>(
      'SELECT id::text AS id, attempt, retry_of::text AS retry_of, status FROM students.aid_payments WHERE workflow_id = $1 AND semester = $2 ORDER BY id',
      [workflowId, `${YEAR}:S2`],
    );
    expect(attempts).toEqual([
      { id: second.id, attempt: 1, retry_of: null, status: 'failed' },
      { id: next, attempt: 2, retry_of: second.id, status: 'planned' },
    ]);
  });
});
