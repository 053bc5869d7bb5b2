export const RETENTION_WORKFLOW = 'retentionWorkflow';

export interface RetentionInput {
  /** Personal data of closed records is kept this many years after the record closed. */
  retentionYears: number;
  batchSize?: number;
}

export interface RetentionResult {
  /** Records whose last academic year started before this year were purged. */
  cutoffYear: number;
  studentsPurged: number;
  householdsPurged: number;
  importsPurged: number;
}

export interface PurgeBatchResult {
  purged: number;
  /** More may remain: call again. */
  more: boolean;
}

/** Activities of the students service for retention (queue `students`). */
export interface StudentsRetentionActivities {
  purgeClosedStudents(input: { cutoffYear: number; batchSize: number }): Promise<PurgeBatchResult>;
  purgeOrphanHouseholds(input: { batchSize: number }): Promise<PurgeBatchResult>;
  purgeOldRosterImports(input: { before: string; batchSize: number }): Promise<PurgeBatchResult>;
}
