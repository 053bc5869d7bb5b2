import { executeChild, patched, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import {
  CAMPAIGN_COUNTY_LIST_TASK_KIND,
  CAMPAIGN_SCHOOL_LIST_TASK_KIND,
  CAMPAIGN_SIGN_OFF_TASK_KIND,
  CampaignCountyInput,
  CampaignCountyResult,
  CampaignInput,
  CampaignListLevel,
  CampaignListOutcome,
  CampaignProgress,
  CampaignResult,
  CampaignSchoolListInput,
  CampaignSettings,
  CampaignState,
  Role,
  StudentsCampaignActivities,
  TaskPlace,
  activityTaskQueue,
  campaignCountyWorkflowId,
  campaignWorkflowId,
  campaignSchoolListWorkflowId,
} from '@eduaid/contracts';
import { FourEyes, HumanTasks } from '../human-task';
import { CampaignListTasks, ListSpec } from './list-tasks';
import { campaignProgressQuery } from './messages';

/** Runs from before it started a child workflow per school list; later ones hold their lists themselves. */
export const COUNTY_HOLDS_LISTS_PATCH = 'campaign-county-holds-lists';

function studentsActivities() {
  return proxyActivities<StudentsCampaignActivities>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    // Assessment and planning work through many chunks and heartbeat each: a dead worker's attempt is retried soon, from where it stopped.
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '2 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });
}

/**
 * The annual campaign (`campaign:<year>:<scope>`): assess every enrolled student of the scope from
 * the registry in resumable chunks, then one child per county that reviews and approves its lists
 * and plans the approved students in the ledger. Only codes and counts travel here.
 */
export async function campaignWorkflow(input: CampaignInput): Promise<CampaignResult> {
  const students = studentsActivities();
  const progress: CampaignProgress = { state: 'assessing', assessed: 0, counties: 0, countiesDone: 0 };
  setHandler(campaignProgressQuery, () => ({ ...progress }));
  const setState = async (state: CampaignState) => {
    progress.state = state;
    await students.setCampaignState({ campaignId: input.campaignId, state });
    if (input.settings.searchAttributes !== false) upsertSearchAttributes({ EduaidStatus: [state] });
  };

  const assess = async () => {
    let eligible = 0;
    for (;;) {
      const step = await students.assessCampaign({ campaignId: input.campaignId, chunkSize: input.settings.chunkSize, maxChunks: input.settings.chunksPerActivity });
      progress.assessed += step.assessed;
      eligible += step.eligible;
      if (step.done) return eligible;
    }
  };

  // The business key, from the input (the same as the workflow's id when started by the service).
  const campaignId = campaignWorkflowId(input.academicYear, input.scopeCode);
  const reviewCounties = async () => {
    const counties = await students.campaignCounties({ campaignId: input.campaignId });
    progress.counties = counties.length;
    return Promise.all(
      counties.map(async ({ countyCode }) => {
        const countyInput: CampaignCountyInput = {
          campaignId: input.campaignId, campaignWorkflowId: campaignId, academicYear: input.academicYear, countyCode, startedBy: input.startedBy, settings: input.settings,
        };
        const result = await executeChild(campaignCountyWorkflow, { workflowId: campaignCountyWorkflowId(campaignId, countyCode), args: [countyInput] });
        progress.countiesDone += 1;
        return result;
      }),
    );
  };

  if (input.settings.searchAttributes !== false) upsertSearchAttributes({ EduaidStatus: ['assessing'] });
  const eligible = await assess();
  await setState('reviewing');
  const counties = await reviewCounties();
  await setState('completed');
  const sum = (f: (c: CampaignCountyResult) => number) => counties.reduce((a, c) => a + f(c), 0);
  return {
    campaignId: input.campaignId, assessed: progress.assessed, eligible, counties: counties.length,
    approved: sum((c) => c.approved), planned: sum((c) => c.planned), alreadyPlanned: sum((c) => c.alreadyPlanned),
  };
}

/** One list step as a casework task: run until approved or rejected (a return asks again), then close the list. */
async function listStep(
  tasks: HumanTasks,
  students: StudentsCampaignActivities,
  s: { campaignId: string; level: CampaignListLevel; code: string; countyCode: string; step: string; kind: string; role: Role; place: TaskPlace; settings: CampaignSettings; data: Record<string, unknown>; fourEyes: FourEyes },
): Promise<CampaignListOutcome> {
  // The list is open for exclusions from before its task exists until it is closed.
  await students.openCampaignList({ campaignId: s.campaignId, level: s.level, code: s.code, countyCode: s.countyCode, workflowId: workflowInfo().workflowId });
  for (;;) {
    const decided = await tasks.run({
      step: s.step,
      kind: s.kind,
      subject: { type: 'case', id: workflowInfo().workflowId },
      place: s.place,
      candidateRole: s.role,
      assignment: 'least-loaded',
      dueInMs: s.settings.listDueMs,
      remindBeforeMs: s.settings.remindBeforeMs,
      escalateAfterMs: s.settings.escalateAfterMs,
      data: s.data,
      fourEyes: s.fourEyes,
    });
    if (decided.decision.decision === 'return') continue;
    return students.closeCampaignList({
      campaignId: s.campaignId, level: s.level, code: s.code, countyCode: s.countyCode, taskId: decided.taskId, decision: decided.decision.decision, decidedBy: decided.decision.decidedBy,
      ...(decided.decision.comment ? { comment: decided.decision.comment } : {}),
    });
  }
}

/**
 * A county of a campaign (`campaign:<year>:<scope>:county:<county>`): every school's list reviewed
 * (a child each), then the county's approval (four eyes: none of the school lists' reviewers), a
 * prefecture sign-off when kept students' amounts or special funds need it, then the ledger.
 */
export async function campaignCountyWorkflow(input: CampaignCountyInput): Promise<CampaignCountyResult> {
  if (patched(COUNTY_HOLDS_LISTS_PATCH)) return countyHoldingLists(input);
  const students = studentsActivities();
  const tasks = new HumanTasks();

  const reviewSchools = async () => {
    const schools = await students.campaignSchools({ campaignId: input.campaignId, countyCode: input.countyCode });
    return Promise.all(
      schools.map(({ schoolCode, listed }) => {
        const schoolInput: CampaignSchoolListInput = { ...input, schoolCode, listed };
        return executeChild(campaignSchoolListWorkflow, { workflowId: campaignSchoolListWorkflowId(input.campaignWorkflowId, schoolCode), args: [schoolInput] });
      }),
    );
  };

  const base = { campaignId: input.campaignId, countyCode: input.countyCode, settings: input.settings };
  const schoolLists = await reviewSchools();
  const confirmed = schoolLists.reduce((a, l) => a + l.kept, 0);
  let approved = 0;
  let excluded = schoolLists.reduce((a, l) => a + l.excluded, 0);
  if (confirmed > 0) {
    const reviewers = [...new Set(schoolLists.map((l) => l.decidedBy))];
    const county = await listStep(tasks, students, {
      ...base, level: 'county', code: input.countyCode, step: 'county-approval', kind: CAMPAIGN_COUNTY_LIST_TASK_KIND, role: 'approver',
      place: { divisionCode: input.countyCode, level: 'county' },
      data: { campaign: input.campaignWorkflowId, academicYear: input.academicYear, countyCode: input.countyCode, schools: schoolLists.length, confirmed },
      fourEyes: { submittedBy: input.startedBy, otherDeciders: reviewers },
    });
    // A rejected county list leaves nobody approved (its students go the individual path).
    approved = county.decision === 'approve' ? county.kept : 0;
    excluded += county.excluded;
    if (county.decision === 'approve' && county.needSignOff > 0) {
      const signOff = await listStep(tasks, students, {
        ...base, level: 'prefecture', code: input.countyCode, step: 'prefecture-sign-off', kind: CAMPAIGN_SIGN_OFF_TASK_KIND, role: 'approver',
        place: { divisionCode: input.countyCode, level: 'prefecture' },
        data: { campaign: input.campaignWorkflowId, academicYear: input.academicYear, countyCode: input.countyCode, approved: county.kept, needSignOff: county.needSignOff },
        fourEyes: { submittedBy: input.startedBy, previousStepDecider: county.decidedBy, otherDeciders: reviewers },
      });
      approved = signOff.kept;
      excluded += signOff.excluded;
    }
  }
  const ledger = approved > 0 ? await students.planCampaignCounty({ campaignId: input.campaignId, countyCode: input.countyCode, chunkSize: input.settings.planChunkSize }) : { planned: 0, alreadyPlanned: 0 };
  return { countyCode: input.countyCode, schools: schoolLists.length, approved, excluded, planned: ledger.planned, alreadyPlanned: ledger.alreadyPlanned };
}

/**
 * The county as it runs now: its school lists held in this workflow (CampaignListTasks), not one
 * child each. All school lists open in one statement and get their casework tasks in batches; their
 * decisions come here; decided lists are closed in batches; then the county's approval and, when
 * needed, the prefecture's sign-off, the same steps and four-eyes rules as before, and the ledger.
 */
async function countyHoldingLists(input: CampaignCountyInput): Promise<CampaignCountyResult> {
  const students = studentsActivities();
  const lists = new CampaignListTasks(input.settings);
  const base = { campaignId: input.campaignId, countyCode: input.countyCode, submittedBy: input.startedBy };

  const schools = await students.campaignSchools({ campaignId: input.campaignId, countyCode: input.countyCode });
  const schoolLists = await lists.review(schools.map(({ schoolCode, listed }): ListSpec => ({
    ...base, level: 'school', code: schoolCode, subjectId: campaignSchoolListWorkflowId(input.campaignWorkflowId, schoolCode), step: 'school-list',
    kind: CAMPAIGN_SCHOOL_LIST_TASK_KIND, role: 'caseworker', place: { divisionCode: input.countyCode, schoolCode, level: 'school' },
    data: { campaign: input.campaignWorkflowId, academicYear: input.academicYear, schoolCode, listed }, excludedDeciders: [],
  })));
  const confirmed = schoolLists.reduce((a, l) => a + l.kept, 0);
  let approved = 0;
  let excluded = schoolLists.reduce((a, l) => a + l.excluded, 0);
  if (confirmed > 0) {
    const reviewers = [...new Set(schoolLists.map((l) => l.decidedBy))];
    const countyList = { ...base, level: 'county' as const, code: input.countyCode, subjectId: workflowInfo().workflowId, role: 'approver' as const };
    const [county] = await lists.review([{
      ...countyList, step: 'county-approval', kind: CAMPAIGN_COUNTY_LIST_TASK_KIND, place: { divisionCode: input.countyCode, level: 'county' },
      data: { campaign: input.campaignWorkflowId, academicYear: input.academicYear, countyCode: input.countyCode, schools: schoolLists.length, confirmed }, excludedDeciders: reviewers,
    }]);
    // A rejected county list leaves nobody approved (its students go the individual path).
    approved = county.decision === 'approve' ? county.kept : 0;
    excluded += county.excluded;
    if (county.decision === 'approve' && county.needSignOff > 0) {
      const [signOff] = await lists.review([{
        ...countyList, level: 'prefecture', step: 'prefecture-sign-off', kind: CAMPAIGN_SIGN_OFF_TASK_KIND, place: { divisionCode: input.countyCode, level: 'prefecture' },
        data: { campaign: input.campaignWorkflowId, academicYear: input.academicYear, countyCode: input.countyCode, approved: county.kept, needSignOff: county.needSignOff },
        excludedDeciders: [county.decidedBy, ...reviewers.filter((r) => r !== county.decidedBy)],
      }]);
      approved = signOff.kept;
      excluded += signOff.excluded;
    }
  }
  const ledger = approved > 0 ? await students.planCampaignCounty({ campaignId: input.campaignId, countyCode: input.countyCode, chunkSize: input.settings.planChunkSize }) : { planned: 0, alreadyPlanned: 0 };
  return { countyCode: input.countyCode, schools: schoolLists.length, approved, excluded, planned: ledger.planned, alreadyPlanned: ledger.alreadyPlanned };
}

/** One school's list (`campaign:<year>:<scope>:school:<school>`): a caseworker at the school confirms it, exceptions marked. */
export async function campaignSchoolListWorkflow(input: CampaignSchoolListInput): Promise<CampaignListOutcome> {
  const students = studentsActivities();
  const tasks = new HumanTasks();
  return listStep(tasks, students, {
    campaignId: input.campaignId, countyCode: input.countyCode, settings: input.settings, level: 'school', code: input.schoolCode, step: 'school-list',
    kind: CAMPAIGN_SCHOOL_LIST_TASK_KIND, role: 'caseworker', place: { divisionCode: input.countyCode, schoolCode: input.schoolCode, level: 'school' },
    data: { campaign: input.campaignWorkflowId, academicYear: input.academicYear, schoolCode: input.schoolCode, listed: input.listed },
    fourEyes: { submittedBy: input.startedBy },
  });
}
