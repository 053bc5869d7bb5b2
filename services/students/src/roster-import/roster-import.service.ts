import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  Caller,
  ROSTER_IMPORT_WORKFLOW,
  RosterImportInput,
  SEARCH_ATTRIBUTES,
  rosterImportWorkflowId,
  scopeWithin,
} from '@eduaid/contracts';
import { DomainError, UnitOfWork, WorkflowStarter, rowErrorsAfter, rowErrorsCsv, rowErrorsPage } from '@eduaid/platform';
import { RosterErrorPageDto, RosterImportStatusDto, RosterRowErrorDto } from './dto/roster-import-status.dto';
import { RosterFileStore } from './roster-file.store';
import { ImportStatusRow, RosterImportRepository } from './roster-import.repository';

const ERROR_PAGE = 500;

/** Uploading rosters, starting their import workflow, and reporting progress and row errors. */
@Injectable()
export class RosterImportService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly imports: RosterImportRepository,
    private readonly files: RosterFileStore,
    private readonly workflows: WorkflowStarter,
  ) {}

  /** Stores the upload (streamed, in one transaction) and starts its import workflow. */
  async upload(body: Readable | undefined, fileName: string, encoding: string, caller: Caller, chunkRows?: number): Promise<RosterImportStatusDto> {
    if (!body || typeof (body as Readable).pipe !== 'function') {
      throw new DomainError('roster.no-file', 'invalid', 'Send the roster as the request body with Content-Type: text/csv.');
    }
    const importId = randomUUID();
    await this.unitOfWork.run(async (tx) => {
      await this.imports.createUpload(tx, { importId, fileName, encoding, scope: caller.scope, createdBy: caller.userId });
      const saved = await this.files.save(tx, importId, body);
      if (saved.size === 0) throw new DomainError('roster.empty', 'invalid', 'The file is empty.');
      await this.imports.setUploadSize(tx, importId, saved.size, saved.sha256);
    });
    const input: RosterImportInput = { importId, chunkRows };
    await this.workflows.start(ROSTER_IMPORT_WORKFLOW, {
      workflowId: rosterImportWorkflowId(importId),
      args: [input],
      searchAttributes: { [SEARCH_ATTRIBUTES.county.name]: [caller.scope.code] },
    });
    return this.status(importId, caller);
  }

  async status(importId: string, caller: Caller): Promise<RosterImportStatusDto> {
    const row = await this.find(importId, caller);
    const size = Number(row.size_bytes);
    const done = Number(row.bytes_done);
    return {
      importId: row.id,
      workflowId: rosterImportWorkflowId(row.id),
      fileName: row.file_name,
      status: row.status,
      sizeBytes: size,
      bytesDone: done,
      fractionDone: row.status === 'completed' ? 1 : size > 0 ? Math.min(1, done / size) : 0,
      rowsRead: row.rows_read,
      rowsAccepted: row.rows_accepted,
      rowsRejected: row.rows_rejected,
      failure: row.failure ?? undefined,
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at?.toISOString(),
    };
  }

  /** One page of row errors, in file order. */
  async errors(importId: string, caller: Caller, after?: string): Promise<RosterErrorPageDto> {
    await this.find(importId, caller);
    const rows = await this.imports.rowErrors(importId, rowErrorsAfter(after), ERROR_PAGE + 1);
    return rowErrorsPage(rows.map((r): RosterRowErrorDto => ({ row: r.row_number, field: r.field, reason: r.reason })), ERROR_PAGE);
  }

  /** The whole error report as CSV, produced page by page (memory stays flat). */
  errorsCsv(importId: string, caller: Caller): AsyncGenerator<string> {
    return rowErrorsCsv((after) => this.errors(importId, caller, after), '\n');
  }

  private async find(importId: string, caller: Caller): Promise<ImportStatusRow> {
    const row = await this.imports.importStatus(importId);
    if (!row) throw new DomainError('roster-import.not-found', 'not-found', `No roster import ${importId}.`);
    // An import belongs to the jurisdiction it was made in: visible to its maker and to anyone whose scope contains it.
    // "Contains" is scopeWithin: a code prefix alone would let a township see a school's import (a school code names its county).
    const visible = row.created_by === caller.userId || scopeWithin({ level: row.scope_level, code: row.scope_code }, caller.scope);
    if (!visible) {
      throw new DomainError('auth.out-of-scope', 'forbidden', `This import belongs to another jurisdiction (${row.scope_code}).`);
    }
    return row;
  }
}
