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
} from '@eduaid/contracts';
import { Activities, decoderFor, detectEncoding, hasUtf8Bom, mapCsvHeader, parseCsvLine, splitLines } from '@eduaid/platform';
import { checkGraduateLink } from '../graduates/graduate-link.check';
import { GraduatesRepository } from '../graduates/graduates.repository';
import { GRADUATE_COLUMN_ALIASES, REQUIRED_GRADUATE_COLUMNS, validateGraduateRow } from './graduate-import-row.validator';
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
    const firstLf = file.indexOf(0x0a);
    const headerBytes = file.subarray(hasUtf8Bom(file) ? 3 : 0, firstLf === -1 ? file.length : firstLf);
    let header: string;
    try {
      header = decoderFor(encoding).decode(headerBytes).replace(/\r$/, '');
    } catch {
      return { ok: false, reason: `the header line is not valid ${encoding}` };
    }
    const cells = parseCsvLine(header);
    if (!cells) return { ok: false, reason: 'the header line has an unterminated quote' };
    const { columns, missing, duplicated } = mapCsvHeader(cells, GRADUATE_COLUMN_ALIASES, REQUIRED_GRADUATE_COLUMNS);
    if (missing.length > 0) return { ok: false, reason: `the header lacks the columns: ${missing.join(', ')}` };
    if (duplicated.length > 0) return { ok: false, reason: `the header names these columns twice: ${duplicated.join(', ')}` };
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
    if (!file) throw ApplicationFailure.nonRetryable(`graduate import ${input.importId} has no file any more`, 'ImportGone');
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
      const earlier = seen.get(checked.row.studentId);
      if (earlier !== undefined) {
        errors.push({ rowNumber, field: 'student_id', reason: `the same student as row ${earlier}` });
        continue;
      }
      seen.set(checked.row.studentId, rowNumber);
      rows.push(checked.row);
    }
    return { importId: input.importId, chunk: input.chunk, read, rows, errors };
  }

  async applyGraduateImportChunk(input: GraduateImportChunk & { facts: GraduateLinkFacts[] }): Promise<GraduateImportCounts> {
    const done = await this.imports.chunkCounts(input.importId, input.chunk);
    if (done) return done;
    const record = await this.imports.find(input.importId);
    if (!record) throw ApplicationFailure.nonRetryable(`graduate import ${input.importId} no longer exists`, 'ImportGone');
    // The uploader's jurisdiction travels with the import record (stored at upload), not the workflow input.
    const callerScope = { level: record.scope_level, code: record.scope_code };
    const errors = [...input.errors];
    const rejectedRows = new Set(errors.map((e) => e.rowNumber));
    let accepted = 0;
    for (const [i, row] of input.rows.entries()) {
      const facts = input.facts[i];
      if (!facts || facts.studentId !== row.studentId) throw ApplicationFailure.nonRetryable(`the registry's answer does not match row ${row.rowNumber}`, 'BadRegistryAnswer');
      const { rowNumber, ...fields } = row;
      const checked = checkGraduateLink({ ...fields, createdBy: record.created_by, callerScope }, facts);
      if ('rejected' in checked) {
        errors.push({ rowNumber, field: 'student_id', reason: `${checked.rejected.reason}: ${checked.rejected.detail}` });
        rejectedRows.add(rowNumber);
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
