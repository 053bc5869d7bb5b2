/**
 * Semester payment cycles: a term's cycle runs as numbered runs, one at a time; a run pays every
 * ledger row left to cycles that is due by the term and no other run holds, a county at a time (a child workflow per county) and a bank batch at a time.
 * Between workflows and activities travel ids, key positions and counts, never the rows themselves.
 * Plain types only: workflow code imports this file.
 */

export const PAYMENT_CYCLE_WORKFLOW = 'paymentCycleWorkflow';
export const PAYMENT_CYCLE_COUNTY_WORKFLOW = 'paymentCycleCountyWorkflow';

/** A term is a semester of an academic year, as the ledger writes it: `2026-2027:S1`. */
export const TERM_PATTERN = /^(\d{4})-(\d{4}):S([12])$/;

export function isTerm(term: string): boolean {
  const m = TERM_PATTERN.exec(term);
  return !!m && Number(m[2]) === Number(m[1]) + 1;
}

/**
 * A term's cycle runs as numbered runs, one at a time: run 1 is `payment-cycle:<term>` (as before
 * runs existed), a follow-up run n is `payment-cycle:<term>:run-<n>`. Temporal refuses a second
 * start of the same run.
 */
export function paymentCycleWorkflowId(term: string, run = 1): string {
  return run > 1 ? `payment-cycle:${term}:run-${run}` : `payment-cycle:${term}`;
}

export function paymentCycleCountyWorkflowId(term: string, countyCode: string, run = 1): string {
  return `${paymentCycleWorkflowId(term, run)}:${countyCode}`;
}

/** A payment refused for good or returned by the bank waits for its bank details to be fixed: one such workflow per ledger row. */
export const PAYMENT_REPAIR_WORKFLOW = 'paymentRepairWorkflow';
export function paymentRepairWorkflowId(ledgerId: string): string {
  return `payment-repair:${ledgerId}`;
}

/** What a Temporal Schedule starts at each term's start date: it starts the term's next run. */
export const SCHEDULED_PAYMENT_CYCLE_WORKFLOW = 'scheduledPaymentCycleWorkflow';
export interface ScheduledPaymentCycleInput {
  /** Pin the term (an operator's override); otherwise the term that has started by the scheduled time. */
  term?: string;
}
export interface ScheduledPaymentCycleResult {
  term: string;
  /** The run started, or why none was (one is already running). */
  started?: { workflowId: string; run: number };
  skipped?: string;
}

export const PAYMENT_CYCLE_STATES = ['selecting', 'running', 'paused', 'cancelling', 'completed', 'cancelled'] as const;
export type PaymentCycleState = (typeof PAYMENT_CYCLE_STATES)[number];
export const FINISHED_CYCLE_STATES: readonly PaymentCycleState[] = ['completed', 'cancelled'];

/** Tunables of a run; the defaults suit the province, tests make them small. */
export interface PaymentCycleSettings {
  /** Payments per bank batch (≤ the bank's limit). */
  chunkSize: number;
  /** Counties paid at once. */
  concurrency: number;
  /** How long a submitted batch may stay unanswered before its lines go to the next round. */
  batchDeadlineMs: number;
  /** Passes over a county's rows still unpaid (a batch unanswered, the bank down) before giving up. */
  maxRounds: number;
  /** Wait before the next round (multiplied by the round number). */
  roundBackoffMs: number;
  /** Keep EduaidStatus/EduaidCounty current for the Temporal UI (off where they are not registered, e.g. the time-skipping test server). */
  searchAttributes?: boolean;
}

export const DEFAULT_PAYMENT_CYCLE_SETTINGS: PaymentCycleSettings = {
  chunkSize: 5000,
  concurrency: 4,
  batchDeadlineMs: 10 * 60_000,
  maxRounds: 8,
  roundBackoffMs: 30_000,
};

export interface PaymentCycleInput {
  term: string;
  /** The run of the term (absent: 1, as every cycle started before runs existed). */
  run?: number;
  startedBy: string;
  settings: PaymentCycleSettings;
}

export interface PaymentCycleCountyInput {
  term: string;
  /** The run of the term (absent: 1). */
  run?: number;
  countyCode: string;
  /** The parent's workflow id: casework tasks and controls refer to it. */
  cycleWorkflowId: string;
  settings: PaymentCycleSettings;
  /** Paused when started (the parent was paused at the time). */
  paused: boolean;
  /** Where a continued-as-new run picks up. */
  resume?: { round: number; afterId: string; unresolved: number; tasks: number; paid: number; failed: number };
}

export interface PaymentCycleCountyResult {
  countyCode: string;
  paid: number;
  failed: number;
  /** Rows still unpaid with an unknown outcome after the last round. */
  unresolved: number;
  tasks: number;
  cancelled: boolean;
}

/** Signal from the cycle to its counties: the state of the controls, applied at the next batch boundary. */
export const PAYMENT_CYCLE_CONTROL_SIGNAL = 'paymentCycleControl';
export interface PaymentCycleControl {
  paused: boolean;
  cancelled: boolean;
}

/** Updates an operator sends the cycle (through the API): each answers the state it leaves. */
export const PAUSE_PAYMENT_CYCLE_UPDATE = 'pausePaymentCycle';
export const RESUME_PAYMENT_CYCLE_UPDATE = 'resumePaymentCycle';
export const CANCEL_PAYMENT_CYCLE_UPDATE = 'cancelPaymentCycle';
export interface PaymentCycleControlInput {
  by: string;
}
export interface PaymentCycleControlAck {
  state: PaymentCycleState;
}

export interface OpenPaymentCycleInput {
  term: string;
  run?: number;
  workflowId: string;
  startedBy: string;
  /** Rows claimed per statement. */
  claimBatch: number;
}

export interface OpenPaymentCycleResult {
  counties: { countyCode: string; due: number }[];
  due: number;
}

export interface PayCycleChunkInput {
  term: string;
  run?: number;
  countyCode: string;
  round: number;
  /** Keyset: the chunk takes rows after this ledger id ('0' for the start of a pass). */
  afterId: string;
  limit: number;
  batchDeadlineMs: number;
}

/** A payment the bank refused for good: someone must fix the bank details. */
export interface CyclePaymentFailure {
  ledgerId: string;
  idempotencyKey: string;
  applicationId: string;
  studentId: string;
  villageCode: string;
  schoolCode?: string;
  submittedBy?: string;
  scheme: string;
  amountFen: number;
  code: string;
}

export interface PayCycleChunkResult {
  /** Last ledger id of the chunk; the next chunk starts after it. */
  lastId: string;
  selected: number;
  paid: number;
  /** Rows whose fate the bank did not tell (batch unanswered): left 'sending' for the next round. */
  unresolved: number;
  /** Failed rows of the chunk's key range with no casework task yet (whichever attempt failed them). */
  failures: CyclePaymentFailure[];
  /** Fewer rows than the limit: the pass over the county is done. */
  passDone: boolean;
}

export interface PaymentCycleResult {
  term: string;
  /** A follow-up run's number (absent: run 1). */
  run?: number;
  state: 'completed' | 'cancelled';
  due: number;
  paid: number;
  failed: number;
  unresolved: number;
  tasks: number;
}

/** What the cycle shows in the Temporal UI's memo while it runs. */
export interface PaymentCycleMemo {
  state: PaymentCycleState;
  counties: number;
  countiesDone: number;
  due: number;
  paid: number;
  failed: number;
}

/** The casework task kind of a payment the bank refused for good: fix the bank details. */
export const BANK_DETAILS_TASK_KIND = 'aid-bank-details';

export interface CycleCountyStateInput {
  term: string;
  run?: number;
  countyCode: string;
  state: 'running' | 'done' | 'cancelled';
  round?: number;
}

/** A failed or returned payment whose bank details someone must fix: the repair workflow's input. */
export interface PaymentRepairInput {
  term: string;
  failure: CyclePaymentFailure;
  /** 'failed': refused when sent; 'returned': paid, then sent back by the receiving bank. */
  cause: 'failed' | 'returned';
}

export interface PaymentRepairResult {
  outcome: 'retried' | 'given-up' | 'nothing-to-retry';
  /** The new ledger row that pays it again (in the next run). */
  retryLedgerId?: string;
  decidedBy: string;
}

export interface RetryCyclePaymentInput {
  ledgerId: string;
  by: string;
  comment?: string;
}

/** Activities of the students service for payment cycles (queue `students`). All idempotent. */
export interface StudentsPaymentCycleActivities {
  /** Claims the term's due rows (keyset, heartbeating its position), writes the cycle's rows; answers counts by county. */
  openPaymentCycle(input: OpenPaymentCycleInput): Promise<OpenPaymentCycleResult>;
  /** One bank batch: mark sending, submit, poll to its deadline, reconcile each line, recount the county. */
  payCycleChunk(input: PayCycleChunkInput): Promise<PayCycleChunkResult>;
  /** The failures' casework tasks are made: the ledger stops reporting them. */
  recordFailureTasks(input: { term: string; ledgerIds: string[] }): Promise<void>;
  setCycleCountyState(input: CycleCountyStateInput): Promise<void>;
  setPaymentCycleState(input: { term: string; run?: number; state: PaymentCycleState }): Promise<void>;
  /** Starts a repair workflow (a bank-details task) for each failed row; already started ones are left as they are. */
  openPaymentRepairs(input: { term: string; failures: CyclePaymentFailure[] }): Promise<void>;
  /** Reads the bank's returns feed from where it was left: each returned payment's row is marked returned and gets a repair workflow. */
  readBankReturns(input: { term: string }): Promise<{ returned: number }>;
  /** The bank details are fixed: a new ledger row (the next attempt, its own key) pays the payment in the next run. */
  retryCyclePayment(input: RetryCyclePaymentInput): Promise<{ retryLedgerId?: string }>;
  /** Starts the term's next run, as the API does (a run already open: skipped). */
  startPaymentCycleRun(input: { term: string; requestedBy: string }): Promise<{ workflowId?: string; run?: number; skipped?: string }>;
}
