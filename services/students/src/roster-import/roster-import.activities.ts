import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { heartbeat } from '@temporalio/activity';
import type {
  ImportRosterChunkInput,
  RosterChunkResult,
  RosterFileInspection,
  RosterImportResult,
  SchoolDirectoryEntry,
  StudentsRosterActivities,
} from '@eduaid/contracts';
import { Activities, FieldCipher, csvHeaderProblem, decoderFor, detectEncoding, parseCsvLine, readCsvHeader } from '@eduaid/platform';
import { mapHeader } from './roster-columns';
import { RosterFileStore } from './roster-file.store';
import { RosterImportRepository, SealedRosterRow } from './roster-import.repository';
import { RowError, validateRosterRow } from './roster-row.validator';

const YIELD_EVERY_ROWS = 250;

/**
 * The students service's side of a roster import, run by its worker. Every activity is safe to
 * retry: a chunk that was written is recorded and its result returned again, never re-applied.
 */
@Activities()
@Injectable()
export class RosterImportActivities implements StudentsRosterActivities {
  constructor(
    private readonly repository: RosterImportRepository,
    private readonly files: RosterFileStore,
    private readonly cipher: FieldCipher,
  ) {}

  async markRosterImportStarted({ importId }: { importId: string }): Promise<void> {
    await this.repository.markStarted(importId);
  }

  async storeSchoolDirectory({ schools }: { schools: SchoolDirectoryEntry[] }): Promise<number> {
    return this.repository.storeSchoolDirectory(schools);
  }

  async inspectRosterFile({ importId, chunkRows }: { importId: string; chunkRows: number }): Promise<RosterFileInspection> {
    const record = await this.repository.findImport(importId);
    if (!record) return { ok: false, reason: 'the import no longer exists' };
    const totalBytes = Number(record.size_bytes);
    const head = await this.files.head(importId, 64 * 1024);
    const encoding = record.encoding === 'auto' ? detectEncoding(head) : (record.encoding as 'utf-8' | 'gbk');
    const header = readCsvHeader(head, encoding);
    if (!header.ok) return header;
    const mapped = mapHeader(header.cells);
    const problem = csvHeaderProblem(mapped);
    if (problem) return { ok: false, reason: problem };
    const { columns } = mapped;
    const dataOffset = header.end === -1 ? totalBytes : header.end + 1;
    const chunks = await this.files.chunkStarts(importId, dataOffset, totalBytes, chunkRows);
    return { ok: true, layout: { encoding, totalBytes, dataOffset, columns }, chunks };
  }

  async importRosterChunk(input: ImportRosterChunkInput): Promise<RosterChunkResult> {
    const { importId, layout, startOffset, firstRow, maxRows } = input;
    const done = await this.repository.processedChunk(importId, startOffset);
    if (done) return done;
    const record = await this.repository.findImport(importId);
    if (!record) throw new Error(`roster import ${importId} no longer exists`);
    // The uploader's jurisdiction travels with the import record (stored at upload), not the workflow input.
    const scope = { level: record.scope_level, code: record.scope_code } as Parameters<typeof validateRosterRow>[2];
    const schools = await this.repository.schoolDirectory();
    const lines = await this.files.readLines(importId, startOffset, maxRows, layout.totalBytes);
    const decoder = decoderFor(layout.encoding);
    const today = new Date();
    const sealed: SealedRosterRow[] = [];
    const errors: (RowError & { rowNumber: number })[] = [];
    const firstInChunk = new Map<string, number>();
    let read = 0;
    let rowNumber = firstRow - 1;
    for (const line of lines) {
      rowNumber += 1;
      if (line.bytes.length === 0) continue; // blank lines are not rows
      read += 1;
      // Checking and sealing is CPU work; chunks running alongside are waiting for their database
      // answers on this same thread, so let them go on every few hundred rows (and tell the server
      // this chunk is alive: the SDK throttles heartbeats).
      if (read % YIELD_EVERY_ROWS === 0) {
        heartbeat();
        await setImmediatePromise();
      }
      let text: string;
      try {
        text = decoder.decode(line.bytes);
      } catch {
        errors.push({ rowNumber, field: 'row', reason: `not valid ${layout.encoding} text` });
        continue;
      }
      const cells = parseCsvLine(text);
      if (!cells) {
        errors.push({ rowNumber, field: 'row', reason: 'unterminated quote' });
        continue;
      }
      const checked = validateRosterRow((column) => cells[layout.columns[column]]?.trim() ?? '', (code) => schools.get(code), scope, today);
      if ('errors' in checked) {
        for (const e of checked.errors) errors.push({ rowNumber, ...e });
        continue;
      }
      const { nationalId, ...facts } = checked.row; // the plain ID goes no further than this loop
      const indexHex = this.cipher.blindIndex('national-id', nationalId).toString('hex');
      const earlier = firstInChunk.get(indexHex);
      if (earlier !== undefined) {
        errors.push({ rowNumber, field: 'national_id', reason: `the same national ID as row ${earlier}` });
        continue;
      }
      firstInChunk.set(indexHex, rowNumber);
      const { cipher, keyVersion } = this.cipher.encrypt('national-id', nationalId);
      sealed.push({ ...facts, rowNumber, indexHex, cipherHex: cipher.toString('hex'), keyVersion });
    }
    heartbeat();
    const endOffset = lines.length > 0 ? lines[lines.length - 1].endOffset : layout.totalBytes;
    return this.repository.writeChunk(
      importId,
      startOffset,
      { endOffset, nextRow: rowNumber + 1, read, accepted: 0, rejected: 0 },
      sealed,
      errors,
      record.created_by,
      scope,
    );
  }

  async finishRosterImport(result: RosterImportResult): Promise<void> {
    await this.repository.finish(result.importId, result.status, result.failure);
    // The file has served its purpose; its rows now live (encrypted) in the registry and the error report.
    await this.files.discard(result.importId);
  }
}
