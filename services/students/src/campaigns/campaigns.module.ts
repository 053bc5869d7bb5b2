import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { CampaignsActivities } from './campaigns.activities';
import { CampaignsController, StudentCampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';

/** Annual campaigns: the API, the campaign's durable record and results, its activities on the students queue. */
@Module({
  controllers: [CampaignsController, StudentCampaignsController],
  providers: [WorkflowStarter, CampaignsRepository, CampaignsService, CampaignsActivities],
})
export class CampaignsModule {}
