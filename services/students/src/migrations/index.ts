import { InitStudentsSchema1764400000000 } from './1764400000000-InitStudentsSchema';

/** Every migration of the students schema, oldest first. */
export const studentsMigrations = [InitStudentsSchema1764400000000];
