import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registries: the jurisdiction tree, schools, university ↔ poor-county pairings, and the rows the
 * plan's targets are tracked by. Checks in the database repeat the service's rules so that a bulk
 * load or a hand-written fix cannot store a code whose length does not fit its level.
 */
export class Registries1764500000000 implements MigrationInterface {
  name = 'Registries1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE schools.jurisdictions (
        code varchar(12) PRIMARY KEY,
        level text NOT NULL CHECK (level IN ('province','prefecture','county','township','village')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        parent_code varchar(12) REFERENCES schools.jurisdictions (code),
        registered_poor boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (code ~ '^[0-9]+$'),
        CHECK (length(code) = CASE level WHEN 'province' THEN 2 WHEN 'prefecture' THEN 4 WHEN 'county' THEN 6 WHEN 'township' THEN 9 ELSE 12 END),
        CHECK ((level = 'province') = (parent_code IS NULL)),
        CHECK (parent_code IS NULL OR left(code, length(parent_code)) = parent_code),
        CHECK (NOT registered_poor OR level IN ('county','village'))
      )`);
    // Children of a node, and prefix scans (a county's whole subtree) with the C-collation operator class.
    await q.query(`CREATE INDEX jurisdictions_parent_idx ON schools.jurisdictions (parent_code, code)`);
    await q.query(`CREATE INDEX jurisdictions_code_prefix_idx ON schools.jurisdictions (code varchar_pattern_ops)`);

    await q.query(`
      CREATE TABLE schools.schools (
        code char(10) PRIMARY KEY CHECK (code ~ '^[0-9]{10}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        kind text NOT NULL CHECK (kind IN ('kindergarten','teaching-point','primary','junior-secondary','nine-year','senior-high','secondary-vocational','special-education','university')),
        jurisdiction_code varchar(12) NOT NULL REFERENCES schools.jurisdictions (code),
        county_code varchar(6) NOT NULL REFERENCES schools.jurisdictions (code),
        boarding boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (length(jurisdiction_code) IN (9, 12)),
        CHECK (left(jurisdiction_code, 6) = county_code),
        CHECK (left(code, 6) = county_code)
      )`);
    // Keyset pages filtered by county or kind walk these in code order without sorting.
    await q.query(`CREATE INDEX schools_county_code_idx ON schools.schools (county_code, code)`);
    await q.query(`CREATE INDEX schools_kind_code_idx ON schools.schools (kind, code)`);
    await q.query(`CREATE INDEX schools_jurisdiction_prefix_idx ON schools.schools (jurisdiction_code varchar_pattern_ops)`);

    await q.query(`
      CREATE TABLE schools.university_pairings (
        university_code char(10) NOT NULL REFERENCES schools.schools (code),
        county_code varchar(6) NOT NULL REFERENCES schools.jurisdictions (code),
        start_year integer NOT NULL CHECK (start_year BETWEEN 2000 AND 2100),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (university_code, county_code)
      )`);
    await q.query(`CREATE INDEX university_pairings_county_idx ON schools.university_pairings (county_code)`);

    // 全面改薄: one row per school; batch is the plan's batch number (1 = first), since the plan gives
    // no year for its first batches.
    await q.query(`
      CREATE TABLE schools.renovations (
        school_code char(10) PRIMARY KEY REFERENCES schools.schools (code),
        batch smallint NOT NULL CHECK (batch BETWEEN 1 AND 20),
        status text NOT NULL CHECK (status IN ('planned','in-progress','done')),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE schools.kindergartens_built (
        school_code char(10) PRIMARY KEY REFERENCES schools.schools (code),
        year_built integer NOT NULL CHECK (year_built BETWEEN 2000 AND 2100),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE schools.teaching_point_links (
        school_code char(10) PRIMARY KEY REFERENCES schools.schools (code),
        year_linked integer NOT NULL CHECK (year_linked BETWEEN 2000 AND 2100),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE schools.teacher_training (
        county_code varchar(6) NOT NULL REFERENCES schools.jurisdictions (code),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        programme text NOT NULL CHECK (programme IN ('national-provincial','vocational-teachers','rotation')),
        person_times integer NOT NULL CHECK (person_times >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (county_code, year, programme)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['teacher_training', 'teaching_point_links', 'kindergartens_built', 'renovations', 'university_pairings', 'schools', 'jurisdictions']) {
      await q.query(`DROP TABLE schools.${table}`);
    }
  }
}
