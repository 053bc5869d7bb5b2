import { Injectable } from '@nestjs/common';
import type { ExportSchoolDirectoryInput, SchoolDirectoryPage, SchoolsActivities } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';
import { SchoolsService } from './schools.service';

/**
 * The schools service's activities (queue `schools`). Every public method here is registered as an
 * activity by name, so helpers live in SchoolsService, not on this class.
 */
@Activities()
@Injectable()
export class SchoolsActivitiesProvider implements SchoolsActivities {
  constructor(private readonly schools: SchoolsService) {}

  /**
   * Read-only and keyset by code, so a retried page returns the same rows. A bad page size is a
   * DomainError, which the platform's activity worker fails for good (no retry).
   */
  exportSchoolDirectory(input: ExportSchoolDirectoryInput): Promise<SchoolDirectoryPage> {
    return this.schools.directory(input.afterCode, input.limit);
  }
}
