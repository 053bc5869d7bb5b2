import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, Repository, SelectQueryBuilder } from 'typeorm';
import type { CallerScope, DegreeLevel, GraduateRegistration, Intention } from '@eduaid/contracts';
import { keysetPage, whereAfterKeyset, whereInScope } from '@eduaid/platform';
import { MentorAssignmentEntity } from '../mentors/mentor-assignment.entity';
import { MentorEntity } from '../mentors/mentor.entity';
import { GraduateEntity } from './graduate.entity';
import { graduatePlace } from './graduate-places';

/** A graduate as the services read one (the entity: expected_graduation is 'YYYY-MM-DD'). */
export type GraduateRow = GraduateEntity;

/** A graduate as the registry knows them (who, their university and their household's village, with county codes beside). */
export interface FedGraduate {
  studentId: string;
  name: string;
  universityCode: string;
  universityCountyCode: string;
  villageCode: string;
  countyCode: string;
  degreeLevel: DegreeLevel;
  expectedGraduation: string;
}

/** A registration: the registry's facts and what the graduate says (major, intention, regions, consent). */
export interface NewGraduate extends FedGraduate, GraduateRegistration {
  createdBy: string;
}

export interface AssignmentRow {
  id: string;
  graduate_id: string;
  mentor_id: string;
  mentor_user_id: string | null;
  mentor_name: string;
  lead: boolean;
  assigned_by: string;
  reason: string;
  started_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
  end_reason: string | null;
}

export interface GraduateFilter {
  countyCode?: string;
  universityCode?: string;
  intention?: Intention;
  cohort?: number;
  after?: string;
  limit: number;
}

/** The graduate base and mentor assignments (mentoring.graduates, mentoring.mentor_assignments). */
@Injectable()
export class GraduatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private graduates(manager?: EntityManager): Repository<GraduateEntity> {
    return (manager ?? this.dataSource.manager).getRepository(GraduateEntity);
  }

  private assignments(manager: EntityManager): Repository<MentorAssignmentEntity> {
    return manager.getRepository(MentorAssignmentEntity);
  }

  /**
   * Registers a graduate once per student: a repeated link answers the existing row (created false).
   * A graduate the registry feed made and nobody has completed yet (no intention) takes this
   * registration's major, intention, regions, consent and date, and is a registration from then on.
   */
  async link(g: NewGraduate): Promise<{ id: string; created: boolean }> {
    // An upsert guarded by WHERE that tells a new row from an updated one (xmax): the ORM's upsert says neither.
    const inserted: { id: string; created: boolean }[] = await this.dataSource.query(
      `INSERT INTO mentoring.graduates AS g (student_id, name, university_code, university_county_code, village_code, county_code, major, degree_level, expected_graduation, cohort,
         intention, preferred_regions, consent_to_contact, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::date, extract(year FROM $9::date)::smallint, $10,$11,$12,$13)
       ON CONFLICT (student_id) DO UPDATE SET major = EXCLUDED.major, degree_level = EXCLUDED.degree_level, expected_graduation = EXCLUDED.expected_graduation,
         cohort = EXCLUDED.cohort, intention = EXCLUDED.intention, preferred_regions = EXCLUDED.preferred_regions, consent_to_contact = EXCLUDED.consent_to_contact,
         source = 'registration', updated_at = now()
       WHERE g.intention IS NULL
       RETURNING id, (xmax = 0) AS created`,
      [g.studentId, g.name, g.universityCode, g.universityCountyCode, g.villageCode, g.countyCode, g.major, g.degreeLevel, g.expectedGraduation, g.intention, g.preferredRegions, g.consentToContact, g.createdBy],
    );
    if (inserted[0]) return { id: inserted[0].id, created: inserted[0].created };
    const existing = await this.graduates().findOneOrFail({ select: { id: true }, where: { studentId: g.studentId } });
    return { id: existing.id, created: false };
  }

  /**
   * The registry feed's upsert of a page of final-year students, keyed by student id: new students
   * become graduates (source registry-feed, major and intention unknown, no consent yet); existing
   * ones take the registry's name and places, and, if the feed made them, its degree level and date.
   * A row that would not change is not written. One multi-row statement per page.
   */
  async upsertFed(manager: EntityManager, rows: FedGraduate[], createdBy: string): Promise<{ created: number; updated: number }> {
    if (rows.length === 0) return { created: 0, updated: 0 };
    const col = <T>(f: (r: FedGraduate) => T) => rows.map(f);
    // A bulk merge (unnest … ON CONFLICT … DO UPDATE … WHERE, new rows told by xmax): no ORM form for it.
    const written: { created: boolean }[] = await manager.query(
      `INSERT INTO mentoring.graduates AS g (student_id, name, university_code, university_county_code, village_code, county_code, degree_level, expected_graduation, cohort,
         consent_to_contact, created_by, source)
       SELECT r.student_id, r.name, r.university_code, r.university_county_code, r.village_code, r.county_code, r.degree_level, r.expected::date,
              extract(year FROM r.expected::date)::smallint, false, $9, 'registry-feed'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
              AS r (student_id, name, university_code, university_county_code, village_code, county_code, degree_level, expected)
       ON CONFLICT (student_id) DO UPDATE SET
         name = EXCLUDED.name, university_code = EXCLUDED.university_code, university_county_code = EXCLUDED.university_county_code,
         village_code = EXCLUDED.village_code, county_code = EXCLUDED.county_code,
         degree_level = CASE WHEN g.source = 'registry-feed' THEN EXCLUDED.degree_level ELSE g.degree_level END,
         expected_graduation = CASE WHEN g.source = 'registry-feed' THEN EXCLUDED.expected_graduation ELSE g.expected_graduation END,
         cohort = CASE WHEN g.source = 'registry-feed' THEN EXCLUDED.cohort ELSE g.cohort END,
         updated_at = now()
       WHERE (g.name, g.university_code, g.university_county_code, g.village_code, g.county_code)
               IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.university_code, EXCLUDED.university_county_code, EXCLUDED.village_code, EXCLUDED.county_code)
          OR (g.source = 'registry-feed' AND (g.degree_level, g.expected_graduation) IS DISTINCT FROM (EXCLUDED.degree_level, EXCLUDED.expected_graduation))
       RETURNING (xmax = 0) AS created`,
      [col((r) => r.studentId), col((r) => r.name), col((r) => r.universityCode), col((r) => r.universityCountyCode), col((r) => r.villageCode), col((r) => r.countyCode),
        col((r) => r.degreeLevel), col((r) => r.expectedGraduation), createdBy],
    );
    const created = written.filter((w) => w.created).length;
    return { created, updated: written.length - created };
  }

  async find(id: string): Promise<GraduateRow | undefined> {
    return (await this.graduates().findOneBy({ id })) ?? undefined;
  }

  async findByStudent(studentId: string): Promise<GraduateRow | undefined> {
    return (await this.graduates().findOneBy({ studentId })) ?? undefined;
  }

  async findByUser(userId: string): Promise<GraduateRow | undefined> {
    return (await this.graduates().findOneBy({ userId })) ?? undefined;
  }

  /** Links the graduate's own user (set once, when the case opens). */
  async setUser(id: string, userId: string): Promise<void> {
    await this.graduates().createQueryBuilder().update().set({ userId }).where('id = :id AND (user_id IS NULL OR user_id = :userId)', { id, userId }).execute();
  }

  /** A page of graduates inside the scope, by id (keyset). */
  async list(scope: CallerScope, filter: GraduateFilter): Promise<GraduateRow[]> {
    const q = whereInScope(this.graduates().createQueryBuilder('g'), scope, graduatePlace('g'));
    if (filter.countyCode) q.andWhere('g.county_code = :countyCode', { countyCode: filter.countyCode });
    if (filter.universityCode) q.andWhere('g.university_code = :universityCode', { universityCode: filter.universityCode });
    if (filter.intention) q.andWhere('g.intention = :intention', { intention: filter.intention });
    if (filter.cohort) q.andWhere('g.cohort = :cohort', { cohort: filter.cohort });
    return keysetPage(whereAfterKeyset(q, ['g.id'], filter.after ? [filter.after] : undefined), ['g.id'], filter.limit).getMany();
  }

  /** Assignments (a) with their mentor's user and name (a join the screens show), read raw in snake_case. */
  private selectAssignments(): SelectQueryBuilder<MentorAssignmentEntity> {
    return this.assignments(this.dataSource.manager)
      .createQueryBuilder('a')
      .select('a.id::text', 'id')
      .addSelect('a.graduate_id', 'graduate_id')
      .addSelect('a.mentor_id', 'mentor_id')
      .innerJoin(MentorEntity, 'm', 'm.id = a.mentor_id')
      .addSelect('m.user_id', 'mentor_user_id')
      .addSelect('m.name', 'mentor_name')
      .addSelect('a.lead', 'lead')
      .addSelect('a.assigned_by', 'assigned_by')
      .addSelect('a.reason', 'reason')
      .addSelect('a.started_at', 'started_at')
      .addSelect('a.ended_at', 'ended_at')
      .addSelect('a.ended_by', 'ended_by')
      .addSelect('a.end_reason', 'end_reason');
  }

  async currentAssignments(graduateId: string): Promise<AssignmentRow[]> {
    return this.selectAssignments()
      .where('a.graduate_id = :graduateId AND a.ended_at IS NULL', { graduateId })
      .orderBy('a.lead', 'DESC')
      .addOrderBy('a.started_at')
      .getRawMany<AssignmentRow>();
  }

  async assignmentHistory(graduateId: string): Promise<AssignmentRow[]> {
    return this.selectAssignments().where('a.graduate_id = :graduateId', { graduateId }).orderBy('a.started_at').addOrderBy('a.id').getRawMany<AssignmentRow>();
  }

  /**
   * Replaces the graduate's current team in one transaction: mentors leaving the team have their
   * assignment ended (kept as history); new ones start; a mentor who stays keeps their assignment
   * (their lead flag follows the new team). The graduate's row is locked, so two changes queue up.
   */
  async replaceTeam(graduateId: string, team: { mentorId: string; lead: boolean }[], by: string, reason: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.graduates(m).findOne({ select: { id: true }, where: { id: graduateId }, lock: { mode: 'pessimistic_write' } });
      const ids = team.map((t) => t.mentorId);
      await this.assignments(m)
        .createQueryBuilder()
        .update()
        .set({ endedAt: () => 'now()', endedBy: by, endReason: reason })
        .where('graduate_id = :graduateId AND ended_at IS NULL AND NOT (mentor_id = ANY(:ids::uuid[]))', { graduateId, ids })
        .execute();
      // Lead flags change in two steps so the one-lead index never sees two leads at once.
      await this.assignments(m).update({ graduateId, endedAt: IsNull() }, { lead: false });
      // The conflict target is a partial unique index (current assignments only), which the ORM's insert cannot name.
      await m.query(
        `INSERT INTO mentoring.mentor_assignments (graduate_id, mentor_id, lead, assigned_by, reason)
         SELECT $1, u.mentor_id, false, $3, $4 FROM unnest($2::uuid[]) AS u(mentor_id)
         ON CONFLICT (graduate_id, mentor_id) WHERE ended_at IS NULL DO NOTHING`,
        [graduateId, ids, by, reason],
      );
      const lead = team.find((t) => t.lead);
      if (lead) await this.assignments(m).update({ graduateId, mentorId: lead.mentorId, endedAt: IsNull() }, { lead: true });
    });
  }
}
