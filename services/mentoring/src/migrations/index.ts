import { InitMentoringSchema1764400000000 } from './1764400000000-InitMentoringSchema';
import { GraduatesMentorsCases1766300000000 } from './1766300000000-GraduatesMentorsCases';
import { GraduateImports1766400000000 } from './1766400000000-GraduateImports';
import { GraduateFeeds1766500000000 } from './1766500000000-GraduateFeeds';
import { GraduateCompensations1766510000000 } from './1766510000000-GraduateCompensations';

/** Every migration of the mentoring schema, oldest first. */
export const mentoringMigrations = [InitMentoringSchema1764400000000, GraduatesMentorsCases1766300000000, GraduateImports1766400000000, GraduateFeeds1766500000000, GraduateCompensations1766510000000];
