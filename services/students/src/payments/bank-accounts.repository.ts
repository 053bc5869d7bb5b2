import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { FieldCipher } from '@eduaid/platform';
import { BankAccountEntity } from './bank-account.entity';

/** Only the last four digits, e.g. '**** 1234'. */
export function maskAccount(account: string): string {
  return `**** ${account.slice(-4)}`;
}

/** Students' bank accounts: encrypted at rest (FieldCipher 'bank-account'); only the masked form is ever shown. */
@Injectable()
export class BankAccountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource, private readonly cipher: FieldCipher) {}

  private get accounts(): Repository<BankAccountEntity> {
    return this.dataSource.getRepository(BankAccountEntity);
  }

  /** Records the student's account, or replaces the one recorded (one per student: INSERT … ON CONFLICT (student_id) DO UPDATE). */
  async upsert(studentId: string, account: string, holderName: string, by: string): Promise<string> {
    const sealed = this.cipher.encrypt('bank-account', account);
    const masked = maskAccount(account);
    await this.accounts.upsert(
      { studentId, accountCipher: sealed.cipher, accountKeyVersion: sealed.keyVersion, accountMasked: masked, holderName, updatedBy: by, updatedAt: () => 'now()' },
      { conflictPaths: ['studentId'] },
    );
    return masked;
  }

  async masked(studentId: string): Promise<string | undefined> {
    const row = await this.accounts.findOne({ select: { studentId: true, accountMasked: true }, where: { studentId } });
    return row?.accountMasked;
  }

  /** The clear number, for the bank request only. */
  async reveal(studentId: string): Promise<{ account: string; holderName: string } | undefined> {
    const row = await this.accounts.findOneBy({ studentId });
    if (!row) return undefined;
    return { account: this.cipher.decrypt('bank-account', { cipher: row.accountCipher, keyVersion: row.accountKeyVersion }), holderName: row.holderName };
  }

  /** The clear numbers of many students at once (a bank batch): one statement; students without an account are absent. */
  async revealMany(studentIds: string[]): Promise<Map<string, { account: string; holderName: string }>> {
    const found = new Map<string, { account: string; holderName: string }>();
    if (studentIds.length === 0) return found;
    // One array parameter (= ANY) for a batch of thousands, not thousands of IN parameters.
    // Only what a payment line needs: a cycle reveals every paid student's account, and each other
    // column (timestamps parsed into Dates, who changed it) was read and built for nothing.
    const rows = await this.accounts
      .createQueryBuilder('b')
      .select(['b.studentId', 'b.accountCipher', 'b.accountKeyVersion', 'b.holderName'])
      .where('b.studentId = ANY(:ids::uuid[])', { ids: studentIds })
      .getMany();
    for (const r of rows) found.set(r.studentId, { account: this.cipher.decrypt('bank-account', { cipher: r.accountCipher, keyVersion: r.accountKeyVersion }), holderName: r.holderName });
    return found;
  }
}
