import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { MentorKind } from '@eduaid/contracts';
import { MentorEntity } from './mentor.entity';

export interface MentorRow {
  id: string;
  user_id: string | null;
  name: string;
  kind: MentorKind;
  capacity: number;
  expertise: string[];
  region_code: string;
  active: boolean;
  /** Graduates currently assigned. */
  load: number;
}

export interface NewMentor {
  userId?: string;
  name: string;
  kind: MentorKind;
  capacity: number;
  expertise: string[];
  regionCode: string;
  createdBy: string;
}

export interface MentorChanges {
  capacity?: number;
  expertise?: string[];
  regionCode?: string;
  active?: boolean;
}

// A field left out (or null) keeps its value, as the former coalesce(…) did.
const given = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

// A mentor with their load (a correlated count of current assignments), which every screen shows: read as SQL.
const SELECT_MENTOR = `SELECT m.id, m.user_id, m.name, m.kind, m.capacity, m.expertise, m.region_code, m.active,
  (SELECT count(*)::int FROM mentoring.mentor_assignments a WHERE a.mentor_id = m.id AND a.ended_at IS NULL) AS load
  FROM mentoring.mentors m`;

/** Mentors (mentoring.mentors) with their current load. */
@Injectable()
export class MentorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get mentors(): Repository<MentorEntity> {
    return this.dataSource.getRepository(MentorEntity);
  }

  /** A new mentor; undefined when the user is a mentor already. */
  async create(m: NewMentor): Promise<string | undefined> {
    const result = await this.mentors
      .createQueryBuilder()
      .insert()
      .values({ userId: m.userId ?? null, name: m.name, kind: m.kind, capacity: m.capacity, expertise: m.expertise, regionCode: m.regionCode, createdBy: m.createdBy })
      .orIgnore()
      .returning('id')
      .execute();
    return (result.raw as { id: string }[])[0]?.id;
  }

  /** Changes the fields given; the others stay. */
  async update(id: string, c: MentorChanges): Promise<void> {
    await this.mentors.update(
      { id },
      {
        ...(given(c.capacity) ? { capacity: c.capacity } : {}),
        ...(given(c.expertise) ? { expertise: c.expertise } : {}),
        ...(given(c.regionCode) ? { regionCode: c.regionCode } : {}),
        ...(given(c.active) ? { active: c.active } : {}),
        updatedAt: () => 'now()',
      },
    );
  }

  async find(id: string): Promise<MentorRow | undefined> {
    const rows: MentorRow[] = await this.dataSource.query(`${SELECT_MENTOR} WHERE m.id = $1`, [id]);
    return rows[0];
  }

  async findMany(ids: string[]): Promise<MentorRow[]> {
    return this.dataSource.query(`${SELECT_MENTOR} WHERE m.id = ANY($1::uuid[])`, [ids]);
  }

  async findByUser(userId: string): Promise<MentorRow | undefined> {
    const rows: MentorRow[] = await this.dataSource.query(`${SELECT_MENTOR} WHERE m.user_id = $1`, [userId]);
    return rows[0];
  }

  /** Mentors whose region lies in `regionPrefix` (the caller's jurisdiction), by id (keyset). */
  async list(regionPrefix: string, filter: { active?: boolean; after?: string; limit: number }): Promise<MentorRow[]> {
    const params: unknown[] = [regionPrefix];
    const where = [`m.region_code LIKE $1 || '%'`];
    if (filter.active !== undefined) {
      params.push(filter.active);
      where.push(`m.active = $${params.length}`);
    }
    if (filter.after) {
      params.push(filter.after);
      where.push(`m.id > $${params.length}`);
    }
    params.push(filter.limit);
    return this.dataSource.query(`${SELECT_MENTOR} WHERE ${where.join(' AND ')} ORDER BY m.id LIMIT $${params.length}`, params);
  }

  /**
   * Active mentors with room (load below capacity) whose region is related to the graduate's
   * (same province), for suggestions; the service scores them.
   */
  async withRoom(provinceCode: string, limit: number): Promise<MentorRow[]> {
    return this.dataSource.query(
      `SELECT * FROM (${SELECT_MENTOR} WHERE m.active AND m.region_code LIKE $1 || '%') x WHERE x.load < x.capacity ORDER BY x.load, x.id LIMIT $2`,
      [provinceCode, limit],
    );
  }
}
