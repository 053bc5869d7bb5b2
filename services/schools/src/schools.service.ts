import type { ServiceDefinition } from '@eduaid/platform';
import { schoolsMigrations } from './migrations';

/** The five-level jurisdiction tree, schools, and the programme's targets and progress. */
export const schoolsService: ServiceDefinition = {
  name: 'schools',
  title: 'eduaid schools',
  description: 'Jurisdictions from province to village, schools, and the plan’s targets and progress.',
  database: { schema: 'schools', entities: [], migrations: schoolsMigrations },
  features: [],
};
