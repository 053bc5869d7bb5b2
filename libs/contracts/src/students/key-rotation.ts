export const KEY_ROTATION_WORKFLOW = 'keyRotationWorkflow';

/** One rotation per target key version: starting it twice is refused by Temporal. */
export function keyRotationWorkflowId(toVersion: number): string {
  return `key-rotation:students:v${toVersion}`;
}

export interface KeyRotationInput {
  toVersion: number;
  batchSize: number;
  /** Where a continued-as-new run picks up. */
  resume?: { afterId: string; scanned: number; reencrypted: number };
}

export interface KeyRotationProgress {
  toVersion: number;
  scanned: number;
  reencrypted: number;
  done: boolean;
}

export interface ReencryptBatchInput {
  toVersion: number;
  afterId?: string;
  batchSize: number;
}

export interface ReencryptBatchResult {
  /** Last id looked at; absent when the table has been walked to its end. */
  lastId?: string;
  scanned: number;
  reencrypted: number;
}

/** Activities of the students service for key rotation (queue `students`). */
export interface StudentsKeyRotationActivities {
  reencryptNationalIds(input: ReencryptBatchInput): Promise<ReencryptBatchResult>;
}
