export { HumanTasks } from './human-task';
export type { HumanTaskOutcome, HumanTaskSpec } from './human-task';
export { decideTaskUpdate, pendingTaskQuery } from './messages';
export type { PendingTask } from './messages';
