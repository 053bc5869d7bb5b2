export { HumanTasks } from './human-task';
export type { FourEyes, HumanTaskDecided, HumanTaskOptions, HumanTaskResult, HumanTaskSpec } from './human-task';
export { decideTaskUpdate, pendingTaskQuery } from './messages';
export type { PendingTask } from './messages';
