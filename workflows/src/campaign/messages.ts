import { defineQuery } from '@temporalio/workflow';
import type { CampaignProgress } from '@eduaid/contracts';

/** The campaign's live progress (the durable record is its row in students.campaigns). */
export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');
