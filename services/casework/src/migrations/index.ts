import { InitCaseworkSchema1764400000000 } from './1764400000000-InitCaseworkSchema';

/** Every migration of the casework schema, oldest first. */
export const caseworkMigrations = [InitCaseworkSchema1764400000000];
