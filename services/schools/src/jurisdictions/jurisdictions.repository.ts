import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CallerScope, JurisdictionLevel } from '@eduaid/contracts';
import { whereInScope } from '@eduaid/platform';
import { insertIgnoringExisting } from '../common/bulk-insert';
import { JurisdictionEntity } from './jurisdiction.entity';

export interface JurisdictionRow {
  code: string;
  level: JurisdictionLevel;
  name: string;
  parentCode: string | null;
  registeredPoor: boolean;
}

/** Bulk insert of tree nodes; callers pass parents before children. */
export function insertJurisdictions(manager: EntityManager, rows: JurisdictionRow[]): Promise<number> {
  return insertIgnoringExisting(manager, 'schools.jurisdictions', [
    { name: 'code', type: 'varchar[]', value: (r) => r.code },
    { name: 'level', type: 'text[]', value: (r) => r.level },
    { name: 'name', type: 'text[]', value: (r) => r.name },
    { name: 'parent_code', type: 'varchar[]', value: (r) => r.parentCode },
    { name: 'registered_poor', type: 'boolean[]', value: (r) => r.registeredPoor },
  ], rows);
}

@Injectable()
export class JurisdictionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(JurisdictionEntity);
  }

  findOne(code: string): Promise<JurisdictionEntity | null> {
    return this.repo.findOneBy({ code });
  }

  /** The tree's root: eduaid serves one province. */
  province(): Promise<JurisdictionEntity | null> {
    return this.repo.findOneBy({ level: 'province' });
  }

  findMany(codes: string[]): Promise<JurisdictionEntity[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return this.repo.createQueryBuilder('j').where('j.code IN (:...codes)', { codes }).orderBy('j.code').getMany();
  }

  /** Children of a node that lie inside the caller's scope. */
  async children(parentCode: string, scope: CallerScope): Promise<JurisdictionRow[]> {
    const q = this.repo.createQueryBuilder('j').where('j.parent_code = :parentCode', { parentCode });
    const rows = await whereInScope(q, scope, { division: 'j.code' }).orderBy('j.code').getMany();
    return rows.map((r) => ({ code: r.code, level: r.level, name: r.name, parentCode: r.parentCode, registeredPoor: r.registeredPoor }));
  }

  async insert(row: JurisdictionRow): Promise<void> {
    await this.repo.insert({ ...row, updatedAt: new Date() });
  }

  async update(code: string, changes: Partial<Pick<JurisdictionRow, 'name' | 'registeredPoor'>>): Promise<void> {
    await this.repo.update({ code }, { ...changes, updatedAt: new Date() });
  }

  /** Inserts in one transaction, parents first; existing codes are left as they are. */
  insertBulk(rows: JurisdictionRow[]): Promise<number> {
    return this.dataSource.transaction((manager) => insertJurisdictions(manager, rows));
  }
}
