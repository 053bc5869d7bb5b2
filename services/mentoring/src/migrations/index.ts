import { InitMentoringSchema1764400000000 } from './1764400000000-InitMentoringSchema';

/** Every migration of the mentoring schema, oldest first. */
export const mentoringMigrations = [InitMentoringSchema1764400000000];
