import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authorization hardening:
 * - users: a scope's level must match its code's form (2/4/6/9-digit division codes, 10-digit school
 *   codes). NOT VALID: rows made before are left as they are (tokens carrying such a scope are
 *   refused by every service), every new or changed row is checked.
 * - tasks.decider_level: the level a task's step is held at; only someone scoped AT that level and
 *   covering the task may claim or decide it. Open aid tasks made before get it from their step.
 * - login_throttle: failed logins per account and per client address (growing waits, lockout), in
 *   PostgreSQL so that it survives a restart and holds across casework replicas.
 */
export class CaseworkAuthorization1764600000000 implements MigrationInterface {
  name = 'CaseworkAuthorization1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE casework.users ADD CONSTRAINT users_scope_form CHECK (
        scope_code ~ '^[0-9]+$' AND length(scope_code) = CASE scope_level
          WHEN 'province' THEN 2 WHEN 'prefecture' THEN 4 WHEN 'county' THEN 6 WHEN 'township' THEN 9 WHEN 'school' THEN 10 ELSE -1 END
      ) NOT VALID`);
    await q.query(`ALTER TABLE casework.tasks ADD COLUMN decider_level text CHECK (decider_level IN ('province','prefecture','county','township','school'))`);
    // The aid application's steps, as its workflow names them; a school check without a school is the county's.
    await q.query(`
      UPDATE casework.tasks SET decider_level = CASE
          WHEN step = 'school-check' THEN CASE WHEN school_code IS NULL THEN 'county' ELSE 'school' END
          WHEN step IN ('county-approval', 'appeal-county') THEN 'county'
          WHEN step IN ('prefecture-sign-off', 'appeal-prefecture') THEN 'prefecture'
          WHEN step = 'appeal-province' THEN 'province'
        END
        WHERE kind IN ('aid-approval', 'aid-appeal')`);
    await q.query(`
      CREATE TABLE casework.login_throttle (
        key text PRIMARY KEY,
        failures integer NOT NULL DEFAULT 0,
        last_failure_at timestamptz,
        locked_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_throttle_updated ON casework.login_throttle (updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE casework.login_throttle`);
    await q.query(`ALTER TABLE casework.tasks DROP COLUMN decider_level`);
    await q.query(`ALTER TABLE casework.users DROP CONSTRAINT users_scope_form`);
  }
}
