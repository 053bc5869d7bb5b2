import type { HouseholdStatus } from '../registry/registry';

export const HOUSEHOLD_STATUS_CHANGE_WORKFLOW = 'householdStatusChangeWorkflow';

export function householdStatusChangeWorkflowId(householdId: string, changeId: string): string {
  return `household-status:${householdId}:${changeId}`;
}

export interface HouseholdStatusChange {
  /** Names this change: recording it twice records it once. */
  changeId: string;
  householdId: string;
  status: HouseholdStatus;
  effectiveDate: string;
  reason: string;
  by: string;
}

export interface HouseholdStatusChangeResult {
  changed: boolean;
  /** Open aid applications of the household's students that were told. */
  applicationsNotified: string[];
}

/** Activities of the students service for household status (queue `students`). */
export interface StudentsHouseholdActivities {
  /** Records the change (idempotent by changeId); answers the household's open aid applications. */
  recordHouseholdStatus(change: HouseholdStatusChange): Promise<{ changed: boolean; applicationWorkflowIds: string[] }>;
}
