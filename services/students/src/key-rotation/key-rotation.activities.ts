import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { ReencryptBatchInput, ReencryptBatchResult, StudentsKeyRotationActivities } from '@eduaid/contracts';
import { Activities, FieldCipher } from '@eduaid/platform';

/** Re-encryption of national IDs under the current key, one keyset batch per call. */
@Activities()
@Injectable()
export class KeyRotationActivities implements StudentsKeyRotationActivities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  async reencryptNationalIds(input: ReencryptBatchInput): Promise<ReencryptBatchResult> {
    if (input.toVersion !== this.cipher.currentVersion) {
      // A worker whose configuration has another current key must not rotate to its own key.
      throw ApplicationFailure.nonRetryable(`this worker's current key is v${this.cipher.currentVersion}, not v${input.toVersion}`, 'KeyVersionMismatch');
    }
    const rows: { id: string; national_id_cipher: Buffer; national_id_key_version: number }[] = await this.dataSource.query(
      `SELECT id, national_id_cipher, national_id_key_version FROM students.students
       WHERE ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [input.afterId ?? null, input.batchSize],
    );
    const stale = rows.filter((r) => r.national_id_key_version !== input.toVersion);
    let reencrypted = 0;
    if (stale.length > 0) {
      const sealed = stale.map((r) => this.cipher.encrypt('national-id', this.cipher.decrypt('national-id', { cipher: r.national_id_cipher, keyVersion: r.national_id_key_version })));
      // Only rows still under the key they were read with: a concurrent write already used the new key.
      // Counted through a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
      const [{ n }]: { n: number }[] = await this.dataSource.query(
        `WITH updated AS (UPDATE students.students s SET national_id_cipher = u.cipher, national_id_key_version = $4
         FROM unnest($1::uuid[], $2::bytea[], $3::int[]) AS u(id, cipher, old_version)
         WHERE s.id = u.id AND s.national_id_key_version = u.old_version
         RETURNING s.id) SELECT count(*)::int AS n FROM updated`,
        [stale.map((r) => r.id), sealed.map((s) => s.cipher), stale.map((r) => r.national_id_key_version), input.toVersion],
      );
      reencrypted = n;
    }
    return { lastId: rows.length === input.batchSize ? rows[rows.length - 1].id : undefined, scanned: rows.length, reencrypted };
  }
}
