import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Data for a semester payment cycle at scale, as the cycle benchmark and the reliability suite load
 * it: students (one household per county, spread over 37 counties) with encrypted bank accounts, by
 * COPY; then, per term, the ledger rows approval would have planned (paid by the cycle).
 */
export const CYCLE_SCHEME = 'junior-secondary-boarding-living-allowance';
export const CYCLE_AMOUNT_FEN = 62500;
export const CYCLE_COUNTIES = Array.from({ length: 37 }, (_v, i) => `42${String(1 + (i % 13)).padStart(2, '0')}${String(21 + Math.floor(i / 13)).padStart(2, '0')}`);
export const cycleStudentId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const accountOf = (i: number) => `62170000${String(100000 + i).padStart(11, '0')}`;

/** Seals one bank account number as the students service stores it (its FieldCipher, field 'bank-account'). */
export type AccountSealer = (account: string) => { cipher: Buffer; keyVersion: number };

/** `count` students with encrypted bank accounts, by COPY (staged through a file in `work`). */
export async function seedCycleStudents(db: Client, work: string, count: number, seal: AccountSealer): Promise<void> {
  const households = new Map<string, string>();
  for (const county of CYCLE_COUNTIES) {
    const { rows } = await db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [`HH-BENCH-${county}`, `${county}001001`, county]);
    households.set(county, rows[0].id);
  }
  const studentsPath = path.join(work, 'students.copy');
  await pipeline(
    Readable.from(
      (function* () {
        for (let i = 1; i <= count; i += 1) {
          const county = CYCLE_COUNTIES[i % CYCLE_COUNTIES.length];
          const hex = i.toString(16).padStart(32, '0');
          yield [cycleStudentId(i), `\\\\x${hex}`, 1, `\\\\x${hex}${hex}`, '420***********0000', `学生${i}`, '2013-05-01', 'female', households.get(county), `${county}001001`, county,
            `${county}0001`, county, i % 3 === 0 ? 'primary' : 'junior-secondary', 2, 't', '2031-2032'].join('\t') + '\n';
        }
      })(),
    ),
    createWriteStream(studentsPath),
  );
  await pipeline(createReadStream(studentsPath), db.query(copyFrom(`COPY students.students (id, national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id,
    village_code, county_code, school_code, school_county_code, stage, grade, boarding, academic_year) FROM STDIN`)));
  await pipeline(
    Readable.from(
      (function* () {
        for (let i = 1; i <= count; i += 1) {
          const account = accountOf(i);
          const sealed = seal(account);
          yield [cycleStudentId(i), `\\\\x${sealed.cipher.toString('hex')}`, sealed.keyVersion, `**** ${account.slice(-4)}`, `家长${i}`, 'bench'].join('\t') + '\n';
        }
      })(),
    ),
    db.query(copyFrom('COPY students.bank_accounts (student_id, account_cipher, account_key_version, account_masked, holder_name, updated_by) FROM STDIN')),
  );
  await db.query('ANALYZE students.students; ANALYZE students.bank_accounts');
}

/**
 * How the term's ledger rows were planned:
 *  - 'campaign': as the annual campaign plans the province's year (campaigns.repository planChunk):
 *    county by county, each county's students in id order, each student's rows of both semesters
 *    of the year together (the term's and the other's, which stays planned for its own cycle);
 *  - 'interleaved': one row per student for the term alone, students alternating over the 37
 *    counties, as applications approved one at a time across the province would leave it (each
 *    page of the ledger holds rows of as many counties as rows, the worst case for a county's
 *    batch: every row it writes is on a page of its own).
 */
export type LedgerOrder = 'campaign' | 'interleaved';

/**
 * The ledger rows of `term` (academic year `year`, starting on `startsOn`), as approval plans them
 * (paid by the cycle, CYCLE_AMOUNT_FEN each), for the first `size` seeded students, in `order`
 * (default 'interleaved').
 */
export async function planCyclePayments(db: Client, options: { year: string; term: string; size: number; startsOn: string; order?: LedgerOrder }): Promise<void> {
  const campaign = options.order === 'campaign';
  // The campaign plans the year's other semester with the term (S1 with S2, S2 with S1), six months on.
  const other = options.term.endsWith(':S1') ? options.term.replace(/:S1$/, ':S2') : options.term.replace(/:S2$/, ':S1');
  const semesters = campaign ? [options.term, other] : [options.term];
  // Keys as each planner makes them: the workflow id (the campaign's per county, an application's per
  // student and year), then the student for a campaign, then scheme and semester.
  await db.query(
    `INSERT INTO students.aid_payments (idempotency_key, workflow_id, student_id, academic_year, semester, scheme, rule_id, standards_version, amount_fen, starts_on, paid_by)
     SELECT CASE WHEN $7 THEN 'campaign:' || $1::text || ':' || s.id ELSE 'aid-application:' || s.id || ':' || $1::text END || ':' || $2::text || ':' || sem.semester,
            CASE WHEN $7 THEN 'campaign:' || $1::text || ':' || s.county_code ELSE 'aid-application:' || s.id || ':' || $1::text END,
            s.id, $1::text, sem.semester, $2::text, 'JS-BOARD-1250', 'hubei-2026.1', $5::bigint, CASE WHEN sem.semester = $3::text THEN $6::date ELSE $6::date + 181 END, 'cycle'
       FROM students.students s, unnest($8::text[]) AS sem(semester)
      WHERE s.id <= $4::uuid
      ORDER BY CASE WHEN $7 THEN s.county_code END, s.id, sem.semester`,
    [options.year, CYCLE_SCHEME, options.term, cycleStudentId(options.size), CYCLE_AMOUNT_FEN, options.startsOn, campaign, semesters],
  );
  await db.query('ANALYZE students.aid_payments');
}
