import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository, SelectQueryBuilder } from 'typeorm';
import type { MentorKind } from '@eduaid/contracts';
import { keysetPage, selectColumns, whereAfterKeyset, whereStartsWith } from '@eduaid/platform';
import { MentorAssignmentEntity } from './mentor-assignment.entity';
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

const COLUMNS = ['id', 'user_id', 'name', 'kind', 'capacity', 'expertise', 'region_code', 'active'];

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

  /**
   * Mentors (m) as every screen shows them: their columns (snake_case, read raw) and their load, a
   * correlated count of current assignments.
   */
  private selectMentors(): SelectQueryBuilder<MentorEntity> {
    return selectColumns(this.mentors.createQueryBuilder('m'), 'm', COLUMNS).addSelect((load) => load.select('count(*)::int').from(MentorAssignmentEntity, 'a').where('a.mentor_id = m.id AND a.ended_at IS NULL'), 'load');
  }

  async find(id: string): Promise<MentorRow | undefined> {
    return this.selectMentors().where('m.id = :id', { id }).getRawOne<MentorRow>();
  }

  async findMany(ids: string[]): Promise<MentorRow[]> {
    return this.selectMentors().where('m.id = ANY(:ids::uuid[])', { ids }).getRawMany<MentorRow>();
  }

  async findByUser(userId: string): Promise<MentorRow | undefined> {
    return this.selectMentors().where('m.user_id = :userId', { userId }).getRawOne<MentorRow>();
  }

  /**
   * Mentors whose region lies in `regionPrefix` (the caller's jurisdiction), by name then id (people
   * read the list). Keyset: `after` is the previous page's last mentor id (the API's cursor); the next
   * page starts after that mentor's (name, id). A mentor's name does not change.
   */
  async list(regionPrefix: string, filter: { active?: boolean; after?: string; limit: number }): Promise<MentorRow[]> {
    const q = whereStartsWith(this.selectMentors(), 'm.region_code', regionPrefix, 'regionPrefix');
    if (filter.active !== undefined) q.andWhere('m.active = :active', { active: filter.active });
    const key = ['m.name', { column: 'm.id', cast: 'uuid' as const }];
    if (filter.after) {
      const last = await this.mentors.findOne({ select: { id: true, name: true }, where: { id: filter.after } });
      // Not a mentor's id (no page ended there): nothing comes after it.
      if (!last) return [];
      whereAfterKeyset(q, key, [last.name, last.id]);
    }
    return keysetPage(q, key, filter.limit).getRawMany<MentorRow>();
  }

  /**
   * Active mentors with room (load below capacity) whose region is related to the graduate's
   * (same province), for suggestions; the service scores them.
   */
  async withRoom(provinceCode: string, limit: number): Promise<MentorRow[]> {
    const active = whereStartsWith(this.selectMentors().where('m.active'), 'm.region_code', provinceCode, 'provinceCode');
    return this.dataSource
      .createQueryBuilder()
      .select('x.*')
      .from(`(${active.getQuery()})`, 'x')
      .setParameters(active.getParameters())
      .where('x.load < x.capacity')
      .orderBy('x.load')
      .addOrderBy('x.id')
      .limit(limit)
      .getRawMany<MentorRow>();
  }
}
