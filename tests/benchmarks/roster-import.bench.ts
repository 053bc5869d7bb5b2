import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { maskNationalId, parseNationalId } from '../../libs/contracts/src';
import { FieldCipher } from '../../libs/platform/src/privacy/field-cipher';
import { startEduaid } from '../../libs/testing/src/eduaid-harness';
import { PLAN_SCOPE, ROSTER_COLUMNS, SyntheticProvince, rosterCsvLine, scopeAt } from '../../infra/synthetic/province';
import { schoolsService } from '../../services/schools/src/schools.service';
import { studentsService } from '../../services/students/src/students.service';
import { MemorySampler, mib, startBenchEnvironment } from './bench-environment';

/**
 * `npm run bench:import`: imports the province's 766,000-row roster through the real path (HTTP
 * upload, import workflow, chunked activities) and, in the same run on the same server, times a raw
 * COPY of the same rows into a table defined like students.students (its indexes and its foreign
 * key to households), and, beside it, into one with the indexes alone. Prints the rates, their
 * ratios and memory. `ROWS_FRACTION=0.1 npm run bench:import` runs a slice.
 */
async function main(): Promise<void> {
  const fraction = Number(process.env.ROWS_FRACTION ?? '1');
  const env = await startBenchEnvironment();
  const eduaid = await startEduaid('bench-import', [studentsService, schoolsService]);
  try {
    const admin = await eduaid.authAs({ userId: 'bench' });
    const load = await eduaid.http('schools').post('/admin/synthetic-province', { fraction: 1 }, admin);
    if (load.status >= 300) throw new Error(`loading the synthetic province failed: ${JSON.stringify(load.body)}`);

    const province = new SyntheticProvince(fraction === 1 ? PLAN_SCOPE : { ...PLAN_SCOPE, students: Math.round(PLAN_SCOPE.students * fraction) });
    const csvPath = path.join(env.work, 'roster.csv');
    const copyPath = path.join(env.work, 'roster.copy');
    const cipher = eduaid.app('students').get(FieldCipher);
    console.log(`generating ${province.scope.students.toLocaleString('en')} roster rows…`);
    let rows = 0;
    await pipeline(
      Readable.from(
        (function* () {
          yield ROSTER_COLUMNS.join(',') + '\n';
          for (const row of province.roster(2024)) {
            rows += 1;
            yield rosterCsvLine(row) + '\n';
          }
        })(),
      ),
      createWriteStream(csvPath),
    );
    const size = statSync(csvPath).size;
    console.log(`roster: ${rows.toLocaleString('en')} rows, ${mib(size)}`);

    // 1. eduaid's import, end to end (from a checkpoint, as each baseline starts).
    await eduaid.db.query('CHECKPOINT');
    const sampler = new MemorySampler();
    let fractionDone = 0;
    sampler.start(() => fractionDone);
    const started = performance.now();
    const upload = await fetch(`${eduaid.http('students').baseUrl}/roster-imports?fileName=province.csv`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/csv' },
      body: Readable.toWeb(createReadStream(csvPath)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const { importId } = (await upload.json()) as { importId: string };
    let status: { status: string; rowsAccepted: number; rowsRejected: number; fractionDone: number };
    do {
      await new Promise((r) => setTimeout(r, 500));
      status = (await eduaid.http('students').get<typeof status>(`/roster-imports/${importId}`, admin)).body;
      fractionDone = status.fractionDone;
    } while (status.status === 'uploaded' || status.status === 'running');
    const importSeconds = (performance.now() - started) / 1000;
    sampler.stop();
    if (status.status !== 'completed' || status.rowsAccepted !== rows) {
      throw new Error(`import ended ${status.status} with ${status.rowsAccepted} of ${rows} rows accepted`);
    }

    const [phases] = await eduaid.db.query<{ upload: number; directory_and_inspect: number; chunks: number }>(
      `SELECT extract(epoch FROM started_at - created_at) AS upload,
              extract(epoch FROM (SELECT min(synced_at) FROM students.school_directory) - started_at) AS directory_and_inspect,
              extract(epoch FROM finished_at - started_at) AS chunks
       FROM students.roster_imports WHERE id = $1`,
      [importId],
    );

    // 2. Baselines: a raw COPY of the same rows, prepared outside the timing in students.students's
    //    own shape (sealed IDs, the households the import registered), into two copies of the table:
    //    its full definition (indexes and the household foreign key), and its indexes alone.
    const db = new Client({ connectionString: eduaid.db.url });
    await db.connect();
    const householdIds = new Map((await db.query<{ household_no: string; id: string }>('SELECT household_no, id FROM students.households')).rows.map((h) => [h.household_no, h.id]));
    await pipeline(
      Readable.from(
        (function* () {
          for (const row of province.roster(2024)) {
            const facts = parseNationalId(row.national_id);
            if (!facts.ok) continue;
            const sealed = cipher.encrypt('national-id', row.national_id);
            yield [
              randomUUID(),
              `\\\\x${sealed.cipher.toString('hex')}`,
              sealed.keyVersion,
              `\\\\x${cipher.blindIndex('national-id', row.national_id).toString('hex')}`,
              maskNationalId(row.national_id),
              row.name,
              facts.facts.birthDate,
              facts.facts.sex,
              householdIds.get(row.household_no),
              row.village_code,
              row.village_code.slice(0, 6),
              row.disability,
              row.left_behind,
              row.migrant_child,
              row.special_hardship,
              row.school_code,
              row.school_code.slice(0, 6),
              row.stage,
              row.grade,
              row.boarding,
              row.academic_year,
            ].join('\t') + '\n';
          }
        })(),
      ),
      createWriteStream(copyPath),
    );
    const copyColumns = [
      'id', 'national_id_cipher', 'national_id_key_version', 'national_id_index', 'national_id_masked', 'name', 'birth_date', 'sex', 'household_id',
      'village_code', 'county_code', 'disability', 'left_behind', 'migrant_child', 'special_hardship', 'school_code', 'school_county_code', 'stage',
      'grade', 'boarding', 'academic_year',
    ];
    const timeCopy = async (withForeignKey: boolean): Promise<number> => {
      await db.query('CREATE TABLE students.bench_copy (LIKE students.students INCLUDING ALL)');
      if (withForeignKey) await db.query('ALTER TABLE students.bench_copy ADD FOREIGN KEY (household_id) REFERENCES students.households (id)');
      await db.query('CHECKPOINT');
      const copyStarted = performance.now();
      await pipeline(createReadStream(copyPath), db.query(copyFrom(`COPY students.bench_copy (${copyColumns.join(', ')}) FROM STDIN`)));
      const seconds = (performance.now() - copyStarted) / 1000;
      await db.query('DROP TABLE students.bench_copy');
      return seconds;
    };
    const copySeconds = await timeCopy(true);
    const indexesOnlySeconds = await timeCopy(false);
    await db.end();

    const importRate = rows / importSeconds;
    const copyRate = rows / copySeconds;
    const quarters = sampler.quarters();
    console.log('\nroster import benchmark');
    console.log(`  rows                      ${rows.toLocaleString('en')} (${mib(size)} CSV)`);
    console.log(`  eduaid import             ${importSeconds.toFixed(1)} s, ${Math.round(importRate).toLocaleString('en')} rows/s (upload, workflow, validation, encryption, households + students)`);
    console.log(`  raw COPY baseline         ${copySeconds.toFixed(1)} s, ${Math.round(copyRate).toLocaleString('en')} rows/s (same rows into students.students's definition: its indexes and household foreign key)`);
    console.log(`  raw COPY, indexes only    ${indexesOnlySeconds.toFixed(1)} s, ${Math.round(rows / indexesOnlySeconds).toLocaleString('en')} rows/s (the same without the foreign key)`);
    console.log(`  import phases             upload ${Number(phases.upload).toFixed(1)} s, directory + header + chunks ${Number(phases.chunks).toFixed(1)} s`);
    console.log(`  ratio import / COPY       ${(importRate / copyRate).toFixed(2)} (against indexes only: ${(importRate / (rows / indexesOnlySeconds)).toFixed(2)})`);
    console.log(`  peak RSS (whole process)  ${mib(sampler.peak)}; by quarter of the file: ${quarters.map(mib).join(' · ')}`);
  } finally {
    await eduaid.close();
    await env.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench:import failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
