import 'reflect-metadata';
import { runService } from '@eduaid/platform';
import { mentoringService } from './mentoring.service';

void runService(mentoringService);
