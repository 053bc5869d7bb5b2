import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { GraduatesModule } from '../graduates/graduates.module';
import { GraduateImportActivities } from './graduate-imports.activities';
import { GraduateImportsController } from './graduate-imports.controller';
import { GraduateImportsRepository } from './graduate-imports.repository';
import { GraduateImportsService } from './graduate-imports.service';

/** A university's graduates lists: upload, the import's activities on the mentoring queue, progress and error report. */
@Module({
  imports: [GraduatesModule],
  controllers: [GraduateImportsController],
  providers: [WorkflowStarter, GraduateImportsRepository, GraduateImportsService, GraduateImportActivities],
})
export class GraduateImportsModule {}
