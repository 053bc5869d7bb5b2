import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CallerScope, SchoolDirectoryEntry, SchoolKind } from '@eduaid/contracts';
import { likePrefix, scopeCondition } from '@eduaid/platform';
import { insertIgnoringExisting } from '../common/bulk-insert';
import { SchoolEntity } from './school.entity';

export interface SchoolRow {
  code: string;
  name: string;
  kind: SchoolKind;
  jurisdictionCode: string;
  countyCode: string;
  boarding: boolean;
}

export interface SchoolFilter {
  countyCode?: string;
  jurisdictionPrefix?: string;
  kind?: SchoolKind;
  boarding?: boolean;
  afterCode?: string;
}

const COLUMNS = `code, name, kind, jurisdiction_code AS "jurisdictionCode", county_code AS "countyCode", boarding`;

export function insertSchools(manager: EntityManager, rows: SchoolRow[]): Promise<number> {
  return insertIgnoringExisting(manager, 'schools.schools', [
    { name: 'code', type: 'text[]', value: (r) => r.code },
    { name: 'name', type: 'text[]', value: (r) => r.name },
    { name: 'kind', type: 'text[]', value: (r) => r.kind },
    { name: 'jurisdiction_code', type: 'text[]', value: (r) => r.jurisdictionCode },
    { name: 'county_code', type: 'text[]', value: (r) => r.countyCode },
    { name: 'boarding', type: 'boolean[]', value: (r) => r.boarding },
  ], rows);
}

@Injectable()
export class SchoolsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(SchoolEntity);
  }

  findOne(code: string): Promise<SchoolEntity | null> {
    return this.repo.findOneBy({ code });
  }

  findMany(codes: string[]): Promise<SchoolEntity[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return this.repo.createQueryBuilder('s').where('s.code IN (:...codes)', { codes }).orderBy('s.code').getMany();
  }

  /** One keyset page (code > afterCode, in code order) inside the caller's scope; `limit` rows at most. */
  async page(scope: CallerScope | undefined, filter: SchoolFilter, limit: number): Promise<SchoolRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (scope) where.push(scopeCondition(scope, params, { division: 'jurisdiction_code', school: 'code' }));
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.countyCode) add((p) => `county_code = ${p}`, filter.countyCode);
    if (filter.jurisdictionPrefix) add((p) => `jurisdiction_code LIKE ${p}`, likePrefix(filter.jurisdictionPrefix));
    if (filter.kind) add((p) => `kind = ${p}`, filter.kind);
    if (filter.boarding !== undefined) add((p) => `boarding = ${p}`, filter.boarding);
    if (filter.afterCode) add((p) => `code > ${p}`, filter.afterCode);
    params.push(limit);
    const rows: SchoolRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM schools.schools ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY code LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ ...r, code: r.code.trim() }));
  }

  async directoryPage(afterCode: string | undefined, limit: number): Promise<SchoolDirectoryEntry[]> {
    return (await this.page(undefined, { afterCode }, limit)).map(({ code, kind, countyCode, jurisdictionCode, boarding }) => ({ code, kind, countyCode, jurisdictionCode, boarding }));
  }

  async insert(row: SchoolRow): Promise<void> {
    await this.repo.insert({ ...row, updatedAt: new Date() });
  }

  async update(code: string, changes: Partial<Omit<SchoolRow, 'code'>>): Promise<void> {
    await this.repo.update({ code }, { ...changes, updatedAt: new Date() });
  }
}
