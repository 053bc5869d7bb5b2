import type { ServiceName } from '../task-queues';

/**
 * The wiring check is the walking skeleton and an operator's smoke test: one workflow that runs an
 * activity in every service's worker, each of which writes a row to its own schema. If it completes,
 * HTTP → Temporal → every worker → PostgreSQL is wired end to end.
 */
export const WIRING_CHECK_WORKFLOW = 'wiringCheckWorkflow';

export function wiringCheckWorkflowId(checkId: string): string {
  return `wiring-check:${checkId}`;
}

export interface WiringCheckInput {
  checkId: string;
  /** Who asked for it, recorded by every service. */
  requestedBy: string;
}

export interface RecordWiringCheckInput {
  checkId: string;
  requestedBy: string;
}

/** What one service's activity wrote, as read back from that service's database. */
export interface WiringCheckReceipt {
  service: ServiceName;
  schema: string;
  recordedAt: string;
  /** false when the activity had already written this row (a retry), which is fine: it is idempotent. */
  firstWrite: boolean;
}

export interface WiringCheckServiceResult {
  service: ServiceName;
  ok: boolean;
  receipt?: WiringCheckReceipt;
  error?: string;
}

export interface WiringCheckResult {
  checkId: string;
  ok: boolean;
  services: WiringCheckServiceResult[];
}

/** The activity every service's worker registers. */
export interface WiringActivities {
  recordWiringCheck(input: RecordWiringCheckInput): Promise<WiringCheckReceipt>;
}
