import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { PrivacyModule } from '../privacy/privacy.module';
import { RosterFileStore } from './roster-file.store';
import { RosterImportActivities } from './roster-import.activities';
import { RosterImportController } from './roster-import.controller';
import { RosterImportRepository } from './roster-import.repository';
import { RosterImportService } from './roster-import.service';

/** Roster import at province scale: upload, a Temporal workflow, chunked idempotent writes. */
@Module({
  imports: [PrivacyModule],
  controllers: [RosterImportController],
  providers: [WorkflowStarter, RosterFileStore, RosterImportRepository, RosterImportService, RosterImportActivities],
})
export class RosterImportModule {}
