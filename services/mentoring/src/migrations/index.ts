import { InitMentoringSchema1764400000000 } from './1764400000000-InitMentoringSchema';
import { GraduatesMentorsCases1766300000000 } from './1766300000000-GraduatesMentorsCases';

/** Every migration of the mentoring schema, oldest first. */
export const mentoringMigrations = [InitMentoringSchema1764400000000, GraduatesMentorsCases1766300000000];
