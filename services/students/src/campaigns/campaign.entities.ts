import { CampaignDecisionEntity } from './campaign-decision.entity';
import { CampaignListEntity } from './campaign-list.entity';
import { CampaignResultEntity } from './campaign-result.entity';
import { CampaignEntity } from './campaign.entity';

/** The campaigns feature's tables, for the students service's entity list. */
export const CAMPAIGN_ENTITIES = [CampaignEntity, CampaignResultEntity, CampaignListEntity, CampaignDecisionEntity];
