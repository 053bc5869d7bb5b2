import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { ExportSchoolDirectoryInput, SchoolDirectoryPage, SchoolsActivities } from '@eduaid/contracts';
import { Activities, DomainError } from '@eduaid/platform';
import { SchoolsService } from './schools.service';

/**
 * The schools service's activities (queue `schools`). Every public method here is registered as an
 * activity by name, so helpers live in SchoolsService, not on this class.
 */
@Activities()
@Injectable()
export class SchoolsActivitiesProvider implements SchoolsActivities {
  constructor(private readonly schools: SchoolsService) {}

  /** Read-only and keyset by code, so a retried page returns the same rows. */
  async exportSchoolDirectory(input: ExportSchoolDirectoryInput): Promise<SchoolDirectoryPage> {
    try {
      return await this.schools.directory(input.afterCode, input.limit);
    } catch (error) {
      // Bad input will not get better on retry: fail the activity for good.
      if (error instanceof DomainError && error.kind === 'invalid') throw ApplicationFailure.nonRetryable(error.message, error.code);
      throw error;
    }
  }
}
