import { InitSchoolsSchema1764400000000 } from './1764400000000-InitSchoolsSchema';

/** Every migration of the schools schema, oldest first. */
export const schoolsMigrations = [InitSchoolsSchema1764400000000];
