// Every workflow type the workflow worker runs. Workflow code only: no Node built-ins, no I/O.
// (The benchmark's baseline workflow is bundled by the benchmark itself, not here.)
export { wiringCheckWorkflow } from './wiring-check/workflow';

export { rosterImportWorkflow } from './roster-import/workflow';
export { caseReviewWorkflow } from './case-review/workflow';
export { keyRotationWorkflow } from './key-rotation/workflow';
export { aidApplicationWorkflow } from './aid-application/workflow';
export { aidChangeWorkflow } from './aid-change/workflow';
export { retentionWorkflow } from './retention/workflow';
export { householdStatusChangeWorkflow } from './household-status/workflow';
export { paymentCycleWorkflow, paymentCycleCountyWorkflow } from './payment-cycle/workflow';
export { campaignWorkflow, campaignCountyWorkflow, campaignSchoolListWorkflow } from './campaign/workflow';
export { paymentRepairWorkflow } from './payment-cycle/repair';
export { scheduledPaymentCycleWorkflow } from './payment-cycle/scheduled';
export { jobAssistanceWorkflow } from './job-assistance/workflow';
export { graduateLinkWorkflow } from './graduate-link/workflow';
export { graduateImportWorkflow } from './graduate-import/workflow';
export { graduateCompensationWorkflow } from './graduate-compensation/workflow';
export { graduateSealKeyWorkflow } from './graduate-seal-key/workflow';
export { graduateFeedWorkflow, scheduledGraduateFeedWorkflow } from './graduate-feed/workflow';
