import { Injectable } from '@nestjs/common';
import type { Caller } from '@eduaid/contracts';
import { assertProvinceWide, UnitOfWork } from '@eduaid/platform';
import { SyntheticProvinceLoadDto } from './dto/synthetic-province.dto';
import { loadSyntheticProvince } from './load-synthetic-province';

@Injectable()
export class SeedService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** The synthetic province covers the whole province, so only a province-wide admin may load it. */
  load(caller: Caller, fraction: number): Promise<SyntheticProvinceLoadDto> {
    assertProvinceWide(caller, 'Loading the synthetic province');
    return loadSyntheticProvince(this.unitOfWork, fraction);
  }
}
