import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, In, Repository } from 'typeorm';
import type { CallerScope, RosterChunkResult, ScopeLevel, SchoolDirectoryEntry } from '@eduaid/contracts';
import { DatabasePool, keysetPage, Transaction, whereAfterKeyset } from '@eduaid/platform';
import type { DirectorySchool, RowError, ValidRosterRow } from './roster-row.validator';
import { PiiAccessLogRepository } from '../privacy/pii-access-log.repository';
import { RosterImportChunkEntity } from './roster-import-chunk.entity';
import { RosterImportErrorEntity } from './roster-import-error.entity';
import { RosterImportEntity } from './roster-import.entity';
import { ELSEWHERE, mayMoveHousehold, mayRewriteStudent } from './roster-scope';
import { SchoolDirectoryEntity } from './school-directory.entity';

/** A validated row, sealed: the national ID only as ciphertext, blind index and mask. */
export type SealedRosterRow = Omit<ValidRosterRow, 'nationalId'> & {
  rowNumber: number;
  /** Blind index and ciphertext in hex, as COPY and array literals take them (converted once). */
  indexHex: string;
  cipherHex: string;
  keyVersion: number;
};

interface RegisteredStudent {
  id: string;
  last_import_id: string | null;
  last_import_row: number | null;
  village_code: string;
  school_code: string | null;
  academic_year: string | null;
}

export interface ImportStatusRow {
  id: string;
  file_name: string;
  status: string;
  size_bytes: string;
  bytes_done: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  failure: string | null;
  created_at: Date;
  finished_at: Date | null;
  scope_level: ScopeLevel;
  scope_code: string;
  created_by: string;
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

const COPY_SPECIAL = /[\\\t\n\r]/;

/** COPY text format: backslash, tab, newline and carriage return are escaped. */
function copyText(value: string): string {
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A bytea value in COPY text format, from its hex. */
function copyBytes(hex: string): string {
  return `\\\\x${hex}`;
}

/**
 * A bytea[] parameter written as an array literal: for thousands of values this is far cheaper
 * than the driver's escaping of each element.
 */
function byteaArray(hexes: string[]): string {
  return `{${hexes.map((hex) => `"\\\\x${hex}"`).join(',')}}`;
}

/** The columns a roster row sets on a student, in the order of studentValues(). */
const STUDENT_DATA_COLUMNS = [
  'national_id_cipher', 'national_id_key_version', 'national_id_index', 'national_id_masked', 'name', 'birth_date', 'sex', 'household_id',
  'village_code', 'county_code', 'disability', 'left_behind', 'migrant_child', 'special_hardship', 'school_code', 'school_county_code', 'stage',
  'grade', 'boarding', 'academic_year',
];

function studentValues(r: SealedRosterRow, householdId: string): (string | number | boolean)[] {
  return [
    copyBytes(r.cipherHex), r.keyVersion, copyBytes(r.indexHex), copyText(r.masked), copyText(r.name), r.birthDate, r.sex, householdId,
    r.villageCode, r.countyCode, r.disability, r.leftBehind, r.migrantChild, r.specialHardship, copyText(r.schoolCode), r.schoolCountyCode,
    r.stage, r.grade, r.boarding, r.academicYear,
  ];
}

/** One COPY … FROM STDIN of the given lines, sent as one buffer (a write per row would cost a socket message each). */
async function copyLines(client: PoolClient, statement: string, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  await pipeline(Readable.from([Buffer.from(lines.join(''))]), client.query(copyFrom(statement)));
}

/**
 * The SQL of roster imports. A chunk is written in one transaction: households are upserted,
 * students new to the registry are COPYed, and registered students are merged
 * with INSERT … ON CONFLICT, updating only what differs, so re-importing a file changes nothing.
 */
@Injectable()
export class RosterImportRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pool: DatabasePool,
    private readonly accessLog: PiiAccessLogRepository,
  ) {}

  private get imports(): Repository<RosterImportEntity> {
    return this.dataSource.getRepository(RosterImportEntity);
  }

  /** Registers an upload before its file is stored (size and hash follow once it is read), in the caller's unit of work. */
  async createUpload(tx: Transaction, upload: { importId: string; fileName: string; encoding: string; scope: CallerScope; createdBy: string }): Promise<void> {
    await tx.getRepository(RosterImportEntity).insert({
      id: upload.importId, fileName: upload.fileName, encoding: upload.encoding, sizeBytes: '0', sha256: '',
      scopeLevel: upload.scope.level, scopeCode: upload.scope.code, createdBy: upload.createdBy, status: 'uploaded',
    });
  }

  async setUploadSize(tx: Transaction, importId: string, size: number, sha256: string): Promise<void> {
    await tx.getRepository(RosterImportEntity).update({ id: importId }, { sizeBytes: String(size), sha256 });
  }

  /** An import's progress as its status shows it. */
  async importStatus(importId: string): Promise<ImportStatusRow | undefined> {
    const r = await this.imports.findOneBy({ id: importId });
    return r ? {
      id: r.id, file_name: r.fileName, status: r.status, size_bytes: r.sizeBytes, bytes_done: r.bytesDone, rows_read: r.rowsRead, rows_accepted: r.rowsAccepted,
      rows_rejected: r.rowsRejected, failure: r.failure, created_at: r.createdAt, finished_at: r.finishedAt, scope_level: r.scopeLevel, scope_code: r.scopeCode, created_by: r.createdBy,
    } : undefined;
  }

  /** Row errors in file order, after (row, field), keyset-paged. */
  async rowErrors(importId: string, after: { row: number; field: string }, limit: number): Promise<{ row_number: number; field: string; reason: string }[]> {
    const q = this.dataSource.getRepository(RosterImportErrorEntity).createQueryBuilder('e').where('e.importId = :importId', { importId });
    // A row-value comparison: the keyset after (row, field) in one indexed range.
    const key = ['e.rowNumber', 'e.field'];
    const rows = await keysetPage(whereAfterKeyset(q, key, [after.row, after.field]), key, limit).getMany();
    return rows.map((e) => ({ row_number: e.rowNumber, field: e.field, reason: e.reason }));
  }

  async findImport(importId: string): Promise<ImportRecord | undefined> {
    const r = await this.imports.findOne({
      select: { id: true, status: true, encoding: true, sizeBytes: true, scopeLevel: true, scopeCode: true, createdBy: true },
      where: { id: importId },
    });
    return r ? { id: r.id, status: r.status, encoding: r.encoding, size_bytes: r.sizeBytes, scope_level: r.scopeLevel, scope_code: r.scopeCode, created_by: r.createdBy } : undefined;
  }

  async markStarted(importId: string): Promise<void> {
    await this.imports.update({ id: importId, status: In(['uploaded', 'running']) }, { status: 'running', startedAt: () => 'coalesce(started_at, now())' });
  }

  async finish(importId: string, status: 'completed' | 'failed', failure?: string): Promise<void> {
    await this.imports.update({ id: importId }, { status, failure: failure ?? null, finishedAt: () => 'coalesce(finished_at, now())' });
  }

  async storeSchoolDirectory(schools: SchoolDirectoryEntry[]): Promise<number> {
    if (schools.length === 0) return 0;
    // The whole directory merged in one statement (unnest, ON CONFLICT DO UPDATE): SQL.
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
    const rows = await this.dataSource.getRepository(SchoolDirectoryEntity).find({ select: { code: true, kind: true, countyCode: true, jurisdictionCode: true } });
    return new Map(rows.map((r) => [r.code, { kind: r.kind, countyCode: r.countyCode, jurisdictionCode: r.jurisdictionCode }]));
  }

  async processedChunk(importId: string, startOffset: number): Promise<RosterChunkResult | undefined> {
    const row = await this.dataSource.getRepository(RosterImportChunkEntity).findOneBy({ importId, startOffset: String(startOffset) });
    return row ? { endOffset: Number(row.endOffset), nextRow: row.nextRow, read: row.rowsRead, accepted: row.rowsAccepted, rejected: row.rowsRejected } : undefined;
  }

  /**
   * Writes one chunk atomically and records it, so a retry returns its result. A line whose ID an
   * earlier chunk of this file wrote becomes an error. Rows new to the registry (all of them on a
   * first import) are COPYed straight into students; rows for registered students
   * go through a staging table and an ON CONFLICT merge that changes only what differs, so
   * re-importing a file changes nothing.
   */
  async writeChunk(
    importId: string,
    startOffset: number,
    result: RosterChunkResult,
    rows: SealedRosterRow[],
    errors: (RowError & { rowNumber: number })[],
    importedBy: string,
    scope: CallerScope,
  ): Promise<RosterChunkResult> {
    // Raw SQL on a pg client of the platform's pool: COPY (pg-copy-streams) needs the client itself,
    // and the merges below are bulk statements the ORM cannot say.
    return this.pool.transaction(async (client) => {
      let written = 0;
      if (rows.length > 0) {
        // The scope check rides on the lookups the merge needs anyway: students by blind index,
        // households by number, each one indexed = ANY query per chunk.
        const registered = await this.registeredStudents(client, rows);
        const inScope: SealedRosterRow[] = [];
        const knownIds = new Set<string>();
        const elsewhere: { row: SealedRosterRow; student: RegisteredStudent }[] = [];
        for (const row of rows) {
          const student = registered.get(row.indexHex);
          if (!student) inScope.push(row);
          else if (student.last_import_id === importId) {
            // The same ID on an earlier line of this file (an earlier chunk, already written).
            errors.push({ rowNumber: row.rowNumber, field: 'national_id', reason: `the same national ID as row ${student.last_import_row}` });
          } else if (!mayRewriteStudent(scope, { villageCode: student.village_code, schoolCode: student.school_code, academicYear: student.academic_year }, row)) {
            errors.push({ rowNumber: row.rowNumber, field: 'national_id', reason: ELSEWHERE });
            elsewhere.push({ row, student });
          } else {
            inScope.push(row);
            knownIds.add(row.indexHex);
          }
        }
        // Such a row error tells the uploader that the number is registered: a confirmed guess, so it is
        // in the access log like a lookup, where the student's own jurisdiction reads it.
        await this.accessLog.recordMany(
          client,
          elsewhere.map(({ row, student }) => ({
            kind: 'lookup',
            actorUserId: importedBy,
            actorRoles: [], // the import keeps who uploaded it, not their roles
            studentId: student.id,
            place: { divisionCode: student.village_code, schoolCode: student.school_code ?? undefined },
            field: 'national_id',
            reason: `roster import ${importId}, row ${row.rowNumber}: registered in another jurisdiction`,
          })),
        );
        const { ids: households, refused } = await this.upsertHouseholds(client, inScope, importedBy, scope);
        const accepted: SealedRosterRow[] = [];
        for (const row of inScope) {
          if (refused.has(row.householdNo)) errors.push({ rowNumber: row.rowNumber, field: 'household_no', reason: ELSEWHERE });
          else accepted.push(row);
        }
        const fresh = accepted.filter((r) => !knownIds.has(r.indexHex));
        const known = accepted.filter((r) => knownIds.has(r.indexHex));
        await this.insertNewStudents(client, importId, fresh, households);
        const notWritten = await this.mergeRegisteredStudents(client, importId, known, households);
        // Not written: a chunk running alongside wrote the same ID first (it committed while this one waited).
        if (notWritten.length > 0) {
          const first = await client.query<{ national_id_index: Buffer; last_import_row: number }>(
            'SELECT national_id_index, last_import_row FROM students.students WHERE national_id_index = ANY($1::bytea[])',
            [byteaArray(notWritten.map((r) => r.indexHex))],
          );
          const firstRow = new Map(first.rows.map((r) => [r.national_id_index.toString('hex'), r.last_import_row]));
          for (const r of notWritten) {
            errors.push({ rowNumber: r.rowNumber, field: 'national_id', reason: `the same national ID as row ${firstRow.get(r.indexHex)}` });
          }
        }
        written = fresh.length + known.length - notWritten.length;
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
      return final;
    });
  }

  /** The rows' students already in the registry, by blind index (hex), with where they are and the import and line that last wrote them. */
  private async registeredStudents(client: PoolClient, rows: SealedRosterRow[]): Promise<Map<string, RegisteredStudent>> {
    const found = await client.query<RegisteredStudent & { national_id_index: Buffer }>(
      `SELECT national_id_index, id, last_import_id, last_import_row, village_code, school_code, academic_year
         FROM students.students WHERE national_id_index = ANY($1::bytea[])`,
      [byteaArray(rows.map((r) => r.indexHex))],
    );
    return new Map(found.rows.map((r) => [r.national_id_index.toString('hex'), r]));
  }

  /**
   * Registers the rows' households not yet known (as poor, by whom on the row) and moves known
   * ones to the village the roster names, when both villages are the importer's; a move out of or
   * into another jurisdiction is refused (its household numbers returned, nothing of them written).
   * Returns every other household's id by household number.
   * Every statement finds households through the household_no index (= ANY): a join would let the
   * planner hash the whole table, a cost that grows with the registry.
   */
  private async upsertHouseholds(
    client: PoolClient,
    rows: SealedRosterRow[],
    importedBy: string,
    scope: CallerScope,
  ): Promise<{ ids: Map<string, string>; refused: Set<string> }> {
    const named = new Map<string, SealedRosterRow>();
    for (const row of rows) if (!named.has(row.householdNo)) named.set(row.householdNo, row); // the first line names the village
    const ids = new Map<string, string>();
    const refused = new Set<string>();
    if (named.size === 0) return { ids, refused };
    const moved: SealedRosterRow[] = [];
    const found = await client.query<{ id: string; household_no: string; village_code: string }>(
      'SELECT id, household_no, village_code FROM students.households WHERE household_no = ANY($1::text[])',
      [[...named.keys()]],
    );
    for (const h of found.rows) {
      const row = named.get(h.household_no) as SealedRosterRow;
      if (row.villageCode !== h.village_code && !mayMoveHousehold(scope, h.village_code, row.villageCode)) {
        refused.add(h.household_no);
        continue;
      }
      ids.set(h.household_no, h.id);
      if (row.villageCode !== h.village_code) moved.push(row);
    }
    const fresh = [...named.values()].filter((r) => !ids.has(r.householdNo) && !refused.has(r.householdNo)).map((r) => ({ row: r, id: randomUUID() }));
    if (fresh.length > 0) {
      // ON CONFLICT DO NOTHING: a household whose children sit on both sides of a chunk boundary is
      // inserted by whichever chunk gets there first; the other skips it and reads its id below.
      const inserted = await client.query<{ household_no: string }>(
        `INSERT INTO students.households (id, household_no, village_code, county_code, registered_by)
         SELECT *, $5 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT (household_no) DO NOTHING
         RETURNING household_no`,
        [fresh.map((f) => f.id), fresh.map((f) => f.row.householdNo), fresh.map((f) => f.row.villageCode), fresh.map((f) => f.row.countyCode), importedBy],
      );
      const ours = new Set(inserted.rows.map((r) => r.household_no));
      for (const f of fresh) if (ours.has(f.row.householdNo)) ids.set(f.row.householdNo, f.id);
      const theirs = fresh.filter((f) => !ours.has(f.row.householdNo)).map((f) => f.row.householdNo);
      if (theirs.length > 0) {
        const late = await client.query<{ id: string; household_no: string }>('SELECT id, household_no FROM students.households WHERE household_no = ANY($1::text[])', [theirs]);
        for (const h of late.rows) ids.set(h.household_no, h.id);
      }
    }
    if (moved.length > 0) {
      await client.query(
        `UPDATE students.households h SET village_code = m.village_code, county_code = m.county_code, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS m (id, village_code, county_code) WHERE h.id = m.id`,
        [moved.map((r) => ids.get(r.householdNo)), moved.map((r) => r.villageCode), moved.map((r) => r.countyCode)],
      );
    }
    return { ids, refused };
  }

  /**
   * Students the registry has not seen: one COPY, with ids made here. Their enrolment is the
   * current one on the student row (students.past_enrolments keeps only those moved on from).
   * Should a chunk running alongside insert the same ID first, the unique index fails this
   * transaction and the activity's retry finds that student registered.
   */
  private async insertNewStudents(client: PoolClient, importId: string, rows: SealedRosterRow[], households: Map<string, string>): Promise<void> {
    await copyLines(
      client,
      `COPY students.students (id, ${STUDENT_DATA_COLUMNS.join(', ')}, last_import_id, last_import_row) FROM STDIN`,
      rows.map((r) => [randomUUID(), ...studentValues(r, households.get(r.householdNo) as string), importId, r.rowNumber].join('\t') + '\n'),
    );
  }

  /**
   * Registered students: staged, then merged in one statement. A student is
   * rewritten only when this import has not written it yet; data columns and updated_at change only
   * when the data differs. Returns the rows not written because another chunk of this import wrote
   * the same ID first.
   */
  private async mergeRegisteredStudents(
    client: PoolClient,
    importId: string,
    rows: SealedRosterRow[],
    households: Map<string, string>,
  ): Promise<SealedRosterRow[]> {
    if (rows.length === 0) return [];
    await client.query(`
      CREATE TEMP TABLE roster_stage (
        national_id_cipher bytea, national_id_key_version int, national_id_index bytea, national_id_masked text, name text, birth_date date,
        sex text, household_id uuid, village_code char(12), county_code char(6), disability boolean, left_behind boolean, migrant_child boolean,
        special_hardship boolean, school_code text, school_county_code char(6), stage text, grade smallint, boarding boolean, academic_year text,
        row_number int
      ) ON COMMIT DROP`);
    await copyLines(
      client,
      `COPY roster_stage (${STUDENT_DATA_COLUMNS.join(', ')}, row_number) FROM STDIN`,
      rows.map((r) => [...studentValues(r, households.get(r.householdNo) as string), r.rowNumber].join('\t') + '\n'),
    );
    // Temporary tables have no statistics until analysed; without them the merge gets a poor join plan.
    await client.query('ANALYZE roster_stage');
    // Enrolment history, before the current enrolment changes: a roster of a later year moves the
    // current enrolment into past_enrolments; a roster of an earlier year is itself history. The
    // students are found through their index (= ANY), never by hashing the whole table.
    await client.query(
      `INSERT INTO students.past_enrolments AS e (student_id, school_code, school_county_code, stage, grade, boarding, academic_year)
       SELECT s.id, s.school_code, s.school_county_code, s.stage, s.grade, s.boarding, s.academic_year
         FROM students.students s JOIN roster_stage r ON r.national_id_index = s.national_id_index
        WHERE s.national_id_index = ANY($2::bytea[]) AND s.last_import_id IS DISTINCT FROM $1 AND s.academic_year < r.academic_year
       UNION ALL
       SELECT s.id, r.school_code, r.school_county_code, r.stage, r.grade, r.boarding, r.academic_year
         FROM students.students s JOIN roster_stage r ON r.national_id_index = s.national_id_index
        WHERE s.national_id_index = ANY($2::bytea[]) AND s.last_import_id IS DISTINCT FROM $1 AND r.academic_year < s.academic_year
       ON CONFLICT (student_id, academic_year) DO UPDATE SET school_code = EXCLUDED.school_code, school_county_code = EXCLUDED.school_county_code,
         stage = EXCLUDED.stage, grade = EXCLUDED.grade, boarding = EXCLUDED.boarding, updated_at = now()
       WHERE (e.school_code, e.stage, e.grade, e.boarding) IS DISTINCT FROM (EXCLUDED.school_code, EXCLUDED.stage, EXCLUDED.grade, EXCLUDED.boarding)`,
      [importId, byteaArray(rows.map((r) => r.indexHex))],
    );
    const notWritten = await client.query<{ national_id_index: Buffer }>(
      `WITH st AS (
         INSERT INTO students.students AS s (${STUDENT_DATA_COLUMNS.join(', ')}, last_import_id, last_import_row)
         SELECT ${STUDENT_DATA_COLUMNS.map((c) => `r.${c}`).join(', ')}, $1, r.row_number FROM roster_stage r
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
         RETURNING s.national_id_index)
       SELECT r.national_id_index FROM roster_stage r
       WHERE NOT EXISTS (SELECT 1 FROM st WHERE st.national_id_index = r.national_id_index)`,
      [importId],
    );
    const skipped = new Set(notWritten.rows.map((r) => r.national_id_index.toString('hex')));
    return rows.filter((r) => skipped.has(r.indexHex));
  }
}
