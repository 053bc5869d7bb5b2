import { Module } from '@nestjs/common';
import { JurisdictionsModule } from '../jurisdictions/jurisdictions.module';
import { SchoolsModule } from '../schools/schools.module';
import { NamesController } from './names.controller';
import { NamesService } from './names.service';

/** Names of divisions and schools by code, for screens that would otherwise show codes. */
@Module({
  imports: [JurisdictionsModule, SchoolsModule],
  controllers: [NamesController],
  providers: [NamesService],
})
export class NamesModule {}
