import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface ActivationRow {
  user_id: string;
  code_hash: string;
  code_salt: string;
  expires_at: Date;
  failures: number;
}

/** Activation codes (casework.activation_codes): one live code per user. */
@Injectable()
export class GraduateAccountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new code replaces the user's previous one (and its failure count). */
  async issue(userId: string, hash: string, salt: string, issuedBy: string, expiresAt: Date, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO casework.activation_codes (user_id, code_hash, code_salt, issued_by, expires_at) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (user_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, code_salt = EXCLUDED.code_salt, issued_by = EXCLUDED.issued_by,
         issued_at = now(), expires_at = EXCLUDED.expires_at, failures = 0`,
      [userId, hash, salt, issuedBy, expiresAt],
    );
  }

  async find(userId: string): Promise<ActivationRow | undefined> {
    const rows: ActivationRow[] = await this.dataSource.query(`SELECT user_id, code_hash, code_salt, expires_at, failures FROM casework.activation_codes WHERE user_id = $1`, [userId]);
    return rows[0];
  }

  async failed(userId: string): Promise<void> {
    await this.dataSource.query(`UPDATE casework.activation_codes SET failures = failures + 1 WHERE user_id = $1`, [userId]);
  }

  async used(userId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(`DELETE FROM casework.activation_codes WHERE user_id = $1`, [userId]);
  }
}
