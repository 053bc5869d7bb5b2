import type { ServiceDefinition } from '@eduaid/platform';
import { caseworkService } from '../../services/casework/src/casework.service';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { schoolsService } from '../../services/schools/src/schools.service';
import { studentsService } from '../../services/students/src/students.service';

export const ALL_SERVICES: ServiceDefinition[] = [studentsService, schoolsService, mentoringService, caseworkService];
