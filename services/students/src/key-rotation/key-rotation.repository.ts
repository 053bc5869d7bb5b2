import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StudentEntity } from '../students/student.entity';

export interface SealedNationalIdRow {
  id: string;
  national_id_cipher: Buffer;
  national_id_key_version: number;
}

/** The national ID ciphertexts of the registry, read and rewritten by key rotation. */
@Injectable()
export class KeyRotationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One keyset batch of students in id order, after `afterId`. */
  async batchAfter(afterId: string | undefined, limit: number): Promise<SealedNationalIdRow[]> {
    const query = this.dataSource.getRepository(StudentEntity).createQueryBuilder('s').select(['s.id', 's.nationalIdCipher', 's.nationalIdKeyVersion']);
    if (afterId !== undefined) query.where('s.id > :afterId', { afterId });
    const rows = await query.orderBy('s.id').limit(limit).getMany();
    return rows.map((r) => ({ id: r.id, national_id_cipher: r.nationalIdCipher, national_id_key_version: r.nationalIdKeyVersion }));
  }

  /**
   * Writes the new ciphertexts, only to rows still under the key they were read with (a concurrent
   * write already used the new key); returns how many were written. Raw SQL: one UPDATE … FROM
   * unnest for the whole batch, counted through a CTE (TypeORM answers a bare UPDATE … RETURNING
   * with [rows, count]).
   */
  async reseal(rows: { id: string; cipher: Buffer; oldVersion: number }[], toVersion: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH updated AS (UPDATE students.students s SET national_id_cipher = u.cipher, national_id_key_version = $4
       FROM unnest($1::uuid[], $2::bytea[], $3::int[]) AS u(id, cipher, old_version)
       WHERE s.id = u.id AND s.national_id_key_version = u.old_version
       RETURNING s.id) SELECT count(*)::int AS n FROM updated`,
      [rows.map((r) => r.id), rows.map((r) => r.cipher), rows.map((r) => r.oldVersion), toVersion],
    );
    return n;
  }

  /** How many students are sealed under each key version. */
  async rowsByKeyVersion(): Promise<{ keyVersion: number; rows: number }[]> {
    const counts: { key_version: number; rows: string }[] = await this.dataSource.getRepository(StudentEntity).createQueryBuilder('s')
      .select('s.nationalIdKeyVersion', 'key_version').addSelect('count(*)', 'rows').groupBy('s.nationalIdKeyVersion').orderBy('s.nationalIdKeyVersion').getRawMany();
    return counts.map((c) => ({ keyVersion: c.key_version, rows: Number(c.rows) }));
  }
}
