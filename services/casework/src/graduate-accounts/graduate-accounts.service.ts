import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Caller, scopeWithin } from '@eduaid/contracts';
import { DomainError, denyAccess, UnitOfWork } from '@eduaid/platform';
import { AuditRepository } from '../audit/audit.repository';
import { hashPassword, verifyPassword } from '../identity/password';
import { UsersRepository } from '../identity/users.repository';
import { ActivateAccountDto, ActivatedDto, ActivationCodeDto } from './dto/graduate-account.dto';
import { GraduateAccountsRepository } from './graduate-accounts.repository';

/** No 0/O, 1/I/L: read aloud or copied from paper without mistakes. 10 characters ≈ 50 bits. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;
const CODE_TTL_MS = 7 * 86_400_000;
/** A code is spent after this many wrong tries; the caseworker issues a new one. */
const MAX_FAILURES = 5;

const normalise = (code: string) => code.replace(/-/g, '').toUpperCase();
const formatted = (code: string) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

/**
 * Graduates' accounts: created (without a usable password) when their job-assistance case opens; a
 * caseworker in whose jurisdiction the graduate lies issues an activation code and hands it over; the
 * graduate sets a password with it. Codes are stored hashed, live 7 days, allow 5 wrong tries, and
 * every issue, use and failure is in the audit log.
 */
@Injectable()
export class GraduateAccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly codes: GraduateAccountsRepository,
    private readonly audit: AuditRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async issue(caller: Caller, userId: string, requestId: string): Promise<ActivationCodeDto> {
    const target = await this.users.byId(userId);
    if (!target) throw new DomainError('user.not-found', 'not-found', `No user ${userId}.`);
    if (!scopeWithin({ level: target.scopeLevel, code: target.scopeCode }, caller.scope)) {
      denyAccess(caller, 'auth.out-of-scope', 'jurisdiction', `User ${userId} lies outside your jurisdiction (${caller.scope.level} ${caller.scope.code}).`, `user ${userId}`);
    }
    if (!target.roles.includes('graduate') || target.roles.length > 1) {
      throw new DomainError('user.not-a-graduate', 'conflict', `User ${userId} is not a graduate's account; staff accounts are set up by programme admins.`);
    }
    const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const { hash, salt } = await hashPassword(code);
    const expiresAt = new Date(Date.now() + CODE_TTL_MS);
    await this.unitOfWork.run(async (m) => {
      await this.codes.issue(userId, hash, salt, caller.userId, expiresAt, m);
      await this.audit.append({ actor: caller.userId, action: 'auth.activation-code-issued', subjectType: 'user', subjectId: userId, divisionCode: target.scopeCode, after: { expiresAt: expiresAt.toISOString() }, requestId }, m);
    });
    return { userId, username: target.username, activationCode: formatted(code), expiresAt: expiresAt.toISOString() };
  }

  /** One answer for an unknown name, no code, a wrong, spent or expired code: no hint which it was. */
  async activate(body: ActivateAccountDto, requestId: string): Promise<ActivatedDto> {
    const refuse = () => new DomainError('auth.activation-failed', 'unauthenticated', 'The user name or activation code is wrong, used up or expired; ask your caseworker for a new code.');
    const user = await this.users.byUsername(body.username);
    const row = user ? await this.codes.find(user.userId) : undefined;
    if (!user || !row || row.expiresAt.getTime() < Date.now() || row.failures >= MAX_FAILURES) throw refuse();
    if (!(await verifyPassword(normalise(body.activationCode), { hash: row.codeHash, salt: row.codeSalt }))) {
      await this.codes.failed(user.userId);
      await this.audit.append({ actor: user.userId, action: 'auth.activation-failed', subjectType: 'user', subjectId: user.userId, divisionCode: user.scopeCode, after: { failures: row.failures + 1 }, requestId });
      throw refuse();
    }
    const { hash, salt } = await hashPassword(body.password);
    await this.unitOfWork.run(async (m) => {
      await this.users.setPassword(user.userId, hash, salt, m);
      await this.codes.used(user.userId, m);
      await this.audit.append({ actor: user.userId, action: 'auth.account-activated', subjectType: 'user', subjectId: user.userId, divisionCode: user.scopeCode, requestId }, m);
    });
    return { userId: user.userId, username: user.username };
  }
}
