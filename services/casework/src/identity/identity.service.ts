import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Caller } from '@eduaid/contracts';
import { denyAccess, DomainError, RevocationCheck, SERVICE_CONFIG, ServiceConfig, signCallerToken } from '@eduaid/platform';
import { AuditRepository } from '../audit/audit.repository';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { UserRow, UsersRepository } from './users.repository';
import type { CallerDto, CreateUserDto, RevocationDto, RevocationListDto, TokenDto, UserDto } from './dto/identity.dto';

export const TOKEN_TTL_SECONDS = 8 * 3600;
// A revoked token id is kept this long: longer than any token casework issues lives.
const REVOKED_TOKEN_RETENTION_MS = 24 * 3600 * 1000;

export function userDto(row: UserRow): UserDto {
  return { userId: row.user_id, username: row.username, displayName: row.display_name, roles: row.roles, scope: { level: row.scope_level, code: row.scope_code } };
}

/** Login, logout, users and revocation. Casework is where tokens are issued and revoked. */
@Injectable()
export class IdentityService implements RevocationCheck {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async login(username: string, password: string): Promise<TokenDto> {
    const user = await this.users.byUsername(username);
    const ok = user ? await verifyPassword(password, { hash: user.password_hash, salt: user.password_salt }) : await verifyPassword(password, await DUMMY_HASH).then(() => false);
    if (!user || !ok || !user.active) {
      // One answer for unknown name, wrong password and disabled user: no hint which it was.
      throw new DomainError('auth.login-failed', 'unauthenticated', 'The user name or password is wrong.');
    }
    const { token, expiresAt } = await signCallerToken(
      this.config.auth.tokenSecret,
      { userId: user.user_id, displayName: user.display_name, roles: user.roles, scope: { level: user.scope_level, code: user.scope_code } },
      TOKEN_TTL_SECONDS,
    );
    return { accessToken: token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), user: userDto(user) };
  }

  me(caller: Caller): CallerDto {
    return { userId: caller.userId, displayName: caller.displayName, roles: caller.roles, scope: caller.scope };
  }

  async logout(caller: Caller, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.users.revokeToken(caller.tokenId, caller.userId, new Date(Date.now() + REVOKED_TOKEN_RETENTION_MS), 'logout', m);
      await this.audit.append({ actor: caller.userId, action: 'auth.logout', after: { tokenId: caller.tokenId }, requestId }, m);
    });
  }

  async createUser(caller: Caller, body: CreateUserDto, requestId: string): Promise<UserDto> {
    if (!body.scopeCode.startsWith(caller.scope.code) || caller.scope.level === 'school') {
      denyAccess(caller, 'auth.out-of-scope', 'jurisdiction', `A user at ${body.scopeLevel} ${body.scopeCode} lies outside your jurisdiction (${caller.scope.level} ${caller.scope.code}).`, `user ${body.username}`);
    }
    const { hash, salt } = await hashPassword(body.password);
    const userId = randomUUID();
    return this.dataSource.transaction(async (m) => {
      const inserted = await this.users.insert({ userId, username: body.username, displayName: body.displayName, passwordHash: hash, passwordSalt: salt, roles: body.roles, scopeLevel: body.scopeLevel, scopeCode: body.scopeCode }, m);
      if (!inserted) throw new DomainError('user.username-taken', 'conflict', `The user name ${body.username} is taken.`);
      const row = (await this.users.byId(userId, m)) as UserRow;
      await this.audit.append({ actor: caller.userId, action: 'user.created', subjectType: 'user', subjectId: userId, divisionCode: body.scopeCode, after: userDto(row), requestId }, m);
      return userDto(row);
    });
  }

  /** Every token of the user issued until now stops working in every service (within their cache time). */
  async revokeUserTokens(caller: Caller, userId: string, reason: string | undefined, requestId: string): Promise<RevocationDto> {
    const target = await this.users.byId(userId);
    if (target && !target.scope_code.startsWith(caller.scope.code)) {
      denyAccess(caller, 'auth.out-of-scope', 'jurisdiction', `User ${userId} lies outside your jurisdiction (${caller.scope.level} ${caller.scope.code}).`, `user ${userId}`);
    }
    // Token issue times are whole seconds: a cut-off at this second refuses every token issued before it.
    const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000);
    await this.dataSource.transaction(async (m) => {
      await this.users.setCutoff(userId, notBefore, m);
      await this.audit.append({ actor: caller.userId, action: 'auth.tokens-revoked', subjectType: 'user', subjectId: userId, divisionCode: target?.scope_code, after: { notBefore: notBefore.toISOString() }, reason: reason ?? null, requestId }, m);
    });
    return { userId, notBefore: notBefore.toISOString() };
  }

  isRevoked(tokenId: string, token?: { userId: string; issuedAt?: Date }): Promise<boolean> {
    return this.users.isRevoked(tokenId, token?.userId ?? '', token?.issuedAt);
  }

  async revocationList(): Promise<RevocationListDto> {
    const list = await this.users.revocationList();
    return { tokenIds: list.tokenIds, userCutoffs: list.cutoffs.map((c) => ({ userId: c.user_id, notBefore: c.not_before.toISOString() })), asOf: new Date().toISOString() };
  }
}
