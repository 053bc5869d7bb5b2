import type { Decision } from '../casework/casework';

/**
 * The annual campaign: every enrolled student of a registered-poor household in a scope is assessed
 * from the registry with the policy calculator, in chunks; each school's list is one review task, each
 * county's lists one approval task (a prefecture sign-off where the amounts or a special fund need
 * it); approved lines are planned in the ledger in bulk. A campaign workflow per year and scope, a
 * child per county, a grandchild per school list. Only ids, codes and counts travel between
 * workflows and activities, never the students themselves. Plain types only: workflow code imports this.
 */

export const CAMPAIGN_WORKFLOW = 'campaignWorkflow';
export const CAMPAIGN_COUNTY_WORKFLOW = 'campaignCountyWorkflow';
export const CAMPAIGN_SCHOOL_LIST_WORKFLOW = 'campaignSchoolListWorkflow';

/** Campaigns run over a province, a prefecture or a county (school lists are grouped by county). */
export const CAMPAIGN_SCOPE_LEVELS = ['province', 'prefecture', 'county'] as const;
export type CampaignScopeLevel = (typeof CAMPAIGN_SCOPE_LEVELS)[number];

/** The business key: one campaign per academic year and scope. */
export function campaignWorkflowId(academicYear: string, scopeCode: string): string {
  return `campaign:${academicYear}:${scopeCode}`;
}
export function campaignCountyWorkflowId(campaignWorkflowId: string, countyCode: string): string {
  return `${campaignWorkflowId}:county:${countyCode}`;
}
export function campaignSchoolListWorkflowId(campaignWorkflowId: string, schoolCode: string): string {
  return `${campaignWorkflowId}:school:${schoolCode}`;
}

export const CAMPAIGN_STATES = ['assessing', 'reviewing', 'completed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** What a student's campaign row can be, in the order a listed student moves through. */
export const CAMPAIGN_RESULT_STATUSES = ['ineligible', 'listed', 'confirmed', 'approved', 'planned', 'already-planned', 'excluded'] as const;
export type CampaignResultStatus = (typeof CAMPAIGN_RESULT_STATUSES)[number];

/** Why a reviewer takes a student off a list (the student then goes the individual path). */
export const CAMPAIGN_EXCLUSION_REASONS = ['left-school', 'wrong-stage', 'not-boarding', 'duplicate', 'other'] as const;
export type CampaignExclusionReason = (typeof CAMPAIGN_EXCLUSION_REASONS)[number];
/** Reasons the process itself records: a whole list rejected, a sign-off refused. */
export type CampaignProcessExclusion = 'list-rejected' | 'sign-off-refused';

export const CAMPAIGN_LIST_LEVELS = ['school', 'county', 'prefecture'] as const;
export type CampaignListLevel = (typeof CAMPAIGN_LIST_LEVELS)[number];

/** Casework task kinds of a campaign's lists. */
export const CAMPAIGN_SCHOOL_LIST_TASK_KIND = 'campaign-school-list';
export const CAMPAIGN_COUNTY_LIST_TASK_KIND = 'campaign-county-list';
export const CAMPAIGN_SIGN_OFF_TASK_KIND = 'campaign-sign-off';

export interface CampaignSettings {
  /** Students assessed per chunk (one transaction each). */
  chunkSize: number;
  /** Chunks per assessment activity (it heartbeats its position after each). */
  chunksPerActivity: number;
  /** Students planned per ledger statement. */
  planChunkSize: number;
  /** A list's task is due this long after it opens; reminders before, escalation after. */
  listDueMs: number;
  remindBeforeMs: number[];
  escalateAfterMs?: number;
  /** Keep EduaidStatus current (off where the attribute is not registered, e.g. the time-skipping server). */
  searchAttributes?: boolean;
}

const DAY_MS = 24 * 3600 * 1000;
export const DEFAULT_CAMPAIGN_SETTINGS: CampaignSettings = {
  chunkSize: 5000,
  chunksPerActivity: 20,
  planChunkSize: 10000,
  listDueMs: 14 * DAY_MS,
  remindBeforeMs: [3 * DAY_MS, DAY_MS],
  escalateAfterMs: 2 * DAY_MS,
};

export interface CampaignInput {
  campaignId: string;
  academicYear: string;
  scopeLevel: CampaignScopeLevel;
  scopeCode: string;
  startedBy: string;
  settings: CampaignSettings;
}

export interface CampaignCountyInput {
  campaignId: string;
  campaignWorkflowId: string;
  academicYear: string;
  countyCode: string;
  startedBy: string;
  settings: CampaignSettings;
}

export interface CampaignSchoolListInput {
  campaignId: string;
  campaignWorkflowId: string;
  academicYear: string;
  countyCode: string;
  schoolCode: string;
  listed: number;
  startedBy: string;
  settings: CampaignSettings;
}

/** How a list ended: who decided it, and the students it leaves approved or excluded. */
export interface CampaignListOutcome {
  level: CampaignListLevel;
  code: string;
  decision: Decision;
  decidedBy: string;
  kept: number;
  excluded: number;
  /** Kept students whose lines need a prefecture sign-off (county lists). */
  needSignOff: number;
}

export interface CampaignCountyResult {
  countyCode: string;
  schools: number;
  approved: number;
  excluded: number;
  planned: number;
  alreadyPlanned: number;
}

export interface CampaignResult {
  campaignId: string;
  assessed: number;
  eligible: number;
  counties: number;
  approved: number;
  planned: number;
  alreadyPlanned: number;
}

/** The campaign's live progress (a Query; the durable record is the campaign's row). */
export interface CampaignProgress {
  state: CampaignState;
  assessed: number;
  counties: number;
  countiesDone: number;
}

export interface AssessCampaignInput {
  campaignId: string;
  chunkSize: number;
  maxChunks: number;
}
export interface AssessCampaignResult {
  done: boolean;
  assessed: number;
  eligible: number;
}

export interface CloseCampaignListInput {
  campaignId: string;
  level: CampaignListLevel;
  /** The school's code (school lists) or the county's (county lists and sign-offs). */
  code: string;
  countyCode: string;
  taskId: string;
  decision: Decision;
  decidedBy: string;
  comment?: string;
}

export interface OpenCampaignListInput {
  campaignId: string;
  level: CampaignListLevel;
  code: string;
  countyCode: string;
  workflowId: string;
}

/** The students service's activities for campaigns (queue `students`); each is idempotent. */
export interface StudentsCampaignActivities {
  setCampaignState(input: { campaignId: string; state: CampaignState }): Promise<void>;
  /** Assesses up to maxChunks chunks after the campaign's saved position; resumable (heartbeats, and the position is saved with each chunk). */
  assessCampaign(input: AssessCampaignInput): Promise<AssessCampaignResult>;
  /** The counties with listed students (codes and counts only). */
  campaignCounties(input: { campaignId: string }): Promise<{ countyCode: string; listed: number }[]>;
  /** A county's schools with listed students. */
  campaignSchools(input: { campaignId: string; countyCode: string }): Promise<{ schoolCode: string; listed: number }[]>;
  /** Marks a list open for review (exclusions may be made while it is). */
  openCampaignList(input: OpenCampaignListInput): Promise<void>;
  /** Closes a list with its decision: moves its students on, audits each one; a repeat answers the first outcome. */
  closeCampaignList(input: CloseCampaignListInput): Promise<CampaignListOutcome>;
  /** Plans a county's approved students in the ledger, chunk by chunk (heartbeats its position). */
  planCampaignCounty(input: { campaignId: string; countyCode: string; chunkSize: number }): Promise<{ planned: number; alreadyPlanned: number }>;
}

/** A county's lists of a level opened at once (one statement): the county's school lists, or its one county list. */
export interface OpenCampaignListsInput {
  campaignId: string;
  level: CampaignListLevel;
  countyCode: string;
  codes: string[];
  workflowId: string;
}

/**
 * The students service's batch list activities (queue `students`), for a county workflow that holds
 * its school lists itself: open many lists in one statement, close many (each in its own
 * transaction under its row lock, as closeCampaignList does), in the order given.
 */
export interface StudentsCampaignListActivities {
  openCampaignLists(input: OpenCampaignListsInput): Promise<void>;
  closeCampaignLists(input: { lists: CloseCampaignListInput[] }): Promise<CampaignListOutcome[]>;
}
