import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MentorKind } from '@eduaid/contracts';

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

const SELECT_MENTOR = `SELECT m.id, m.user_id, m.name, m.kind, m.capacity, m.expertise, m.region_code, m.active,
  (SELECT count(*)::int FROM mentoring.mentor_assignments a WHERE a.mentor_id = m.id AND a.ended_at IS NULL) AS load
  FROM mentoring.mentors m`;

/** Mentors (mentoring.mentors) with their current load. */
@Injectable()
export class MentorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new mentor; undefined when the user is a mentor already. */
  async create(m: NewMentor): Promise<string | undefined> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO mentoring.mentors (user_id, name, kind, capacity, expertise, region_code, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (user_id) DO NOTHING RETURNING id`,
      [m.userId ?? null, m.name, m.kind, m.capacity, m.expertise, m.regionCode, m.createdBy],
    );
    return rows[0]?.id;
  }

  async update(id: string, c: MentorChanges): Promise<void> {
    await this.dataSource.query(
      `UPDATE mentoring.mentors SET capacity = coalesce($2, capacity), expertise = coalesce($3, expertise), region_code = coalesce($4, region_code),
         active = coalesce($5, active), updated_at = now() WHERE id = $1`,
      [id, c.capacity ?? null, c.expertise ?? null, c.regionCode ?? null, c.active ?? null],
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
