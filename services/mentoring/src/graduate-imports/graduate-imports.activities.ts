import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/activity';
import type {
  GraduateImportChunk,
  GraduateImportCounts,
  GraduateImportInspection,
  GraduateImportLayout,
  GraduateImportResult,
  GraduateImportRow,
  GraduateImportRowError,
  GraduateLinkFacts,
  MentoringGraduateImportActivities,
  NationalIdLink,
} from '@eduaid/contracts';
import { Activities, csvHeaderProblem, decoderFor, detectEncoding, mapCsvHeader, parseCsvLine, readCsvHeader, splitLines } from '@eduaid/platform';
import { checkGraduateLink } from '../graduates/graduate-link.check';
import { GraduatesRepository } from '../graduates/graduates.repository';
import { GRADUATE_COLUMN_ALIASES, REQUIRED_GRADUATE_COLUMNS, STUDENT_KEY_COLUMNS, validateGraduateRow } from './graduate-import-row.validator';
import { GraduateImportsRepository } from './graduate-imports.repository';

/**
 * The mentoring service's side of a graduate import, run by its worker: read the header and the
 * chunks of the stored upload (the platform's CSV reader: UTF-8 or GBK, lines by byte offset), check
 * each row's fields, then link the rows the registry vouches for. Safe to retry: reading writes
 * nothing, a graduate is linked once per student, and a chunk's errors and counts are written once.
 */
@Activities()
@Injectable()
export class GraduateImportActivities implements MentoringGraduateImportActivities {
  constructor(
    private readonly imports: GraduateImportsRepository,
    private readonly graduates: GraduatesRepository,
  ) {}

  async inspectGraduateImport({ importId, chunkRows }: { importId: string; chunkRows: number }): Promise<GraduateImportInspection> {
    const record = await this.imports.find(importId);
    const file = await this.imports.file(importId);
    if (!record || !file) return { ok: false, reason: 'the import or its file no longer exists' };
    const encoding = record.encoding === 'auto' ? detectEncoding(file.subarray(0, 64 * 1024)) : (record.encoding as GraduateImportLayout['encoding']);
    const header = readCsvHeader(file, encoding);
    if (!header.ok) return header;
    const firstLf = header.end;
    const mapped = mapCsvHeader(header.cells, GRADUATE_COLUMN_ALIASES, REQUIRED_GRADUATE_COLUMNS);
    const { columns } = mapped;
    if (STUDENT_KEY_COLUMNS.every((c) => columns[c] === undefined)) mapped.missing.unshift(STUDENT_KEY_COLUMNS.join(' or '));
    const problem = csvHeaderProblem(mapped);
    if (problem) return { ok: false, reason: problem };
    const chunks: { offset: number; firstRow: number }[] = [];
    let offset = firstLf === -1 ? file.length : firstLf + 1;
    let firstRow = 2;
    while (offset < file.length) {
      chunks.push({ offset, firstRow });
      const { lines } = splitLines(file.subarray(offset), offset, chunkRows, true);
      offset = lines[lines.length - 1].endOffset;
      firstRow += lines.length;
    }
    await this.imports.markStarted(importId, chunks.length);
    return { ok: true, layout: { encoding, columns }, chunks };
  }

  async readGraduateImportChunk(input: { importId: string; chunk: number; layout: GraduateImportLayout; offset: number; firstRow: number; maxRows: number }): Promise<GraduateImportChunk> {
    const file = await this.imports.file(input.importId);
    const record = await this.imports.find(input.importId);
    if (!file || !record) throw ApplicationFailure.nonRetryable(`graduate import ${input.importId} has no file any more`, 'ImportGone');
    const { lines } = splitLines(file.subarray(input.offset), input.offset, input.maxRows, true);
    const decoder = decoderFor(input.layout.encoding);
    const rows: GraduateImportRow[] = [];
    const errors: GraduateImportRowError[] = [];
    const seen = new Map<string, number>();
    let read = 0;
    let rowNumber = input.firstRow - 1;
    for (const line of lines) {
      rowNumber += 1;
      if (line.bytes.length === 0) continue; // blank lines are not rows
      read += 1;
      let text: string;
      try {
        text = decoder.decode(line.bytes);
      } catch {
        errors.push({ rowNumber, field: 'row', reason: `not valid ${input.layout.encoding} text` });
        continue;
      }
      const cells = parseCsvLine(text);
      if (!cells) {
        errors.push({ rowNumber, field: 'row', reason: 'unterminated quote' });
        continue;
      }
      const checked = validateGraduateRow((column) => (input.layout.columns[column] === undefined ? '' : (cells[input.layout.columns[column]]?.trim() ?? '')), rowNumber);
      if ('errors' in checked) {
        errors.push(...checked.errors);
        continue;
      }
      if (checked.row.nationalId && !record.sealKey) {
        // Sealed-looking text the upload did not seal: typed in, not an ID.
        errors.push({ rowNumber, field: 'national_id', reason: 'national_id must be an 18-character national ID' });
        continue;
      }
      const earlier = checked.row.studentId === undefined ? undefined : seen.get(checked.row.studentId);
      if (earlier !== undefined) {
        errors.push({ rowNumber, field: 'student_id', reason: `the same student as row ${earlier}` });
        continue;
      }
      if (checked.row.studentId) seen.set(checked.row.studentId, rowNumber);
      rows.push(checked.row);
    }
    const sealing =
      record.sealKey && rows.some((r) => r.nationalId)
        ? { senderKey: record.sealKey, uploadedBy: record.createdBy, scope: { level: record.scopeLevel, code: record.scopeCode } }
        : undefined;
    return { importId: input.importId, chunk: input.chunk, ...(sealing ? { sealing } : {}), read, rows, errors };
  }

  async applyGraduateImportChunk(input: GraduateImportChunk & { facts: GraduateLinkFacts[]; byNationalId?: NationalIdLink[] }): Promise<GraduateImportCounts> {
    const done = await this.imports.chunkCounts(input.importId, input.chunk);
    if (done) return done;
    const record = await this.imports.find(input.importId);
    if (!record) throw ApplicationFailure.nonRetryable(`graduate import ${input.importId} no longer exists`, 'ImportGone');
    // The uploader's jurisdiction travels with the import record (stored at upload), not the workflow input.
    const callerScope = { level: record.scopeLevel, code: record.scopeCode };
    const errors = [...input.errors];
    const rejectedRows = new Set(errors.map((e) => e.rowNumber));
    const reject = (e: GraduateImportRowError) => {
      errors.push(e);
      rejectedRows.add(e.rowNumber);
    };
    const byStudentId = new Map(input.facts.map((f) => [f.studentId, f]));
    const byNationalId = input.byNationalId ?? [];
    const seen = new Map<string, number>();
    let accepted = 0;
    let nationalIndex = 0;
    for (const row of input.rows) {
      const { rowNumber, nationalId, ...fields } = row;
      let facts: GraduateLinkFacts | undefined;
      if (nationalId) {
        // Answered in the order the rows with a national ID come; a row with both keys is resolved by both.
        const link = byNationalId[nationalIndex++];
        if (!link) throw ApplicationFailure.nonRetryable(`the registry gave no answer for the national ID of row ${rowNumber}`, 'BadRegistryAnswer');
        const rejected = nationalIdRejection(link, row.studentId);
        if (rejected) {
          reject({ rowNumber, field: 'national_id', reason: rejected });
          continue;
        }
        facts = link.facts!;
      } else {
        facts = byStudentId.get(row.studentId!);
        if (!facts) throw ApplicationFailure.nonRetryable(`the registry's answer does not match row ${rowNumber}`, 'BadRegistryAnswer');
      }
      const studentId = facts.found ? facts.studentId : row.studentId!;
      const earlier = seen.get(studentId);
      if (earlier !== undefined) {
        reject({ rowNumber, field: nationalId ? 'national_id' : 'student_id', reason: `the same student as row ${earlier}` });
        continue;
      }
      seen.set(studentId, rowNumber);
      const checked = checkGraduateLink({ ...fields, studentId, createdBy: record.createdBy, callerScope }, facts);
      if ('rejected' in checked) {
        // A row that named the student by national ID is told about the number's mask, not the registry's id.
        const detail = nationalId ? nationalIdDetail(checked.rejected.reason, nationalId.masked, callerScope) : checked.rejected.detail;
        reject({ rowNumber, field: nationalId ? 'national_id' : 'student_id', reason: `${checked.rejected.reason}: ${detail}` });
        continue;
      }
      await this.graduates.link(checked.graduate); // once per student: a row already registered is not duplicated
      accepted += 1;
    }
    return this.imports.finishChunk(input.importId, input.chunk, { read: input.read, accepted, rejected: rejectedRows.size }, errors);
  }

  async finishGraduateImport(result: GraduateImportResult): Promise<void> {
    await this.imports.finish(result.importId, result.status, result.failure);
  }
}

/** Why a row's national ID gives no student to link, or undefined when it gives one. Never the full number. */
function nationalIdRejection(link: NationalIdLink, studentId: string | undefined): string | undefined {
  if (link.problem === 'unreadable') return 'national_id could not be read; upload the file again';
  if (link.problem === 'invalid') return `national_id ${link.masked} is not a valid national ID: ${link.detail ?? 'bad number'}`;
  if (!link.facts?.found) return `not-found: no student in the registry has national ID ${link.masked}`;
  if (studentId && link.facts.studentId !== studentId) return `national_id ${link.masked} and student_id name different students`;
  return undefined;
}

function nationalIdDetail(reason: string, masked: string, scope: { level: string; code: string }): string {
  if (reason === 'out-of-scope') return `the student with national ID ${masked} lies outside your jurisdiction (${scope.level} ${scope.code})`;
  if (reason === 'not-in-higher-education') return `the student with national ID ${masked} is not in higher vocational or undergraduate study`;
  return `no student in the registry has national ID ${masked}`;
}
