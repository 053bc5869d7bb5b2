import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FieldCipher } from '@eduaid/platform';

/** Only the last four digits, e.g. '**** 1234'. */
export function maskAccount(account: string): string {
  return `**** ${account.slice(-4)}`;
}

/** Students' bank accounts: encrypted at rest (FieldCipher 'bank-account'); only the masked form is ever shown. */
@Injectable()
export class BankAccountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly cipher: FieldCipher) {}

  async upsert(studentId: string, account: string, holderName: string, by: string): Promise<string> {
    const sealed = this.cipher.encrypt('bank-account', account);
    const masked = maskAccount(account);
    await this.dataSource.query(
      `INSERT INTO students.bank_accounts (student_id, account_cipher, account_key_version, account_masked, holder_name, updated_by)
       VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (student_id) DO UPDATE SET account_cipher = EXCLUDED.account_cipher, account_key_version = EXCLUDED.account_key_version,
         account_masked = EXCLUDED.account_masked, holder_name = EXCLUDED.holder_name, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [studentId, sealed.cipher, sealed.keyVersion, masked, holderName, by],
    );
    return masked;
  }

  async masked(studentId: string): Promise<string | undefined> {
    const rows: { account_masked: string }[] = await this.dataSource.query('SELECT account_masked FROM students.bank_accounts WHERE student_id = $1', [studentId]);
    return rows[0]?.account_masked;
  }

  /** The clear number, for the bank request only. */
  async reveal(studentId: string): Promise<{ account: string; holderName: string } | undefined> {
    const rows: { account_cipher: Buffer; account_key_version: number; holder_name: string }[] = await this.dataSource.query(
      'SELECT account_cipher, account_key_version, holder_name FROM students.bank_accounts WHERE student_id = $1',
      [studentId],
    );
    if (!rows[0]) return undefined;
    return { account: this.cipher.decrypt('bank-account', { cipher: rows[0].account_cipher, keyVersion: rows[0].account_key_version }), holderName: rows[0].holder_name };
  }

  /** The clear numbers of many students at once (a bank batch): one statement; students without an account are absent. */
  async revealMany(studentIds: string[]): Promise<Map<string, { account: string; holderName: string }>> {
    const found = new Map<string, { account: string; holderName: string }>();
    if (studentIds.length === 0) return found;
    const rows: { student_id: string; account_cipher: Buffer; account_key_version: number; holder_name: string }[] = await this.dataSource.query(
      'SELECT student_id, account_cipher, account_key_version, holder_name FROM students.bank_accounts WHERE student_id = ANY($1::uuid[])',
      [studentIds],
    );
    for (const r of rows) found.set(r.student_id, { account: this.cipher.decrypt('bank-account', { cipher: r.account_cipher, keyVersion: r.account_key_version }), holderName: r.holder_name });
    return found;
  }
}
