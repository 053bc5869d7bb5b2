import { CASEWORK_URL_VARIABLE } from '@eduaid/platform';
import { EduaidHarness, startEduaid } from '@eduaid/testing';
import { BankSandbox, startBankSandbox } from '../../infra/bank-sandbox/bank-sandbox';
import { caseworkService } from '../../services/casework/src/casework.service';
import { BankAccountsRepository } from '../../services/students/src/payments/bank-accounts.repository';
import { BANK_API_URL_VARIABLE, BANK_TIMEOUT_VARIABLE } from '../../services/students/src/payments/bank-http.provider';
import { studentsService } from '../../services/students/src/students.service';
import { seedUsers } from './casework-fixtures';

/** One line of the bank sandbox's record (GET /_sandbox/ledger). */
export interface BankLine { idempotencyKey: string; status: string; amountFen: number; paymentId?: string; code?: string; timesPaid: number }

/**
 * The payment-cycle suites' world: the bank sandbox (faults settable per test), casework and the
 * students service pointed at it with short batch deadlines, and the demo users. Registers the
 * suite's beforeAll/afterAll; the getters answer what beforeAll started.
 */
export function paymentCycleSuite(name: string): { eduaid: () => EduaidHarness; bank: () => BankSandbox } {
  let eduaid: EduaidHarness;
  let bank: BankSandbox;
  beforeAll(async () => {
    bank = await startBankSandbox();
    eduaid = await startEduaid(name, [caseworkService, studentsService], {
      env: { [BANK_API_URL_VARIABLE]: bank.url, [BANK_TIMEOUT_VARIABLE]: '2000', EDUAID_BANK_BATCH_DEADLINE_MS: '1500', EDUAID_BANK_BATCH_POLL_MS: '100' },
    });
    process.env[CASEWORK_URL_VARIABLE] = eduaid.http('casework').baseUrl;
    await seedUsers(eduaid);
  });
  afterAll(async () => {
    await eduaid?.close();
    await bank?.stop();
  });
  return { eduaid: () => eduaid, bank: () => bank };
}

/**
 * `count` students of one household in a county (national ids derived from `seed`), in `year`; every
 * third a primary pupil when `stages` is 'mixed', else all junior-secondary. Each gets a bank account
 * (`account(i)`) unless its index is in `withoutAccount`. Answers their ids in order.
 */
export async function cycleStudents(
  eduaid: EduaidHarness,
  options: { countyCode: string; count: number; seed: string; household: string; year: string; stages: 'mixed' | 'junior-secondary'; account: (i: number) => string; withoutAccount?: number[]; by: string },
): Promise<string[]> {
  const { countyCode } = options;
  const village = `${countyCode}001001`;
  const [h] = await eduaid.db.query<{ id: string }>(`INSERT INTO students.households (household_no, village_code, county_code) VALUES ($1, $2, $3) RETURNING id`, [options.household, village, countyCode]);
  const rows = await eduaid.db.query<{ id: string }>(
    `INSERT INTO students.students (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex, household_id, village_code, county_code, special_hardship,
       school_code, school_county_code, stage, grade, boarding, academic_year)
     SELECT decode(md5($1::text || g) || md5(g || $1::text), 'hex'), 1, sha256(convert_to($1::text || ':' || g, 'UTF8')), '420***********0000', '学生' || g, '2013-05-01', 'female', $2::uuid, $3::text, $4::text, false,
            $4::text || '0001', $4::text, CASE WHEN $7::text = 'mixed' AND g % 3 = 0 THEN 'primary' ELSE 'junior-secondary' END, 2, true, $6::text
       FROM generate_series(1, $5::int) AS g ORDER BY g RETURNING id`,
    [options.seed, h.id, village, countyCode, options.count, options.year, options.stages],
  );
  const accounts = eduaid.app('students').get(BankAccountsRepository, { strict: false });
  for (let i = 0; i < rows.length; i += 1) {
    if (!options.withoutAccount?.includes(i)) await accounts.upsert(rows[i].id, options.account(i), `家长${i}`, options.by);
  }
  return rows.map((r) => r.id);
}

/** The bank sandbox's record, by idempotency key. */
export async function bankRecord(bank: BankSandbox): Promise<Map<string, BankLine>> {
  const text = await (await fetch(`${bank.url}/_sandbox/ledger`)).text();
  return new Map(text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as BankLine).map((l) => [l.idempotencyKey, l]));
}
