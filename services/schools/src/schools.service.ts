import type { ServiceDefinition } from '@eduaid/platform';
import { JurisdictionEntity } from './jurisdictions/jurisdiction.entity';
import { JurisdictionsModule } from './jurisdictions/jurisdictions.module';
import { NamesModule } from './names/names.module';
import { schoolsMigrations } from './migrations';
import { UniversityPairingEntity } from './pairings/university-pairing.entity';
import { PairingsModule } from './pairings/pairings.module';
import { PROGRESS_ENTITIES } from './progress/progress.entities';
import { ProgressModule } from './progress/progress.module';
import { SchoolEntity } from './schools/school.entity';
import { SchoolsModule } from './schools/schools.module';
import { SeedModule } from './seed/seed.module';

/** The five-level jurisdiction tree, schools, and the programme's targets and progress. */
export const schoolsService: ServiceDefinition = {
  name: 'schools',
  title: 'eduaid schools',
  description: 'Jurisdictions from province to village, schools, and the plan’s targets and progress.',
  database: {
    schema: 'schools',
    entities: [JurisdictionEntity, SchoolEntity, UniversityPairingEntity, ...PROGRESS_ENTITIES],
    migrations: schoolsMigrations,
  },
  features: [JurisdictionsModule, SchoolsModule, NamesModule, PairingsModule, ProgressModule, SeedModule],
};
