import { InitCaseworkSchema1764400000000 } from './1764400000000-InitCaseworkSchema';
import { CaseworkCore1764500000000 } from './1764500000000-CaseworkCore';
import { CaseworkAuthorization1764600000000 } from './1764600000000-CaseworkAuthorization';
import { GraduateActivation1766300001000 } from './1766300001000-GraduateActivation';

/** Every migration of the casework schema, oldest first. */
export const caseworkMigrations = [InitCaseworkSchema1764400000000, CaseworkCore1764500000000, CaseworkAuthorization1764600000000, GraduateActivation1766300001000];
