import 'reflect-metadata';
import { runService } from '@eduaid/platform';
import { schoolsService } from './schools.service';

void runService(schoolsService);
