import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CaseworkGraduateActivities, GraduateAccountInput } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';
import { hashPassword } from '../identity/password';
import { UsersRepository } from '../identity/users.repository';

/**
 * A graduate's own account, created when their job-assistance case opens (mentoring's workflow).
 * Its password is a random secret nobody is told, so the account cannot log in until the graduate
 * sets a password (the activation code handed over by a caseworker; see the README's known gaps).
 * Idempotent: an existing user is left as it is.
 */
@Activities()
@Injectable()
export class GraduateAccountsActivities implements CaseworkGraduateActivities {
  constructor(private readonly users: UsersRepository) {}

  async ensureGraduateAccount(input: GraduateAccountInput): Promise<{ userId: string; username: string; created: boolean }> {
    const existing = await this.users.byId(input.userId);
    if (existing) return { userId: existing.userId, username: existing.username, created: false };
    const { hash, salt } = await hashPassword(randomBytes(32).toString('base64'));
    const created = await this.users.insert({
      userId: input.userId,
      username: input.userId,
      displayName: input.displayName,
      passwordHash: hash,
      passwordSalt: salt,
      roles: ['graduate'],
      scopeLevel: input.scope.level,
      scopeCode: input.scope.code,
    });
    return { userId: input.userId, username: input.userId, created };
  }
}
