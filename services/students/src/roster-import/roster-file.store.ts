import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, FieldCipher } from '@eduaid/platform';
import { RawLine, splitLines } from '@eduaid/platform';
import { RosterImportFileEntity } from './roster-import-file.entity';

/** Files are kept in PostgreSQL in pieces of this size, so any replica's worker can read them. */
export const FILE_PIECE_BYTES = 1024 * 1024;
/** The largest roster accepted (the province's whole roster is about 120 MB). */
export const MAX_ROSTER_BYTES = 1024 * 1024 * 1024;

/**
 * Stores uploaded roster files and reads them back line by line from any byte offset. A roster is
 * full of national IDs, so each piece is encrypted at rest, and the pieces are deleted when the
 * import finishes.
 */
@Injectable()
export class RosterFileStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  private async piece(importId: string, seq: number): Promise<Buffer | undefined> {
    const row = await this.dataSource.getRepository(RosterImportFileEntity).findOneBy({ importId, seq });
    return row ? this.cipher.decryptBytes('uploaded-file', { cipher: row.data, keyVersion: row.keyVersion }) : undefined;
  }

  async discard(importId: string): Promise<void> {
    await this.dataSource.getRepository(RosterImportFileEntity).delete({ importId });
  }

  /** Streams an upload into pieces; memory holds one piece at a time. */
  async save(manager: EntityManager, importId: string, body: Readable): Promise<{ size: number; sha256: string; head: Buffer }> {
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let head: Buffer | undefined;
    const flush = async () => {
      const piece = Buffer.concat(pending, pendingBytes);
      head ??= piece.subarray(0, 64 * 1024);
      const sealed = this.cipher.encryptBytes('uploaded-file', piece);
      await manager.getRepository(RosterImportFileEntity).insert({ importId, seq: seq++, data: sealed.cipher, keyVersion: sealed.keyVersion });
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > MAX_ROSTER_BYTES) {
        throw new DomainError('roster.too-large', 'invalid', `A roster may be at most ${MAX_ROSTER_BYTES / 1024 / 1024} MiB; split the file.`);
      }
      hash.update(bytes);
      let offset = 0;
      while (offset < bytes.length) {
        const take = Math.min(FILE_PIECE_BYTES - pendingBytes, bytes.length - offset);
        pending.push(bytes.subarray(offset, offset + take));
        pendingBytes += take;
        offset += take;
        if (pendingBytes === FILE_PIECE_BYTES) await flush();
      }
    }
    if (pendingBytes > 0) await flush();
    return { size, sha256: hash.digest('hex'), head: head ?? Buffer.alloc(0) };
  }

  /**
   * Where every chunk of `linesPerChunk` lines starts, from `dataOffset` on: one pass over the file
   * counting LF bytes, so chunks can then be worked on in parallel.
   */
  async chunkStarts(importId: string, dataOffset: number, totalBytes: number, linesPerChunk: number): Promise<{ offset: number; firstRow: number }[]> {
    const starts = dataOffset < totalBytes ? [{ offset: dataOffset, firstRow: 2 }] : [];
    let line = 2;
    let linesInChunk = 0;
    for (let seq = 0; seq * FILE_PIECE_BYTES < totalBytes; seq++) {
      const piece = await this.piece(importId, seq);
      if (!piece) break;
      const base = seq * FILE_PIECE_BYTES;
      let from = Math.max(0, dataOffset - base);
      while (from < piece.length) {
        const lf = piece.indexOf(0x0a, from);
        if (lf === -1) break;
        from = lf + 1;
        line += 1;
        linesInChunk += 1;
        if (linesInChunk === linesPerChunk && base + from < totalBytes) {
          starts.push({ offset: base + from, firstRow: line });
          linesInChunk = 0;
        }
      }
    }
    return starts;
  }

  async head(importId: string, bytes: number): Promise<Buffer> {
    return (await this.piece(importId, 0))?.subarray(0, bytes) ?? Buffer.alloc(0);
  }

  /** Up to `maxLines` complete lines starting at `startOffset` (a line boundary). */
  async readLines(importId: string, startOffset: number, maxLines: number, totalBytes: number): Promise<RawLine[]> {
    const lines: RawLine[] = [];
    let seq = Math.floor(startOffset / FILE_PIECE_BYTES);
    let carry: Buffer = Buffer.alloc(0);
    let carryOffset = startOffset;
    let skip = startOffset - seq * FILE_PIECE_BYTES;
    while (lines.length < maxLines) {
      const piece = await this.piece(importId, seq);
      if (!piece) break;
      const data = carry.length > 0 ? Buffer.concat([carry, piece.subarray(skip)]) : piece.subarray(skip);
      const final = (seq + 1) * FILE_PIECE_BYTES >= totalBytes;
      const { lines: found, consumed } = splitLines(data, carryOffset, maxLines - lines.length, final);
      lines.push(...found);
      carry = data.subarray(consumed);
      carryOffset += consumed;
      skip = 0;
      seq += 1;
      if (final) break;
    }
    return lines;
  }
}
