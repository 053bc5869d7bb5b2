import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { GraduateImportCounts, GraduateImportRowError, ScopeLevel } from '@eduaid/contracts';
import { keysetPage, whereAfterKeyset } from '@eduaid/platform';
import { GraduateImportChunkEntity } from './graduate-import-chunk.entity';
import { GraduateImportErrorEntity } from './graduate-import-error.entity';
import { GraduateImportEntity } from './graduate-import.entity';

/** An import as its status shows it: everything but the upload itself. */
export type GraduateImportRecord = Omit<GraduateImportEntity, 'file'>;

/**
 * The graduate imports' tables (mentoring.graduate_imports, graduate_import_chunks,
 * graduate_import_errors): the upload is one bytea, the counters move by increments, and chunk and
 * error rows are written once (ON CONFLICT DO NOTHING) so a retried activity changes nothing.
 */
@Injectable()
export class GraduateImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private imports(manager?: EntityManager): Repository<GraduateImportEntity> {
    return (manager ?? this.dataSource.manager).getRepository(GraduateImportEntity);
  }

  private chunks(manager?: EntityManager): Repository<GraduateImportChunkEntity> {
    return (manager ?? this.dataSource.manager).getRepository(GraduateImportChunkEntity);
  }

  async create(r: { id: string; fileName: string; encoding: string; file: Buffer; sealKey?: string; scopeLevel: ScopeLevel; scopeCode: string; createdBy: string }): Promise<void> {
    await this.imports().insert({
      id: r.id, fileName: r.fileName, encoding: r.encoding, sizeBytes: r.file.length, file: r.file, sealKey: r.sealKey ?? null,
      scopeLevel: r.scopeLevel, scopeCode: r.scopeCode, createdBy: r.createdBy, status: 'uploaded',
    });
  }

  async find(id: string): Promise<GraduateImportRecord | undefined> {
    const row = await this.imports().findOne({
      select: {
        id: true, fileName: true, encoding: true, status: true, sizeBytes: true, chunksTotal: true, chunksDone: true, rowsRead: true, rowsAccepted: true,
        rowsRejected: true, failure: true, createdAt: true, finishedAt: true, scopeLevel: true, scopeCode: true, createdBy: true, sealKey: true,
      },
      where: { id },
    });
    return row ?? undefined;
  }

  async file(id: string): Promise<Buffer | undefined> {
    const row = await this.imports().findOne({ select: { id: true, file: true }, where: { id } });
    return row?.file ?? undefined;
  }

  async markStarted(id: string, chunksTotal: number): Promise<void> {
    await this.imports().update({ id, status: 'uploaded' }, { status: 'running', chunksTotal });
  }

  async chunkCounts(id: string, chunk: number, manager?: EntityManager): Promise<GraduateImportCounts | undefined> {
    const row = await this.chunks(manager).findOneBy({ importId: id, chunk });
    return row ? { read: row.rowsRead, accepted: row.rowsAccepted, rejected: row.rowsRejected } : undefined;
  }

  /** Records a chunk's row errors and counts, and moves the import's counters, once (one transaction). */
  async finishChunk(id: string, chunk: number, counts: GraduateImportCounts, errors: GraduateImportRowError[]): Promise<GraduateImportCounts> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await this.chunks(manager)
        .createQueryBuilder()
        .insert()
        .values({ importId: id, chunk, rowsRead: counts.read, rowsAccepted: counts.accepted, rowsRejected: counts.rejected })
        .orIgnore()
        .returning('chunk')
        .execute();
      if ((inserted.raw as unknown[]).length === 0) return (await this.chunkCounts(id, chunk, manager))!;
      if (errors.length > 0) {
        // One statement of four arrays (unnest), whatever the number of errors: the ORM's VALUES list
        // takes four parameters an error, and PostgreSQL caps a statement's parameters at 65,535.
        await manager.query(
          `INSERT INTO mentoring.graduate_import_errors (import_id, row_number, field, reason)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
          [id, errors.map((e) => e.rowNumber), errors.map((e) => e.field), errors.map((e) => e.reason)],
        );
      }
      await this.imports(manager)
        .createQueryBuilder()
        .update()
        .set({
          chunksDone: () => 'chunks_done + 1',
          rowsRead: () => 'rows_read + :read',
          rowsAccepted: () => 'rows_accepted + :accepted',
          rowsRejected: () => 'rows_rejected + :rejected',
        })
        .where('id = :id', { id })
        .setParameters({ read: counts.read, accepted: counts.accepted, rejected: counts.rejected })
        .execute();
      return counts;
    });
  }

  /** The end of an import: its status, and the upload dropped (its rows now live in the graduate base and the error report). */
  async finish(id: string, status: 'completed' | 'failed', failure?: string): Promise<void> {
    await this.imports().update({ id }, { status, failure: failure ?? null, file: null, finishedAt: () => 'coalesce(finished_at, now())' });
  }

  /** A page of an import's row errors, keyset on (row number, field). */
  async errors(id: string, after: { row: number; field: string }, limit: number): Promise<GraduateImportErrorEntity[]> {
    const q = this.dataSource.manager.getRepository(GraduateImportErrorEntity).createQueryBuilder('e').where('e.import_id = :id', { id });
    const key = ['e.rowNumber', 'e.field'];
    return keysetPage(whereAfterKeyset(q, key, [after.row, after.field]), key, limit).getMany();
  }
}
