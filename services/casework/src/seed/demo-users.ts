import type { DataSource } from 'typeorm';
import type { Role, ScopeLevel } from '@eduaid/contracts';
import { hashPassword } from '../identity/password';
import { UserEntity } from '../identity/user.entity';

export interface DemoUsersOptions {
  /** The demo county's division code (default 420102, 江岸区 under 武汉市, 湖北省). */
  countyCode?: string;
  /** The demo school (default the county's first: county code + 0001), for the school-level caseworker. */
  schoolCode?: string;
  /** Everyone's password (default 'eduaid-demo-password'). */
  password?: string;
}

export interface DemoUser {
  userId: string;
  username: string;
  roles: Role[];
  scope: { level: ScopeLevel; code: string };
}

/**
 * Demo users, one or two per role, in one demo county (auditor and programme admin at province
 * level, a caseworker at the county's first school for the school check of aid applications, and an
 * approver at the county's prefecture for the prefecture sign-off).
 * Idempotent: users that exist are left alone. Runs against casework's schema, which must be
 * migrated. Answers who exists after the call.
 */
export async function seedDemoUsers(dataSource: DataSource, options: DemoUsersOptions = {}): Promise<DemoUser[]> {
  const county = options.countyCode ?? '420102';
  const province = county.slice(0, 2);
  const school = options.schoolCode ?? `${county}0001`;
  const password = options.password ?? 'eduaid-demo-password';
  const users: DemoUser[] = [
    { userId: 'demo-caseworker-1', username: 'caseworker1.demo', roles: ['caseworker'], scope: { level: 'county', code: county } },
    { userId: 'demo-caseworker-2', username: 'caseworker2.demo', roles: ['caseworker'], scope: { level: 'county', code: county } },
    { userId: 'demo-school-caseworker', username: 'school-caseworker.demo', roles: ['caseworker'], scope: { level: 'school', code: school } },
    { userId: 'demo-approver-1', username: 'approver1.demo', roles: ['approver'], scope: { level: 'county', code: county } },
    { userId: 'demo-approver-2', username: 'approver2.demo', roles: ['approver'], scope: { level: 'county', code: county } },
    // Prefecture sign-off (large cash totals, local-relief funds) is decided at the prefecture.
    { userId: 'demo-prefecture-approver', username: 'prefecture-approver.demo', roles: ['approver'], scope: { level: 'prefecture', code: county.slice(0, 4) } },
    { userId: 'demo-supervisor', username: 'supervisor.demo', roles: ['supervisor'], scope: { level: 'county', code: county } },
    { userId: 'demo-mentor', username: 'mentor.demo', roles: ['mentor'], scope: { level: 'county', code: county } },
    { userId: 'demo-graduate', username: 'graduate.demo', roles: ['graduate'], scope: { level: 'county', code: county } },
    { userId: 'demo-admin', username: 'admin.demo', roles: ['programme-admin'], scope: { level: 'province', code: province } },
    { userId: 'demo-auditor', username: 'auditor.demo', roles: ['auditor'], scope: { level: 'province', code: province } },
  ];
  for (const user of users) {
    const { hash, salt } = await hashPassword(password);
    // A user already there (a second start) is left as it is.
    await dataSource
      .getRepository(UserEntity)
      .createQueryBuilder()
      .insert()
      .values({ userId: user.userId, username: user.username, displayName: user.username, passwordHash: hash, passwordSalt: salt, roles: user.roles, scopeLevel: user.scope.level, scopeCode: user.scope.code })
      .orIgnore()
      .execute();
  }
  return users;
}
