import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SCOPE_LEVELS, scopeRank } from '@eduaid/contracts';
import type { CallerScope, Role, ScopeLevel } from '@eduaid/contracts';
import { likePrefix } from '@eduaid/platform';

export interface UserRow {
  user_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  password_salt: string;
  roles: Role[];
  scope_level: ScopeLevel;
  scope_code: string;
  active: boolean;
}

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

export interface UserListRow extends UserRow {
  failures: number | null;
  locked_until: Date | null;
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

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async byUsername(username: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await this.dataSource.query('SELECT * FROM casework.users WHERE username = $1', [username]);
    return rows[0];
  }

  async byId(userId: string, manager?: EntityManager): Promise<UserRow | undefined> {
    const rows: UserRow[] = await (manager ?? this.dataSource).query('SELECT * FROM casework.users WHERE user_id = $1', [userId]);
    return rows[0];
  }

  /** Display names and scopes of the users named (for screens that show who did what). */
  async names(userIds: string[]): Promise<Pick<UserRow, 'user_id' | 'display_name' | 'scope_level' | 'scope_code'>[]> {
    return this.dataSource.query('SELECT user_id, display_name, scope_level, scope_code FROM casework.users WHERE user_id = ANY($1::text[]) ORDER BY user_id', [userIds]);
  }

  /**
   * Users whose scope lies inside `scope` (same level or narrower, code within), ordered by user name,
   * with their login lockout (casework.login_throttle's row for the account name). The table holds
   * staff and graduates' accounts (thousands, not millions); users_scope indexes the scope prefix.
   */
  async list(scope: CallerScope, filter: UserListFilter): Promise<UserListRow[]> {
    const params: unknown[] = [levelsWithin(scope), scope.code];
    const where = ['u.scope_level = ANY($1::text[])', scope.level === 'school' ? 'u.scope_code = $2' : "u.scope_code LIKE $2 || '%'"];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.role) add((p) => `${p} = ANY(u.roles)`, filter.role);
    if (filter.name) add((p) => `(lower(u.username) LIKE lower(${p}) OR u.display_name LIKE ${p})`, likePrefix(filter.name));
    if (filter.after !== undefined) add((p) => `u.username > ${p}`, filter.after);
    params.push(filter.lockoutMs, filter.limit);
    const lockout = `$${params.length - 1}::double precision * interval '1 millisecond'`;
    return this.dataSource.query(
      `SELECT u.*, t.failures,
              CASE WHEN t.locked_at IS NOT NULL AND t.locked_at + ${lockout} > now() THEN t.locked_at + ${lockout} END AS locked_until
       FROM casework.users u
       LEFT JOIN casework.login_throttle t ON t.key = 'account:' || u.username
       WHERE ${where.join(' AND ')}
       ORDER BY u.username
       LIMIT $${params.length}`,
      params,
    );
  }

  /** Inserts unless the user name is taken; answers whether it was inserted. */
  async insert(user: NewUser, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.dataSource).query(
      `INSERT INTO casework.users (user_id, username, display_name, password_hash, password_salt, roles, scope_level, scope_code)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING RETURNING user_id`,
      [user.userId, user.username, user.displayName, user.passwordHash, user.passwordSalt, user.roles, user.scopeLevel, user.scopeCode],
    );
    return rows.length > 0;
  }

  /** Sets a user's password (a graduate activating their account). */
  async setPassword(userId: string, hash: string, salt: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(`UPDATE casework.users SET password_hash = $2, password_salt = $3 WHERE user_id = $1`, [userId, hash, salt]);
  }

  async revokeToken(tokenId: string, userId: string, expiresAt: Date, reason: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO casework.revoked_tokens (token_id, user_id, expires_at, reason) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING`,
      [tokenId, userId, expiresAt, reason],
    );
  }

  async setCutoff(userId: string, notBefore: Date, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO casework.token_cutoffs (user_id, not_before) VALUES ($1,$2)
       ON CONFLICT (user_id) DO UPDATE SET not_before = GREATEST(casework.token_cutoffs.not_before, EXCLUDED.not_before), updated_at = now()`,
      [userId, notBefore],
    );
  }

  async isRevoked(tokenId: string, userId: string, issuedAt?: Date): Promise<boolean> {
    const rows: { revoked: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM casework.revoked_tokens WHERE token_id = $1)
           OR EXISTS (SELECT 1 FROM casework.token_cutoffs WHERE user_id = $2 AND ($3::timestamptz IS NULL OR $3::timestamptz < not_before)) AS revoked`,
      [tokenId, userId, issuedAt ?? null],
    );
    return rows[0].revoked;
  }

  /** Revoked tokens that have not expired yet (expired ones are refused anyway) and every cut-off. */
  async revocationList(): Promise<{ tokenIds: string[]; cutoffs: { user_id: string; not_before: Date }[] }> {
    const tokens: { token_id: string }[] = await this.dataSource.query('SELECT token_id FROM casework.revoked_tokens WHERE expires_at > now()');
    const cutoffs: { user_id: string; not_before: Date }[] = await this.dataSource.query('SELECT user_id, not_before FROM casework.token_cutoffs');
    return { tokenIds: tokens.map((t) => t.token_id), cutoffs };
  }
}
