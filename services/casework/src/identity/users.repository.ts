import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Raw, Repository } from 'typeorm';
import { SCOPE_LEVELS, scopeRank } from '@eduaid/contracts';
import type { CallerScope, Role, ScopeLevel } from '@eduaid/contracts';
import { keysetPage, likePrefix, whereAfterKeyset } from '@eduaid/platform';
import { LoginThrottleEntity } from './login-throttle.entity';
import { RevokedTokenEntity } from './revoked-token.entity';
import { TokenCutoffEntity } from './token-cutoff.entity';
import { UserEntity } from './user.entity';

export interface NewUser {
  userId: string;
  username: string;
  displayName: string;
  passwordHash: string;
  passwordSalt: string;
  roles: Role[];
  scopeLevel: ScopeLevel;
  scopeCode: string;
}

/** A user as the admins' list shows them: the user and their login lockout. */
export interface UserListRow {
  user: UserEntity;
  failures: number | null;
  lockedUntil: Date | null;
}

export interface UserListFilter {
  role?: Role;
  /** Start of the user name (without case) or of the display name. */
  name?: string;
  /** The user name of the previous page's last row. */
  after?: string;
  limit: number;
  /** How long a login lockout lasts (ACCOUNT_THROTTLE.lockoutMs). */
  lockoutMs: number;
}

/**
 * The scope levels a user inside `scope` may have (scopeWithin in contracts): the caller's own level
 * or narrower; a township holds no school (a school's code starts with its county's code only).
 */
export function levelsWithin(scope: CallerScope): ScopeLevel[] {
  return SCOPE_LEVELS.filter((l) => scopeRank(l) >= scopeRank(scope.level) && !(scope.level === 'township' && l === 'school'));
}

/** Users (casework.users) and the revocation of their tokens (casework.revoked_tokens, casework.token_cutoffs). */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private users(manager?: EntityManager): Repository<UserEntity> {
    return (manager ?? this.dataSource.manager).getRepository(UserEntity);
  }

  async byUsername(username: string): Promise<UserEntity | undefined> {
    return (await this.users().findOneBy({ username })) ?? undefined;
  }

  async byId(userId: string, manager?: EntityManager): Promise<UserEntity | undefined> {
    return (await this.users(manager).findOneBy({ userId })) ?? undefined;
  }

  /** Display names and scopes of the users named (for screens that show who did what). */
  async names(userIds: string[]): Promise<Pick<UserEntity, 'userId' | 'displayName' | 'scopeLevel' | 'scopeCode'>[]> {
    return this.users().find({ select: { userId: true, displayName: true, scopeLevel: true, scopeCode: true }, where: { userId: In(userIds) }, order: { userId: 'ASC' } });
  }

  /**
   * Users whose scope lies inside `scope` (same level or narrower, code within), ordered by user name,
   * with their login lockout (casework.login_throttle's row for the account name). The table holds
   * staff and graduates' accounts (thousands, not millions); users_scope indexes the scope prefix.
   */
  async list(scope: CallerScope, filter: UserListFilter): Promise<UserListRow[]> {
    // A scoped keyset page LEFT JOINed to the login counters on a computed key ('account:' || username).
    // Users are scopes, not places: the same level or narrower, the code within (not scopeCoversSql).
    const lockout = `:lockoutMs::double precision * interval '1 millisecond'`;
    const q = this.users()
      .createQueryBuilder('u')
      .leftJoin(LoginThrottleEntity, 't', `t.key = 'account:' || u.username`)
      .addSelect('t.failures', 'failures')
      .addSelect(`CASE WHEN t.locked_at IS NOT NULL AND t.locked_at + ${lockout} > now() THEN t.locked_at + ${lockout} END`, 'locked_until')
      .setParameter('lockoutMs', filter.lockoutMs)
      .where('u.scope_level = ANY(:levels::text[])', { levels: levelsWithin(scope) })
      .andWhere(scope.level === 'school' ? 'u.scope_code = :scopeCode' : `u.scope_code LIKE :scopeCode || '%'`, { scopeCode: scope.code });
    if (filter.role) q.andWhere(':role = ANY(u.roles)', { role: filter.role });
    if (filter.name) q.andWhere('(lower(u.username) LIKE lower(:name) OR u.display_name LIKE :name)', { name: likePrefix(filter.name) });
    whereAfterKeyset(q, ['u.username'], filter.after !== undefined ? [filter.after] : undefined);
    const { entities, raw } = await keysetPage(q, ['u.username'], filter.limit).getRawAndEntities<{ u_user_id: string; failures: number | null; locked_until: Date | null }>();
    const lockouts = new Map(raw.map((r) => [r.u_user_id, r]));
    return entities.map((user) => ({ user, failures: lockouts.get(user.userId)?.failures ?? null, lockedUntil: lockouts.get(user.userId)?.locked_until ?? null }));
  }

  /** Inserts unless the user name (or id) is taken; answers whether it was inserted. */
  async insert(user: NewUser, manager?: EntityManager): Promise<boolean> {
    const result = await this.users(manager).createQueryBuilder().insert().values(user).orIgnore().returning('user_id').execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** Sets a user's password (a graduate activating their account). */
  async setPassword(userId: string, hash: string, salt: string, manager?: EntityManager): Promise<void> {
    await this.users(manager).update({ userId }, { passwordHash: hash, passwordSalt: salt });
  }

  /** Revoking a token twice is the same as once. */
  async revokeToken(tokenId: string, userId: string, expiresAt: Date, reason: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).getRepository(RevokedTokenEntity).createQueryBuilder().insert().values({ tokenId, userId, expiresAt, reason }).orIgnore().execute();
  }

  async setCutoff(userId: string, notBefore: Date, manager?: EntityManager): Promise<void> {
    // A merge that keeps the later cut-off (ON CONFLICT … GREATEST): one statement, so two revocations racing cannot move it back.
    await (manager ?? this.dataSource).query(
      `INSERT INTO casework.token_cutoffs (user_id, not_before) VALUES ($1,$2)
       ON CONFLICT (user_id) DO UPDATE SET not_before = GREATEST(casework.token_cutoffs.not_before, EXCLUDED.not_before), updated_at = now()`,
      [userId, notBefore],
    );
  }

  /** The token is revoked itself, or the user's cut-off is after its issue time (any cut-off, when that time is unknown). */
  async isRevoked(tokenId: string, userId: string, issuedAt?: Date): Promise<boolean> {
    // On every casework request's path (the auth guard): both tables in one statement, one round trip,
    // where the repository API would take two.
    const rows: { revoked: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM casework.revoked_tokens WHERE token_id = $1)
           OR EXISTS (SELECT 1 FROM casework.token_cutoffs WHERE user_id = $2 AND ($3::timestamptz IS NULL OR $3::timestamptz < not_before)) AS revoked`,
      [tokenId, userId, issuedAt ?? null],
    );
    return rows[0].revoked;
  }

  /** Revoked tokens that have not expired yet (expired ones are refused anyway) and every cut-off. */
  async revocationList(): Promise<{ tokenIds: string[]; cutoffs: { userId: string; notBefore: Date }[] }> {
    // The database's clock, as the revocation itself was written by it.
    const tokens = await this.dataSource.getRepository(RevokedTokenEntity).find({ select: { tokenId: true }, where: { expiresAt: Raw((at) => `${at} > now()`) } });
    const cutoffs = await this.dataSource.getRepository(TokenCutoffEntity).find({ select: { userId: true, notBefore: true } });
    return { tokenIds: tokens.map((t) => t.tokenId), cutoffs };
  }
}
