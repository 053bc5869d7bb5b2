import { defineQuery } from '@temporalio/workflow';
import type { CampaignProgress } from '@eduaid/contracts';
import type { PendingTask } from '../human-task';

/** The campaign's live progress (the durable record is its row in students.campaigns). */
export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');

/** A county's list tasks waiting for a decision now (its school lists, then its county list and sign-off). */
export const pendingListTasksQuery = defineQuery<PendingTask[]>('pendingListTasks');
