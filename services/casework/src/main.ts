import 'reflect-metadata';
import { runService } from '@eduaid/platform';
import { caseworkService } from './casework.service';

void runService(caseworkService);
