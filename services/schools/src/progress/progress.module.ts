import { Module } from '@nestjs/common';
import { JurisdictionsModule } from '../jurisdictions/jurisdictions.module';
import { SchoolsModule } from '../schools/schools.module';
import { ProgressController } from './progress.controller';
import { ProgressRepository } from './progress.repository';
import { ProgressService } from './progress.service';

/** The plan's targets (versioned data in plan-targets.ts) and the progress recorded against them. */
@Module({
  imports: [JurisdictionsModule, SchoolsModule],
  controllers: [ProgressController],
  providers: [ProgressService, ProgressRepository],
})
export class ProgressModule {}
