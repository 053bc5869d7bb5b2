import 'reflect-metadata';
import { runService } from '@eduaid/platform';
import { studentsService } from './students.service';

void runService(studentsService);
