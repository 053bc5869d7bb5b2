import { Injectable } from '@nestjs/common';
import type { HouseholdStatusChange, StudentsHouseholdActivities } from '@eduaid/contracts';
import { Activities, UnitOfWork } from '@eduaid/platform';
import { HouseholdsRepository } from './households.repository';

@Activities()
@Injectable()
export class HouseholdsActivities implements StudentsHouseholdActivities {
  constructor(
    private readonly households: HouseholdsRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async recordHouseholdStatus(change: HouseholdStatusChange): Promise<{ changed: boolean; applicationWorkflowIds: string[] }> {
    const changed = await this.unitOfWork.run((tx) =>
      this.households.changeStatus(tx, change.changeId, change.householdId, change.status, change.effectiveDate, change.reason, change.by),
    );
    return { changed, applicationWorkflowIds: changed ? await this.households.applicationWorkflowIds(change.householdId) : [] };
  }
}
