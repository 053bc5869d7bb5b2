import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { ActivationCodeEntity } from './activation-code.entity';

/** Activation codes (casework.activation_codes): one live code per user. */
@Injectable()
export class GraduateAccountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private codes(manager?: EntityManager): Repository<ActivationCodeEntity> {
    return (manager ?? this.dataSource.manager).getRepository(ActivationCodeEntity);
  }

  /** A new code replaces the user's previous one (and its failure count). */
  async issue(userId: string, hash: string, salt: string, issuedBy: string, expiresAt: Date, manager?: EntityManager): Promise<void> {
    await this.codes(manager)
      .createQueryBuilder()
      .insert()
      .values({ userId, codeHash: hash, codeSalt: salt, issuedBy, issuedAt: () => 'now()', expiresAt, failures: 0 })
      .orUpdate(['code_hash', 'code_salt', 'issued_by', 'issued_at', 'expires_at', 'failures'], ['user_id'])
      .execute();
  }

  async find(userId: string): Promise<ActivationCodeEntity | undefined> {
    return (await this.codes().findOneBy({ userId })) ?? undefined;
  }

  async failed(userId: string): Promise<void> {
    await this.codes().increment({ userId }, 'failures', 1);
  }

  async used(userId: string, manager?: EntityManager): Promise<void> {
    await this.codes(manager).delete({ userId });
  }
}
