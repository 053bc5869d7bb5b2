// Every workflow type the workflow worker runs. Workflow code only: no Node built-ins, no I/O.
export { wiringCheckWorkflow } from './wiring-check/workflow';

export { rosterImportWorkflow } from './roster-import/workflow';
export { caseReviewWorkflow } from './case-review/workflow';
export { keyRotationWorkflow } from './key-rotation/workflow';
export { aidApplicationWorkflow, bareBenchWorkflow } from './aid-application/workflow';
export { retentionWorkflow } from './retention/workflow';
export { householdStatusChangeWorkflow } from './household-status/workflow';
export { paymentCycleWorkflow, paymentCycleCountyWorkflow } from './payment-cycle/workflow';
