import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Caller, CallerScope, scopeFormProblem, scopeWithin } from '@eduaid/contracts';
import { assertGrantable, assertProvinceWide, decodeKeysetCursor, denyAccess, encodeKeysetCursor, DomainError, RevocationCheck, SERVICE_CONFIG, ServiceConfig, signCallerToken, UnitOfWork } from '@eduaid/platform';
import { AuditRepository } from '../audit/audit.repository';
import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE } from './login-throttle';
import { LoginAdmission, LoginThrottleRepository } from './login-throttle.repository';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';
import type { CallerDto, CreateUserDto, LockoutReleaseDto, RevocationDto, RevocationListDto, TokenDto, UserDto, UserListQueryDto, UserNamesDto, UserPageDto } from './dto/identity.dto';

export const TOKEN_TTL_SECONDS = 8 * 3600;
// A revoked token id is kept this long: longer than any token casework issues lives.
const REVOKED_TOKEN_RETENTION_MS = 24 * 3600 * 1000;

/** The throttle keys of a login: the name asked for (known or not) and the client's address. */
const accountKey = (username: string) => `account:${username}`;
const addressKey = (address: string) => `address:${address}`;

/** Who an audit entry about a login names when the user name is unknown. */
const UNKNOWN_USER = 'unknown-user';

/** One answer for a throttled login, whether the name exists or not (only the wait differs). */
function throttled(refusal: Extract<LoginAdmission, { admitted: false }>): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
  return refusal.locked
    ? new DomainError('auth.login-locked', 'too-many-requests', 'This user name is locked after too many failed logins: a programme admin can lift the lock, or wait until it ends (see Retry-After).', [], retryAfterSeconds)
    : new DomainError('auth.login-throttled', 'too-many-requests', 'Too many failed logins for this user name or from this address: wait before trying again (see Retry-After).', [], retryAfterSeconds);
}

const scopeOf = (row: UserEntity): CallerScope => ({ level: row.scopeLevel, code: row.scopeCode });

export function userDto(row: UserEntity): UserDto {
  return { userId: row.userId, username: row.username, displayName: row.displayName, roles: row.roles, scope: { level: row.scopeLevel, code: row.scopeCode } };
}

/** Login, logout, users and revocation. Casework is where tokens are issued and revoked. */
@Injectable()
export class IdentityService implements RevocationCheck {
  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly audit: AuditRepository,
    private readonly unitOfWork: UnitOfWork,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * Checks a password, throttled per user name and per client address (login-throttle.ts): a
   * throttled or locked name answers 429 with Retry-After before its password is looked at, the same
   * way whether the name exists or not. Every failure that was checked is audited, and so is a lockout.
   */
  async login(username: string, password: string, address: string, requestId: string): Promise<TokenDto> {
    const keys = { account: accountKey(username), address: addressKey(address) };
    const admission = await this.throttle.admit([{ key: keys.account, policy: ACCOUNT_THROTTLE }, { key: keys.address, policy: ADDRESS_THROTTLE }], new Date());
    if (!admission.admitted) throw throttled(admission);
    const user = await this.users.byUsername(username);
    const ok = user ? await verifyPassword(password, { hash: user.passwordHash, salt: user.passwordSalt }) : await verifyPassword(password, await DUMMY_HASH).then(() => false);
    if (!user || !ok || !user.active) {
      const about = { actor: user?.userId ?? UNKNOWN_USER, subjectType: 'user', subjectId: user?.userId ?? null, divisionCode: user?.scopeCode ?? null, requestId };
      await this.audit.append({ ...about, action: 'auth.login-failed', after: { username, address, knownUser: !!user } });
      if (admission.locksNow.includes(keys.account)) {
        await this.audit.append({ ...about, action: 'auth.login-locked', after: { username, address, lockedForMinutes: (ACCOUNT_THROTTLE.lockoutMs ?? 0) / 60_000 }, reason: `${ACCOUNT_THROTTLE.lockoutAfter} failed logins within ${ACCOUNT_THROTTLE.windowMs / 60_000} minutes` });
      }
      // One answer for unknown name, wrong password and disabled user: no hint which it was.
      throw new DomainError('auth.login-failed', 'unauthenticated', 'The user name or password is wrong.');
    }
    await this.throttle.succeeded(keys.account, keys.address);
    const problem = scopeFormProblem(scopeOf(user));
    if (problem) {
      // Made before POST /users checked scopes: no service would accept its token, so none is issued.
      throw new DomainError('auth.user-scope-invalid', 'forbidden', `Your account's jurisdiction is not well formed (${problem}); ask a programme admin to correct it.`);
    }
    const { token, expiresAt } = await signCallerToken(
      this.config.auth.tokenSecret,
      { userId: user.userId, displayName: user.displayName, roles: user.roles, scope: scopeOf(user) },
      TOKEN_TTL_SECONDS,
    );
    return { accessToken: token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), user: userDto(user) };
  }

  /** Lifts a user's login lockout and clears their failure count (programme admin whose scope holds the user). */
  async releaseLockout(caller: Caller, userId: string, requestId: string): Promise<LockoutReleaseDto> {
    const target = await this.assertManages(caller, userId, 'lifting the login lockout of');
    return this.unitOfWork.run(async (m) => {
      const held = await this.throttle.release(accountKey(target.username), m);
      const result: LockoutReleaseDto = { userId, wasLocked: !!held?.lockedAt, failuresCleared: held?.failures ?? 0 };
      await this.audit.append({ actor: caller.userId, action: 'auth.lockout-released', subjectType: 'user', subjectId: userId, divisionCode: target.scopeCode, before: held ?? null, after: result, requestId }, m);
      return result;
    });
  }

  /** The user, if the caller's scope holds theirs (same level or wider, covering it); 404 / 403 otherwise. */
  private async assertManages(caller: Caller, userId: string, what: string): Promise<UserEntity> {
    const target = await this.users.byId(userId);
    if (!target) throw new DomainError('user.not-found', 'not-found', `No user ${userId}.`);
    if (!scopeWithin(scopeOf(target), caller.scope)) {
      denyAccess(caller, 'auth.out-of-scope', 'jurisdiction', `User ${userId} (${target.scopeLevel} ${target.scopeCode}) lies outside your jurisdiction (${caller.scope.level} ${caller.scope.code}): ${what} them is not yours to do.`, `user ${userId}`);
    }
    return target;
  }

  /**
   * Display names of the users asked for, where the user's jurisdiction overlaps the caller's (a
   * colleague within it, or a supervisor above it). A name outside that is left out rather than
   * refused: a screen then shows the id, and nothing is learnt about users elsewhere.
   */
  async names(caller: Caller, userIds: string[]): Promise<UserNamesDto> {
    const rows = await this.users.names([...new Set(userIds)]);
    const overlaps = (row: (typeof rows)[number]) => {
      const scope: CallerScope = { level: row.scopeLevel, code: row.scopeCode };
      return scopeWithin(scope, caller.scope) || scopeWithin(caller.scope, scope);
    };
    return { items: rows.filter(overlaps).map((r) => ({ userId: r.userId, displayName: r.displayName })) };
  }

  /** Display names of the users asked for, wherever they are (for the other services only: GET /internal/user-names). */
  async displayNames(userIds: string[]): Promise<UserNamesDto> {
    const rows = await this.users.names([...new Set(userIds)]);
    return { items: rows.map((r) => ({ userId: r.userId, displayName: r.displayName })) };
  }

  /**
   * The users inside the caller's jurisdiction (scopeWithin: their level or narrower, their code
   * within), by user name, with their login lockout. Checked again row by row against scopeWithin,
   * so a malformed stored scope never shows.
   */
  async list(caller: Caller, query: UserListQueryDto): Promise<UserPageDto> {
    const limit = query.limit ?? 50;
    const after = query.cursor ? (decodeKeysetCursor(query.cursor, ['text'])[0] as string) : undefined;
    const rows = await this.users.list(caller.scope, { role: query.role, name: query.name, after, limit: limit + 1, lockoutMs: ACCOUNT_THROTTLE.lockoutMs ?? 0 });
    const page = rows.slice(0, limit);
    return {
      items: page
        .filter((r) => scopeWithin(scopeOf(r.user), caller.scope))
        .map((r) => ({ ...userDto(r.user), active: r.user.active, lockedOut: r.lockedUntil !== null, lockedUntil: r.lockedUntil?.toISOString(), failedLogins: r.failures ?? 0 })),
      nextCursor: rows.length > limit ? encodeKeysetCursor([page[page.length - 1].user.username]) : undefined,
    };
  }

  me(caller: Caller): CallerDto {
    return { userId: caller.userId, displayName: caller.displayName, roles: caller.roles, scope: caller.scope };
  }

  async logout(caller: Caller, requestId: string): Promise<void> {
    await this.unitOfWork.run(async (m) => {
      await this.users.revokeToken(caller.tokenId, caller.userId, new Date(Date.now() + REVOKED_TOKEN_RETENTION_MS), 'logout', m);
      await this.audit.append({ actor: caller.userId, action: 'auth.logout', after: { tokenId: caller.tokenId }, requestId }, m);
    });
  }

  async createUser(caller: Caller, body: CreateUserDto, requestId: string): Promise<UserDto> {
    // Level must match the code's form (400) and never be wider than the creator's own (403).
    assertGrantable(caller, { level: body.scopeLevel, code: body.scopeCode }, `user ${body.username}`);
    const { hash, salt } = await hashPassword(body.password);
    const userId = randomUUID();
    return this.unitOfWork.run(async (m) => {
      const inserted = await this.users.insert({ userId, username: body.username, displayName: body.displayName, passwordHash: hash, passwordSalt: salt, roles: body.roles, scopeLevel: body.scopeLevel, scopeCode: body.scopeCode }, m);
      if (!inserted) throw new DomainError('user.username-taken', 'conflict', `The user name ${body.username} is taken.`);
      const row = (await this.users.byId(userId, m)) as UserEntity;
      await this.audit.append({ actor: caller.userId, action: 'user.created', subjectType: 'user', subjectId: userId, divisionCode: body.scopeCode, after: userDto(row), requestId }, m);
      return userDto(row);
    });
  }

  /** Every token of the user issued until now stops working in every service (within their cache time). */
  async revokeUserTokens(caller: Caller, userId: string, reason: string | undefined, requestId: string): Promise<RevocationDto> {
    const target = await this.users.byId(userId);
    if (target && !scopeWithin(scopeOf(target), caller.scope)) {
      denyAccess(caller, 'auth.out-of-scope', 'jurisdiction', `User ${userId} (${target.scopeLevel} ${target.scopeCode}) lies outside your jurisdiction (${caller.scope.level} ${caller.scope.code}).`, `user ${userId}`);
    }
    // A user casework does not hold (an external issuer's) has no known place: only the province may cut them off.
    if (!target) assertProvinceWide(caller, `Revoking the tokens of ${userId}, whom casework does not know,`);
    // Token issue times are whole seconds: a cut-off at this second refuses every token issued before it.
    const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000);
    await this.unitOfWork.run(async (m) => {
      await this.users.setCutoff(userId, notBefore, m);
      await this.audit.append({ actor: caller.userId, action: 'auth.tokens-revoked', subjectType: 'user', subjectId: userId, divisionCode: target?.scopeCode, after: { notBefore: notBefore.toISOString() }, reason: reason ?? null, requestId }, m);
    });
    return { userId, notBefore: notBefore.toISOString() };
  }

  isRevoked(tokenId: string, token?: { userId: string; issuedAt?: Date }): Promise<boolean> {
    return this.users.isRevoked(tokenId, token?.userId ?? '', token?.issuedAt);
  }

  async revocationList(): Promise<RevocationListDto> {
    const list = await this.users.revocationList();
    return { tokenIds: list.tokenIds, userCutoffs: list.cutoffs.map((c) => ({ userId: c.userId, notBefore: c.notBefore.toISOString() })), asOf: new Date().toISOString() };
  }
}
