import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CallerScope, SchoolDirectoryEntry, SchoolKind } from '@eduaid/contracts';
import { keysetPage, whereAfterKeyset, whereInScope, whereStartsWith } from '@eduaid/platform';
import { insertIgnoringExisting } from '../common/bulk-insert';
import { SchoolEntity } from './school.entity';

/** A school's row: its directory entry (what other services keep of it) and its name. */
export interface SchoolRow extends SchoolDirectoryEntry {
  name: string;
}

export interface SchoolFilter {
  countyCode?: string;
  jurisdictionPrefix?: string;
  kind?: SchoolKind;
  boarding?: boolean;
  afterCode?: string;
}

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
    const q = this.repo.createQueryBuilder('s');
    if (scope) whereInScope(q, scope, { division: 's.jurisdiction_code', school: 's.code' });
    if (filter.countyCode) q.andWhere('s.county_code = :countyCode', { countyCode: filter.countyCode });
    whereStartsWith(q, 's.jurisdiction_code', filter.jurisdictionPrefix, 'jurisdictionPrefix');
    if (filter.kind) q.andWhere('s.kind = :kind', { kind: filter.kind });
    if (filter.boarding !== undefined) q.andWhere('s.boarding = :boarding', { boarding: filter.boarding });
    whereAfterKeyset(q, ['s.code'], filter.afterCode ? [filter.afterCode] : undefined);
    const rows = await keysetPage(q, ['s.code'], limit).getMany();
    return rows.map((r) => ({ code: r.code.trim(), name: r.name, kind: r.kind, jurisdictionCode: r.jurisdictionCode, countyCode: r.countyCode, boarding: r.boarding }));
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
