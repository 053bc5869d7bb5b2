import { InitCaseworkSchema1764400000000 } from './1764400000000-InitCaseworkSchema';
import { CaseworkCore1764500000000 } from './1764500000000-CaseworkCore';

/** Every migration of the casework schema, oldest first. */
export const caseworkMigrations = [InitCaseworkSchema1764400000000, CaseworkCore1764500000000];
