import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  Caller,
  ROSTER_IMPORT_WORKFLOW,
  RosterImportInput,
  SEARCH_ATTRIBUTES,
  ScopeLevel,
  WORKFLOW_TASK_QUEUE,
  rosterImportWorkflowId,
  scopeWithin,
  taskQueueName,
} from '@eduaid/contracts';
import { DomainError, SERVICE_CONFIG, ServiceConfig, TEMPORAL_CLIENT } from '@eduaid/platform';
import { RosterErrorPageDto, RosterImportStatusDto, RosterRowErrorDto } from './dto/roster-import-status.dto';
import { csvField } from '@eduaid/platform';
import { RosterFileStore } from './roster-file.store';

const ERROR_PAGE = 500;

interface ImportRow {
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

/** Uploading rosters, starting their import workflow, and reporting progress and row errors. */
@Injectable()
export class RosterImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: RosterFileStore,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Stores the upload (streamed, in one transaction) and starts its import workflow. */
  async upload(body: Readable | undefined, fileName: string, encoding: string, caller: Caller, chunkRows?: number): Promise<RosterImportStatusDto> {
    if (!body || typeof (body as Readable).pipe !== 'function') {
      throw new DomainError('roster.no-file', 'invalid', 'Send the roster as the request body with Content-Type: text/csv.');
    }
    const importId = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO students.roster_imports (id, file_name, encoding, size_bytes, sha256, scope_level, scope_code, created_by, status)
         VALUES ($1, $2, $3, 0, '', $4, $5, $6, 'uploaded')`,
        [importId, fileName, encoding, caller.scope.level, caller.scope.code, caller.userId],
      );
      const saved = await this.files.save(manager, importId, body);
      if (saved.size === 0) throw new DomainError('roster.empty', 'invalid', 'The file is empty.');
      await manager.query('UPDATE students.roster_imports SET size_bytes = $2, sha256 = $3 WHERE id = $1', [importId, saved.size, saved.sha256]);
    });
    const input: RosterImportInput = { importId, chunkRows };
    await this.temporal.workflow.start(ROSTER_IMPORT_WORKFLOW, {
      workflowId: rosterImportWorkflowId(importId),
      taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, this.config.taskQueuePrefix),
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
    const [afterRow, afterField] = after ? [Number(after.split(':')[0]), after.split(':')[1]] : [0, ''];
    const rows: { row_number: number; field: string; reason: string }[] = await this.dataSource.query(
      `SELECT row_number, field, reason FROM students.roster_import_errors
       WHERE import_id = $1 AND (row_number, field) > ($2, $3) ORDER BY row_number, field LIMIT $4`,
      [importId, afterRow, afterField, ERROR_PAGE + 1],
    );
    const items: RosterRowErrorDto[] = rows.slice(0, ERROR_PAGE).map((r) => ({ row: r.row_number, field: r.field, reason: r.reason }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > ERROR_PAGE && last ? `${last.row}:${last.field}` : undefined };
  }

  /** The whole error report as CSV, produced page by page (memory stays flat). */
  async *errorsCsv(importId: string, caller: Caller): AsyncGenerator<string> {
    yield 'row,field,reason\n';
    let after: string | undefined;
    do {
      const page = await this.errors(importId, caller, after);
      yield page.items.map((e) => `${e.row},${csvField(e.field)},${csvField(e.reason)}\n`).join('');
      after = page.nextCursor;
    } while (after);
  }

  private async find(importId: string, caller: Caller): Promise<ImportRow> {
    const rows: ImportRow[] = await this.dataSource.query(
      `SELECT id, file_name, status, size_bytes, bytes_done, rows_read, rows_accepted, rows_rejected, failure, created_at, finished_at, scope_level, scope_code, created_by
       FROM students.roster_imports WHERE id = $1`,
      [importId],
    );
    const row = rows[0];
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
