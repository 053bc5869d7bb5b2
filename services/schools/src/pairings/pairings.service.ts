import { Injectable } from '@nestjs/common';
import type { Caller } from '@eduaid/contracts';
import { assertInScope, DomainError } from '@eduaid/platform';
import { JurisdictionsRepository } from '../jurisdictions/jurisdictions.repository';
import { SchoolsRepository } from '../schools/schools.repository';
import { CreatePairingDto, ListPairingsQueryDto, PairingDto, PairingListDto } from './dto/pairing.dto';
import { PairingsRepository } from './pairings.repository';

@Injectable()
export class PairingsService {
  constructor(
    private readonly pairings: PairingsRepository,
    private readonly schools: SchoolsRepository,
    private readonly jurisdictions: JurisdictionsRepository,
  ) {}

  async list(caller: Caller, query: ListPairingsQueryDto): Promise<PairingListDto> {
    return { items: await this.pairings.list(caller.scope, query) };
  }

  /** Pairs a university with a registered-poor county; pairing the same two again moves the start year. */
  async pair(caller: Caller, body: CreatePairingDto): Promise<PairingDto> {
    assertInScope(caller, { divisionCode: body.countyCode }, `County ${body.countyCode}`);
    const university = await this.schools.findOne(body.universityCode);
    if (!university || university.kind !== 'university') {
      throw new DomainError('pairing.invalid', 'invalid', 'The pairing does not fit the registry.', [
        { field: 'universityCode', message: university ? `school ${body.universityCode} is a ${university.kind}, not a university` : `no school ${body.universityCode} is registered` },
      ]);
    }
    const county = await this.jurisdictions.findOne(body.countyCode);
    if (!county || county.level !== 'county' || !county.registeredPoor) {
      throw new DomainError('pairing.invalid', 'invalid', 'The pairing does not fit the registry.', [
        { field: 'countyCode', message: county ? `${body.countyCode} is not a registered-poor county` : `no jurisdiction ${body.countyCode} is registered` },
      ]);
    }
    await this.pairings.upsert(body);
    return { universityCode: body.universityCode, countyCode: body.countyCode, startYear: body.startYear };
  }
}
