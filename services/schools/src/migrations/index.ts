import { InitSchoolsSchema1764400000000 } from './1764400000000-InitSchoolsSchema';
import { Registries1764500000000 } from './1764500000000-Registries';

/** Every migration of the schools schema, oldest first. */
export const schoolsMigrations = [InitSchoolsSchema1764400000000, Registries1764500000000];
