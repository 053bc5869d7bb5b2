import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A household's registration (as poor, by a roster import) is recorded on the household row, and
 * the status history keeps the changes after it. The history API shows the registration first, as
 * before; a roster import no longer writes a second row, with its own indexes and foreign-key
 * check, for every household it registers.
 */
export class HouseholdRegistrationOnRow1764700001000 implements MigrationInterface {
  name = 'HouseholdRegistrationOnRow1764700001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE students.households ADD COLUMN registered_by text NOT NULL DEFAULT 'system'`);
    await q.query(`
      WITH registrations AS (
        DELETE FROM students.household_status_history WHERE change_id IS NULL AND reason = 'registered by roster import'
        RETURNING household_id, recorded_by)
      UPDATE students.households h SET registered_by = r.recorded_by FROM registrations r WHERE r.household_id = h.id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO students.household_status_history (household_id, status, effective_date, reason, recorded_by, recorded_at)
      SELECT id, 'poor', created_at::date, 'registered by roster import', registered_by, created_at FROM students.households`);
    await q.query('ALTER TABLE students.households DROP COLUMN registered_by');
  }
}
