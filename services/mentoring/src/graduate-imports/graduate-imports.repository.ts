import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { GraduateImportCounts, GraduateImportRowError, ScopeLevel } from '@eduaid/contracts';

export interface GraduateImportRecord {
  id: string;
  file_name: string;
  encoding: string;
  status: string;
  size_bytes: number;
  chunks_total: number | null;
  chunks_done: number;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  failure: string | null;
  created_at: Date;
  finished_at: Date | null;
  scope_level: ScopeLevel;
  scope_code: string;
  created_by: string;
  seal_key: string | null;
}

const RECORD_COLUMNS = `id, file_name, encoding, status, size_bytes, chunks_total, chunks_done, rows_read, rows_accepted, rows_rejected, failure, created_at, finished_at, scope_level, scope_code, created_by, seal_key`;

/**
 * The graduate imports' tables. Plain SQL as in the roster import: the upload is one bytea, the
 * counters move by increments, and chunk and error rows are written once (ON CONFLICT DO NOTHING) so
 * a retried activity changes nothing.
 */
@Injectable()
export class GraduateImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(r: { id: string; fileName: string; encoding: string; file: Buffer; sealKey?: string; scopeLevel: string; scopeCode: string; createdBy: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO mentoring.graduate_imports (id, file_name, encoding, size_bytes, file, seal_key, scope_level, scope_code, created_by, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'uploaded')`,
      [r.id, r.fileName, r.encoding, r.file.length, r.file, r.sealKey ?? null, r.scopeLevel, r.scopeCode, r.createdBy],
    );
  }

  async find(id: string): Promise<GraduateImportRecord | undefined> {
    const rows: GraduateImportRecord[] = await this.dataSource.query(`SELECT ${RECORD_COLUMNS} FROM mentoring.graduate_imports WHERE id = $1`, [id]);
    return rows[0];
  }

  async file(id: string): Promise<Buffer | undefined> {
    const rows: { file: Buffer | null }[] = await this.dataSource.query('SELECT file FROM mentoring.graduate_imports WHERE id = $1', [id]);
    return rows[0]?.file ?? undefined;
  }

  async markStarted(id: string, chunksTotal: number): Promise<void> {
    await this.dataSource.query(`UPDATE mentoring.graduate_imports SET status = 'running', chunks_total = $2 WHERE id = $1 AND status = 'uploaded'`, [id, chunksTotal]);
  }

  async chunkCounts(id: string, chunk: number, manager?: EntityManager): Promise<GraduateImportCounts | undefined> {
    const rows: { rows_read: number; rows_accepted: number; rows_rejected: number }[] = await (manager ?? this.dataSource).query(
      'SELECT rows_read, rows_accepted, rows_rejected FROM mentoring.graduate_import_chunks WHERE import_id = $1 AND chunk = $2',
      [id, chunk],
    );
    return rows[0] && { read: rows[0].rows_read, accepted: rows[0].rows_accepted, rejected: rows[0].rows_rejected };
  }

  /** Records a chunk's row errors and counts, and moves the import's counters, once (one transaction). */
  async finishChunk(id: string, chunk: number, counts: GraduateImportCounts, errors: GraduateImportRowError[]): Promise<GraduateImportCounts> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO mentoring.graduate_import_chunks (import_id, chunk, rows_read, rows_accepted, rows_rejected) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING chunk`,
        [id, chunk, counts.read, counts.accepted, counts.rejected],
      );
      if (inserted.length === 0) return (await this.chunkCounts(id, chunk, manager))!;
      if (errors.length > 0) {
        // One multi-row statement for the chunk's errors (a chunk is a few hundred rows).
        await manager.query(
          `INSERT INTO mentoring.graduate_import_errors (import_id, row_number, field, reason)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
          [id, errors.map((e) => e.rowNumber), errors.map((e) => e.field), errors.map((e) => e.reason)],
        );
      }
      await manager.query(
        `UPDATE mentoring.graduate_imports SET chunks_done = chunks_done + 1, rows_read = rows_read + $2, rows_accepted = rows_accepted + $3, rows_rejected = rows_rejected + $4 WHERE id = $1`,
        [id, counts.read, counts.accepted, counts.rejected],
      );
      return counts;
    });
  }

  /** The end of an import: its status, and the upload dropped (its rows now live in the graduate base and the error report). */
  async finish(id: string, status: 'completed' | 'failed', failure?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mentoring.graduate_imports SET status = $2, failure = $3, file = NULL, finished_at = coalesce(finished_at, now()) WHERE id = $1`,
      [id, status, failure ?? null],
    );
  }

  async errors(id: string, afterRow: number, afterField: string, limit: number): Promise<{ row_number: number; field: string; reason: string }[]> {
    return this.dataSource.query(
      `SELECT row_number, field, reason FROM mentoring.graduate_import_errors
       WHERE import_id = $1 AND (row_number, field) > ($2, $3) ORDER BY row_number, field LIMIT $4`,
      [id, afterRow, afterField, limit],
    );
  }
}
