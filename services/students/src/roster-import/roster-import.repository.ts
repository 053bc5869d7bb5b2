import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import type { RosterChunkResult, SchoolDirectoryEntry } from '@eduaid/contracts';
import type { DirectorySchool, RowError } from './roster-row.validator';

/** A validated row, sealed: the national ID only as ciphertext, blind index and mask. */
export interface SealedRosterRow {
  rowNumber: number;
  index: Buffer;
  cipher: Buffer;
  keyVersion: number;
  masked: string;
  name: string;
  birthDate: string;
  sex: string;
  householdNo: string;
  villageCode: string;
  countyCode: string;
  schoolCode: string;
  schoolCountyCode: string;
  stage: string;
  grade: number;
  boarding: boolean;
  academicYear: string;
  disability: boolean;
  leftBehind: boolean;
  migrantChild: boolean;
  specialHardship: boolean;
}

export interface ImportRecord {
  id: string;
  status: string;
  encoding: string;
  size_bytes: string;
  scope_level: string;
  scope_code: string;
  created_by: string;
}

const STAGE_COLUMNS = [
  'row_number', 'national_id_index', 'national_id_cipher', 'national_id_key_version', 'national_id_masked', 'name', 'birth_date', 'sex',
  'household_no', 'village_code', 'county_code', 'school_code', 'school_county_code', 'stage', 'grade', 'boarding', 'academic_year',
  'disability', 'left_behind', 'migrant_child', 'special_hardship',
];

/** COPY text format: backslash, tab, newline and carriage return are escaped. */
function copyText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function copyLine(r: SealedRosterRow): string {
  return [
    r.rowNumber,
    `\\\\x${r.index.toString('hex')}`,
    `\\\\x${r.cipher.toString('hex')}`,
    r.keyVersion,
    copyText(r.masked),
    copyText(r.name),
    r.birthDate,
    r.sex,
    copyText(r.householdNo),
    r.villageCode,
    r.countyCode,
    copyText(r.schoolCode),
    r.schoolCountyCode,
    r.stage,
    r.grade,
    r.boarding,
    r.academicYear,
    r.disability,
    r.leftBehind,
    r.migrantChild,
    r.specialHardship,
  ].join('\t') + '\n';
}

/**
 * The SQL of roster imports. A chunk is written in one transaction: rows are COPYed into a
 * temporary staging table, then merged into households, students and enrolments with
 * INSERT … SELECT … ON CONFLICT, updating only what differs, so re-importing a file changes nothing.
 */
@Injectable()
export class RosterImportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findImport(importId: string): Promise<ImportRecord | undefined> {
    const rows: ImportRecord[] = await this.dataSource.query(
      'SELECT id, status, encoding, size_bytes, scope_level, scope_code, created_by FROM students.roster_imports WHERE id = $1',
      [importId],
    );
    return rows[0];
  }

  async markStarted(importId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE students.roster_imports SET status = 'running', started_at = coalesce(started_at, now()) WHERE id = $1 AND status IN ('uploaded', 'running')`,
      [importId],
    );
  }

  async finish(importId: string, status: 'completed' | 'failed', failure?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE students.roster_imports SET status = $2, failure = $3, finished_at = coalesce(finished_at, now()) WHERE id = $1`,
      [importId, status, failure ?? null],
    );
  }

  async storeSchoolDirectory(schools: SchoolDirectoryEntry[]): Promise<number> {
    if (schools.length === 0) return 0;
    const result: unknown[] = await this.dataSource.query(
      `INSERT INTO students.school_directory (code, kind, county_code, jurisdiction_code, boarding, synced_at)
       SELECT * , now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, county_code = EXCLUDED.county_code,
         jurisdiction_code = EXCLUDED.jurisdiction_code, boarding = EXCLUDED.boarding, synced_at = now()
       RETURNING code`,
      [schools.map((s) => s.code), schools.map((s) => s.kind), schools.map((s) => s.countyCode), schools.map((s) => s.jurisdictionCode), schools.map((s) => s.boarding)],
    );
    return result.length;
  }

  async schoolDirectory(): Promise<Map<string, DirectorySchool>> {
    const rows: { code: string; kind: DirectorySchool['kind']; county_code: string; jurisdiction_code: string }[] = await this.dataSource.query(
      'SELECT code, kind, county_code, jurisdiction_code FROM students.school_directory',
    );
    return new Map(rows.map((r) => [r.code, { kind: r.kind, countyCode: r.county_code, jurisdictionCode: r.jurisdiction_code }]));
  }

  async processedChunk(importId: string, startOffset: number): Promise<RosterChunkResult | undefined> {
    const rows: { end_offset: string; next_row: number; rows_read: number; rows_accepted: number; rows_rejected: number }[] = await this.dataSource.query(
      'SELECT end_offset, next_row, rows_read, rows_accepted, rows_rejected FROM students.roster_import_chunks WHERE import_id = $1 AND start_offset = $2',
      [importId, startOffset],
    );
    const row = rows[0];
    return row && { endOffset: Number(row.end_offset), nextRow: row.next_row, read: row.rows_read, accepted: row.rows_accepted, rejected: row.rows_rejected };
  }

  /**
   * Writes one chunk atomically: its rows are merged, a line whose ID came earlier in the file
   * becomes an error, and the chunk is recorded so a retry returns its result.
   */
  async writeChunk(
    importId: string,
    startOffset: number,
    result: RosterChunkResult,
    rows: SealedRosterRow[],
    errors: (RowError & { rowNumber: number })[],
    importedBy: string,
  ): Promise<RosterChunkResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const client = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      let written = 0;
      if (rows.length > 0) {
        await client.query(`
          CREATE TEMP TABLE roster_stage (
            row_number int, national_id_index bytea, national_id_cipher bytea, national_id_key_version int, national_id_masked text,
            name text, birth_date date, sex text, household_no text, village_code char(12), county_code char(6), school_code text,
            school_county_code char(6), stage text, grade smallint, boarding boolean, academic_year text, disability boolean,
            left_behind boolean, migrant_child boolean, special_hardship boolean
          ) ON COMMIT DROP`);
        // One buffer per COPY: a write per row would cost a socket message each.
        await pipeline(Readable.from([Buffer.from(rows.map(copyLine).join(''))]), client.query(copyFrom(`COPY roster_stage (${STAGE_COLUMNS.join(', ')}) FROM STDIN`)));
        // Temporary tables have no statistics until analysed; without them the merges below get poor join plans.
        await client.query('ANALYZE roster_stage');

        // The same ID on an earlier line of this file (an earlier chunk, already written): reject this line.
        const duplicates = await client.query<{ row_number: number; first_row: number }>(
          `DELETE FROM roster_stage r USING students.students s
           WHERE s.national_id_index = r.national_id_index AND s.last_import_id = $1
           RETURNING r.row_number, s.last_import_row AS first_row`,
          [importId],
        );
        for (const d of duplicates.rows) {
          errors.push({ rowNumber: d.row_number, field: 'national_id', reason: `the same national ID as row ${d.first_row}` });
        }

        await client.query(
          `WITH upserted AS (
             INSERT INTO students.households (household_no, village_code, county_code)
             SELECT DISTINCT ON (household_no) household_no, village_code, county_code FROM roster_stage ORDER BY household_no, row_number
             ON CONFLICT (household_no) DO UPDATE SET village_code = EXCLUDED.village_code, county_code = EXCLUDED.county_code, updated_at = now()
               WHERE households.village_code IS DISTINCT FROM EXCLUDED.village_code
             RETURNING id, (xmax = 0) AS inserted)
           INSERT INTO students.household_status_history (household_id, status, effective_date, reason, recorded_by)
           SELECT id, 'poor', current_date, 'registered by roster import', $1 FROM upserted WHERE inserted`,
          [importedBy],
        );
        // Students and their enrolments in one statement: the enrolments take the ids the upsert returns.
        // A student is rewritten only when this import has not written it yet; data columns and
        // updated_at change only when the data differs, so re-importing a file changes nothing.
        const notWritten = await client.query<{ row_number: number; national_id_index: Buffer }>(
          `WITH st AS (
             INSERT INTO students.students AS s (national_id_cipher, national_id_key_version, national_id_index, national_id_masked, name, birth_date, sex,
               household_id, village_code, county_code, disability, left_behind, migrant_child, special_hardship,
               school_code, school_county_code, stage, grade, boarding, academic_year, last_import_id, last_import_row)
             SELECT r.national_id_cipher, r.national_id_key_version, r.national_id_index, r.national_id_masked, r.name, r.birth_date, r.sex,
               h.id, r.village_code, r.county_code, r.disability, r.left_behind, r.migrant_child, r.special_hardship,
               r.school_code, r.school_county_code, r.stage, r.grade, r.boarding, r.academic_year, $1, r.row_number
             FROM roster_stage r JOIN students.households h ON h.household_no = r.household_no
             ON CONFLICT (national_id_index) DO UPDATE SET
               name = EXCLUDED.name, household_id = EXCLUDED.household_id, village_code = EXCLUDED.village_code, county_code = EXCLUDED.county_code,
               disability = EXCLUDED.disability, left_behind = EXCLUDED.left_behind, migrant_child = EXCLUDED.migrant_child,
               special_hardship = EXCLUDED.special_hardship,
               -- the current enrolment moves forward only: an older year's roster does not overwrite a newer one
               school_code = CASE WHEN EXCLUDED.academic_year >= s.academic_year THEN EXCLUDED.school_code ELSE s.school_code END,
               school_county_code = CASE WHEN EXCLUDED.academic_year >= s.academic_year THEN EXCLUDED.school_county_code ELSE s.school_county_code END,
               stage = CASE WHEN EXCLUDED.academic_year >= s.academic_year THEN EXCLUDED.stage ELSE s.stage END,
               grade = CASE WHEN EXCLUDED.academic_year >= s.academic_year THEN EXCLUDED.grade ELSE s.grade END,
               boarding = CASE WHEN EXCLUDED.academic_year >= s.academic_year THEN EXCLUDED.boarding ELSE s.boarding END,
               academic_year = greatest(EXCLUDED.academic_year, s.academic_year),
               last_import_id = EXCLUDED.last_import_id,
               last_import_row = EXCLUDED.last_import_row,
               updated_at = CASE
                 WHEN (s.name, s.household_id, s.disability, s.left_behind, s.migrant_child, s.special_hardship)
                      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.household_id, EXCLUDED.disability, EXCLUDED.left_behind, EXCLUDED.migrant_child, EXCLUDED.special_hardship)
                   OR (EXCLUDED.academic_year >= s.academic_year AND (s.school_code, s.stage, s.grade, s.boarding, s.academic_year)
                      IS DISTINCT FROM (EXCLUDED.school_code, EXCLUDED.stage, EXCLUDED.grade, EXCLUDED.boarding, EXCLUDED.academic_year))
                 THEN now() ELSE s.updated_at END
             WHERE s.last_import_id IS DISTINCT FROM EXCLUDED.last_import_id
             RETURNING s.id, s.national_id_index),
           en AS (
             INSERT INTO students.enrolments AS e (student_id, school_code, school_county_code, stage, grade, boarding, academic_year)
             SELECT st.id, r.school_code, r.school_county_code, r.stage, r.grade, r.boarding, r.academic_year
             FROM st JOIN roster_stage r ON r.national_id_index = st.national_id_index
             ON CONFLICT (student_id, academic_year) DO UPDATE SET school_code = EXCLUDED.school_code, school_county_code = EXCLUDED.school_county_code,
               stage = EXCLUDED.stage, grade = EXCLUDED.grade, boarding = EXCLUDED.boarding, updated_at = now()
             WHERE (e.school_code, e.stage, e.grade, e.boarding) IS DISTINCT FROM (EXCLUDED.school_code, EXCLUDED.stage, EXCLUDED.grade, EXCLUDED.boarding))
           SELECT r.row_number, r.national_id_index FROM roster_stage r
           WHERE NOT EXISTS (SELECT 1 FROM st WHERE st.national_id_index = r.national_id_index)`,
          [importId],
        );
        // Not written: a chunk running alongside wrote the same ID first (it committed while this one waited).
        if (notWritten.rows.length > 0) {
          const first = await client.query<{ national_id_index: Buffer; last_import_row: number }>(
            'SELECT national_id_index, last_import_row FROM students.students WHERE national_id_index = ANY($1::bytea[])',
            [notWritten.rows.map((r) => r.national_id_index)],
          );
          const firstRow = new Map(first.rows.map((r) => [r.national_id_index.toString('hex'), r.last_import_row]));
          for (const r of notWritten.rows) {
            errors.push({ rowNumber: r.row_number, field: 'national_id', reason: `the same national ID as row ${firstRow.get(r.national_id_index.toString('hex'))}` });
          }
        }
        written = rows.length - duplicates.rows.length - notWritten.rows.length;
      }

      if (errors.length > 0) {
        await client.query(
          `INSERT INTO students.roster_import_errors (import_id, row_number, field, reason)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
          [importId, errors.map((e) => e.rowNumber), errors.map((e) => e.field), errors.map((e) => e.reason)],
        );
      }
      const rejectedRows = new Set(errors.map((e) => e.rowNumber)).size;
      const final: RosterChunkResult = { ...result, accepted: written, rejected: rejectedRows };
      await client.query(
        `INSERT INTO students.roster_import_chunks (import_id, start_offset, end_offset, next_row, rows_read, rows_accepted, rows_rejected)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [importId, startOffset, final.endOffset, final.nextRow, final.read, final.accepted, final.rejected],
      );
      await client.query(
        `UPDATE students.roster_imports SET rows_read = rows_read + $2, rows_accepted = rows_accepted + $3, rows_rejected = rows_rejected + $4,
           bytes_done = bytes_done + $5 WHERE id = $1`,
        [importId, final.read, final.accepted, final.rejected, final.endOffset - startOffset],
      );
      await runner.commitTransaction();
      return final;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}
