import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  Caller,
  GRADUATE_IMPORT_WORKFLOW,
  GRADUATE_SEAL_KEY_WORKFLOW,
  GraduateImportInput,
  graduateImportSealContext,
  graduateImportWorkflowId,
  graduateSealKeyWorkflowId,
  scopeWithin,
} from '@eduaid/contracts';
import { DomainError, SERVICE_CONFIG, Sealer, ServiceConfig, WorkflowStarter, rowErrorsAfter, rowErrorsCsv, rowErrorsPage } from '@eduaid/platform';
import { holdsNationalIds, sealNationalIds } from './national-id-sealing';
import { GraduateImportErrorPageDto, GraduateImportStatusDto } from './dto/graduate-import.dto';
import { GraduateImportRecord, GraduateImportsRepository } from './graduate-imports.repository';

const ERROR_PAGE = 500;
/** How long the students service's sealing key is kept before it is asked again. */
const SEAL_KEY_TTL_MS = 10 * 60_000;
/** A university's graduates list: tens of thousands of rows at most, far below this. */
export const MAX_GRADUATES_FILE_BYTES = 20 * 1024 * 1024;

/** Uploading a university's graduates list, starting its import workflow, and reporting progress and row errors. */
@Injectable()
export class GraduateImportsService {
  private sealKey?: { publicKey: Promise<string>; until: number };

  constructor(
    private readonly imports: GraduateImportsRepository,
    private readonly workflows: WorkflowStarter,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async upload(body: Readable | undefined, fileName: string, encoding: string, caller: Caller, chunkRows?: number): Promise<GraduateImportStatusDto> {
    if (!body || typeof (body as Readable).pipe !== 'function') {
      throw new DomainError('graduate-import.no-file', 'invalid', 'Send the graduates list as the request body with Content-Type: text/csv.');
    }
    const pieces: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > MAX_GRADUATES_FILE_BYTES) {
        throw new DomainError('graduate-import.too-large', 'invalid', `A graduates list may be at most ${MAX_GRADUATES_FILE_BYTES / 1024 / 1024} MiB; split the file.`);
      }
      pieces.push(chunk as Buffer);
    }
    if (size === 0) throw new DomainError('graduate-import.empty', 'invalid', 'The file is empty.');
    const importId = randomUUID();
    const { file, sealKey } = await this.sealNationalIds(importId, Buffer.concat(pieces, size));
    await this.imports.create({ id: importId, fileName, encoding, file, sealKey, scopeLevel: caller.scope.level, scopeCode: caller.scope.code, createdBy: caller.userId });
    const input: GraduateImportInput = { importId, chunkRows };
    await this.workflows.start(GRADUATE_IMPORT_WORKFLOW, { workflowId: graduateImportWorkflowId(importId), args: [input] });
    return this.status(importId, caller);
  }

  /**
   * National IDs never reach the mentoring schema: before the upload is stored, each one is sealed
   * for the students service (its public key, asked once through a short workflow and kept a while),
   * under a key pair made for this upload whose private half is dropped at once. Only the students
   * service can open them, when the import asks it who the students are.
   */
  private async sealNationalIds(importId: string, file: Buffer): Promise<{ file: Buffer; sealKey?: string }> {
    if (!holdsNationalIds(file)) return { file };
    const sealer = new Sealer(await this.studentsSealKey(), graduateImportSealContext(importId));
    return { file: sealNationalIds(file, (id) => sealer.seal(id)).file, sealKey: sealer.senderKey };
  }

  private async studentsSealKey(): Promise<string> {
    if (!this.sealKey || this.sealKey.until < Date.now()) {
      const publicKey = this.workflows
        .execute(GRADUATE_SEAL_KEY_WORKFLOW, {
          workflowId: graduateSealKeyWorkflowId(this.config.taskQueuePrefix),
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowExecutionTimeout: '30 seconds',
          args: [],
        })
        .then((r: { publicKey: string }) => r.publicKey);
      this.sealKey = { publicKey, until: Date.now() + SEAL_KEY_TTL_MS };
    }
    try {
      return await this.sealKey.publicKey;
    } catch {
      this.sealKey = undefined;
      throw new DomainError('graduate-import.registry-unavailable', 'unavailable', 'The file holds national IDs, and the students registry did not answer to seal them; try again shortly.');
    }
  }

  async status(importId: string, caller: Caller): Promise<GraduateImportStatusDto> {
    const row = await this.find(importId, caller);
    return {
      importId: row.id,
      workflowId: graduateImportWorkflowId(row.id),
      fileName: row.fileName,
      status: row.status,
      sizeBytes: row.sizeBytes,
      ...(row.chunksTotal !== null ? { chunksTotal: row.chunksTotal } : {}),
      chunksDone: row.chunksDone,
      fractionDone: row.status === 'completed' ? 1 : row.chunksTotal ? Math.min(1, row.chunksDone / row.chunksTotal) : 0,
      rowsRead: row.rowsRead,
      rowsAccepted: row.rowsAccepted,
      rowsRejected: row.rowsRejected,
      failure: row.failure ?? undefined,
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString(),
    };
  }

  /** One page of row errors, in file order. */
  async errors(importId: string, caller: Caller, after?: string): Promise<GraduateImportErrorPageDto> {
    await this.find(importId, caller);
    const rows = await this.imports.errors(importId, rowErrorsAfter(after), ERROR_PAGE + 1);
    return rowErrorsPage(rows.map((r) => ({ row: r.rowNumber, field: r.field, reason: r.reason })), ERROR_PAGE);
  }

  /** The whole error report as CSV, page by page. */
  errorsCsv(importId: string, caller: Caller): AsyncGenerator<string> {
    return rowErrorsCsv((after) => this.errors(importId, caller, after), '\r\n');
  }

  private async find(importId: string, caller: Caller): Promise<GraduateImportRecord> {
    const row = await this.imports.find(importId);
    if (!row) throw new DomainError('graduate-import.not-found', 'not-found', `No graduate import ${importId}.`);
    // An import belongs to the jurisdiction it was made in: visible to its maker and to anyone whose scope contains it.
    if (row.createdBy !== caller.userId && !scopeWithin({ level: row.scopeLevel, code: row.scopeCode }, caller.scope)) {
      throw new DomainError('auth.out-of-scope', 'forbidden', `This import belongs to another jurisdiction (${row.scopeCode}).`);
    }
    return row;
  }
}
