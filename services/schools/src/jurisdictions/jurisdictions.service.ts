import { Injectable } from '@nestjs/common';
import { Caller, JURISDICTION_LEVELS } from '@eduaid/contracts';
import { assertInScope, DomainError, FieldError } from '@eduaid/platform';
import { BulkJurisdictionsDto, CreateJurisdictionDto, UpdateJurisdictionDto } from './dto/create-jurisdiction.dto';
import { BulkLoadResultDto, JurisdictionDto, JurisdictionListDto, JurisdictionWithAncestorsDto } from './dto/jurisdiction.dto';
import { JurisdictionEntity } from './jurisdiction.entity';
import { ancestorCodesOf, jurisdictionErrors, ParentFacts, POOR_FLAG_LEVELS } from './jurisdiction-rules';
import { JurisdictionRow, JurisdictionsRepository } from './jurisdictions.repository';

function toDto(j: JurisdictionRow | JurisdictionEntity): JurisdictionDto {
  return { code: j.code, level: j.level, name: j.name, parentCode: j.parentCode, registeredPoor: j.registeredPoor };
}

function invalid(errors: FieldError[]): DomainError {
  return new DomainError('jurisdiction.invalid', 'invalid', 'The jurisdiction does not fit the tree.', errors);
}

@Injectable()
export class JurisdictionsService {
  constructor(private readonly jurisdictions: JurisdictionsRepository) {}

  async get(caller: Caller, code: string): Promise<JurisdictionWithAncestorsDto> {
    const node = await this.jurisdictions.findOne(code);
    if (!node) throw new DomainError('jurisdiction.not-found', 'not-found', `No jurisdiction ${code}.`);
    assertInScope(caller, { divisionCode: code }, `Jurisdiction ${code}`);
    const ancestors = await this.jurisdictions.findMany(ancestorCodesOf(code));
    return { ...toDto(node), ancestors: ancestors.map(toDto) };
  }

  async children(caller: Caller, code: string): Promise<JurisdictionListDto> {
    if (!(await this.jurisdictions.findOne(code))) throw new DomainError('jurisdiction.not-found', 'not-found', `No jurisdiction ${code}.`);
    return { items: (await this.jurisdictions.children(code, caller.scope)).map(toDto) };
  }

  async create(caller: Caller, body: CreateJurisdictionDto): Promise<JurisdictionDto> {
    assertInScope(caller, { divisionCode: body.code }, `Jurisdiction ${body.code}`);
    const parent = body.parentCode ? await this.jurisdictions.findOne(body.parentCode) : null;
    const errors = jurisdictionErrors(body, parent ?? undefined);
    if (errors.length) throw invalid(errors);
    if (await this.jurisdictions.findOne(body.code)) {
      throw new DomainError('jurisdiction.exists', 'conflict', `Jurisdiction ${body.code} is already registered.`);
    }
    const row: JurisdictionRow = { code: body.code, level: body.level, name: body.name, parentCode: body.parentCode ?? null, registeredPoor: body.registeredPoor ?? false };
    await this.jurisdictions.insert(row);
    return toDto(row);
  }

  async update(caller: Caller, code: string, body: UpdateJurisdictionDto): Promise<JurisdictionDto> {
    const node = await this.jurisdictions.findOne(code);
    if (!node) throw new DomainError('jurisdiction.not-found', 'not-found', `No jurisdiction ${code}.`);
    assertInScope(caller, { divisionCode: code }, `Jurisdiction ${code}`);
    if (body.registeredPoor && !POOR_FLAG_LEVELS.includes(node.level)) {
      throw invalid([{ field: 'registeredPoor', message: 'only counties and villages can be registered poor' }]);
    }
    await this.jurisdictions.update(code, { name: body.name, registeredPoor: body.registeredPoor });
    return toDto({ ...node, name: body.name ?? node.name, registeredPoor: body.registeredPoor ?? node.registeredPoor });
  }

  /**
   * Checks every node against the tree (parents may come in the same load, or be registered
   * already), then inserts parents before children. Nothing is stored unless every node fits.
   */
  async bulkLoad(caller: Caller, body: BulkJurisdictionsDto): Promise<BulkLoadResultDto> {
    const items = body.items;
    const inLoad = new Map<string, ParentFacts>();
    const errors: FieldError[] = [];
    items.forEach((item, i) => {
      if (inLoad.has(item.code)) errors.push({ field: `items.${i}.code`, message: `code ${item.code} appears twice in the load` });
      inLoad.set(item.code, item);
      if (caller.scope.level === 'school' || !item.code.startsWith(caller.scope.code)) {
        errors.push({ field: `items.${i}.code`, message: `${item.code} lies outside your jurisdiction` });
      }
    });
    const missing = [...new Set(items.map((i) => i.parentCode).filter((p): p is string => !!p && !inLoad.has(p)))];
    const registered = new Map((await this.jurisdictions.findMany(missing)).map((j) => [j.code, j as ParentFacts]));
    items.forEach((item, i) => {
      const parent = item.parentCode ? (inLoad.get(item.parentCode) ?? registered.get(item.parentCode)) : undefined;
      errors.push(...jurisdictionErrors(item, parent, `items.${i}.`));
    });
    if (errors.length) throw invalid(errors.slice(0, 100));
    const rows: JurisdictionRow[] = items
      .map((i) => ({ code: i.code, level: i.level, name: i.name, parentCode: i.parentCode ?? null, registeredPoor: i.registeredPoor ?? false }))
      .sort((a, b) => JURISDICTION_LEVELS.indexOf(a.level) - JURISDICTION_LEVELS.indexOf(b.level) || a.code.localeCompare(b.code));
    const inserted = await this.jurisdictions.insertBulk(rows);
    return { received: rows.length, inserted, alreadyPresent: rows.length - inserted };
  }
}
