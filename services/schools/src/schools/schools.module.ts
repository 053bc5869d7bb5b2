import { Module } from '@nestjs/common';
import { JurisdictionsModule } from '../jurisdictions/jurisdictions.module';
import { SchoolsActivitiesProvider } from './schools.activities';
import { SchoolsController } from './schools.controller';
import { SchoolsRepository } from './schools.repository';
import { SchoolsService } from './schools.service';

/** The school registry, and the directory other services copy through the exportSchoolDirectory activity. */
@Module({
  imports: [JurisdictionsModule],
  controllers: [SchoolsController],
  providers: [SchoolsService, SchoolsRepository, SchoolsActivitiesProvider],
  exports: [SchoolsRepository],
})
export class SchoolsModule {}
