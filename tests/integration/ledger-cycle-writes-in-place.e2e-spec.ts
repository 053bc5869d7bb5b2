import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { PaymentsRepository } from '../../services/students/src/payments/payments.repository';
import { studentsService } from '../../services/students/src/students.service';
import { CYCLE_AMOUNT_FEN, CYCLE_SCHEME, cycleStudentId, seedCycleStudents } from '../benchmarks/cycle-seed';

const YEAR = '2049-2050';
const TERM = `${YEAR}:S1`;
const STUDENTS = 120;

/**
 * A cycle writes each ledger row three times (claim, 'sending', 'paid'), and each write must be a
 * heap-only update: the new version on the row's own page, no index written. The claim is the hard
 * one: it rewrites every row of a page in one statement, so the page needs room for a second, wider
 * version of each (the claimed row carries the run's term, county and stage). Rows as approval plans
 * them (PaymentsRepository.plan, one application each) are claimed, sent and paid, and every row must
 * still be on the page it was planned on.
 */
describe('a payment cycle writes each ledger row in place', () => {
  let eduaid: EduaidHarness;
  let ledger: PaymentsRepository;
  let work: string;

  beforeAll(async () => {
    eduaid = await startEduaid('ledger-cycle-writes-in-place', [studentsService], { workflowWorker: false });
    ledger = eduaid.app('students').get(PaymentsRepository, { strict: false });
    work = mkdtempSync(path.join(os.tmpdir(), 'eduaid-ledger-in-place-'));
    const client = new Client({ connectionString: eduaid.db.url });
    await client.connect();
    try {
      await seedCycleStudents(client, work, STUDENTS, () => ({ cipher: randomBytes(32), keyVersion: 1 }));
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await eduaid?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Each of the term's ledger rows and the page (heap block) it is on. */
  async function pages(): Promise<Map<string, number>> {
    const rows = await eduaid.db.query<{ id: string; page: number }>(
      `SELECT id::text AS id, (ctid::text::point)[0]::int AS page FROM students.aid_payments WHERE semester = $1`,
      [TERM],
    );
    return new Map(rows.map((r) => [r.id, r.page]));
  }

  function moved(before: Map<string, number>, after: Map<string, number>): string[] {
    return [...before].filter(([id, page]) => after.get(id) !== page).map(([id]) => id);
  }

  it('claims, sends and pays every row without moving it off its page', async () => {
    for (let i = 1; i <= STUDENTS; i += 1) {
      const studentId = cycleStudentId(i);
      const workflowId = `aid-application:${studentId}:${YEAR}`;
      const line = { scheme: CYCLE_SCHEME, ruleId: 'JS-BOARD-1250', semester: TERM, startsOn: '2049-09-01', amountFen: CYCLE_AMOUNT_FEN };
      expect(await ledger.plan({ workflowId, studentId, academicYear: YEAR, standardsVersion: 'hubei-2026.1', lines: [line] }, 'cycle')).toBe(1);
    }
    const planned = await pages();
    expect(planned.size).toBe(STUDENTS);
    // The rows fill whole pages (the case that matters: a page with no room left but the fill factor's).
    const perPage = new Map<number, number>();
    for (const page of planned.values()) perPage.set(page, (perPage.get(page) ?? 0) + 1);
    expect(perPage.size).toBeGreaterThanOrEqual(10);
    expect(Math.max(...perPage.values())).toBeGreaterThanOrEqual(8);

    const { claimed } = await ledger.claimForCycle(TERM, '0', 20_000, 1);
    expect(claimed).toBe(STUDENTS);
    const afterClaim = await pages();
    expect(moved(planned, afterClaim)).toEqual([]);

    const ids = [...planned.keys()];
    const sending = await ledger.markSendingMany(TERM, ids);
    expect(sending.size).toBe(STUDENTS);
    const paid = await ledger.markPaidByIds(TERM, ids.map((id) => ({ id, reference: `BR-${id}` })));
    expect(paid.n).toBe(STUDENTS);
    expect(moved(planned, await pages())).toEqual([]);

    const [counts] = await eduaid.db.query<{ paid: number; listed: number }>(
      `SELECT (SELECT count(*)::int FROM students.aid_payments WHERE semester = $1 AND status = 'paid' AND attempts = 1) AS paid,
              (SELECT count(*)::int FROM students.payment_cycle_rows WHERE term = $1 AND run = 1) AS listed`,
      [TERM],
    );
    expect(counts).toEqual({ paid: STUDENTS, listed: STUDENTS });
  });
});
