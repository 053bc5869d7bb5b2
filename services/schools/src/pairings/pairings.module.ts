import { Module } from '@nestjs/common';
import { JurisdictionsModule } from '../jurisdictions/jurisdictions.module';
import { SchoolsModule } from '../schools/schools.module';
import { PairingsController } from './pairings.controller';
import { PairingsRepository } from './pairings.repository';
import { PairingsService } from './pairings.service';

/** 帮扶关系: which university helps which registered-poor county. */
@Module({
  imports: [JurisdictionsModule, SchoolsModule],
  controllers: [PairingsController],
  providers: [PairingsService, PairingsRepository],
})
export class PairingsModule {}
