import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type {
  AssessCampaignInput,
  AssessCampaignResult,
  CampaignListOutcome,
  CampaignState,
  CloseCampaignListInput,
  OpenCampaignListInput,
  OpenCampaignListsInput,
  StudentsCampaignActivities,
  StudentsCampaignListActivities,
} from '@eduaid/contracts';
import { Activities, UnitOfWork } from '@eduaid/platform';
import { CampaignAssessor } from './campaign-assessment';
import { CampaignRow, CampaignsRepository } from './campaigns.repository';

/**
 * Ends an attempt that Temporal cancelled (timed out, or its heartbeat found it gone) between two
 * steps. Cancellation is cooperative: an attempt that carried on would keep its worker slot and its
 * place in the pool's queue until its last chunk, beside the retry that does the same work again.
 */
function stopIfCancelled(): void {
  const signal = Context.current().cancellationSignal;
  if (signal.aborted) throw signal.reason instanceof CancelledFailure ? signal.reason : new CancelledFailure('activity cancelled');
}

/**
 * The students service's side of a campaign: assess the registry chunk by chunk, hand out the
 * counties' and schools' list sizes, open and close lists, plan approved students in the ledger.
 * Every step is idempotent: a chunk and the campaign's position are written in one transaction (a
 * retry starts after the last chunk written), a closed list answers its first outcome, ledger rows
 * are inserted ON CONFLICT DO NOTHING.
 */
@Activities()
@Injectable()
export class CampaignsActivities implements StudentsCampaignActivities, StudentsCampaignListActivities {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async setCampaignState(input: { campaignId: string; state: CampaignState }): Promise<void> {
    await this.campaigns.setState(input.campaignId, input.state);
  }

  async assessCampaign(input: AssessCampaignInput): Promise<AssessCampaignResult> {
    const campaign = await this.campaign(input.campaignId);
    const assessor = new CampaignAssessor(campaign.academic_year);
    let after = campaign.assess_after;
    let assessed = 0;
    let eligible = 0;
    for (let chunk = 0; chunk < input.maxChunks; chunk += 1) {
      const done = await this.unitOfWork.run(async (m) => {
        // The position is read again under the row's lock: a chunk an earlier attempt wrote is not written twice.
        const current = await this.campaigns.lockForAssessment(m, campaign.id);
        after = current.assess_after;
        const rows = await this.campaigns.registryChunk(m, campaign.academic_year, campaign.scope_code, after, input.chunkSize);
        if (rows.length === 0) return true;
        const written = await this.campaigns.saveChunk(m, current, rows, rows.map((r) => assessor.assess(r)));
        assessed += written.inserted;
        eligible += written.eligible;
        after = rows[rows.length - 1].id;
        return rows.length < input.chunkSize;
      });
      Context.current().heartbeat({ after, assessed });
      if (done) return { done: true, assessed, eligible };
      stopIfCancelled();
    }
    return { done: false, assessed, eligible };
  }

  async campaignCounties(input: { campaignId: string }): Promise<{ countyCode: string; listed: number }[]> {
    return this.campaigns.counties(input.campaignId);
  }

  async campaignSchools(input: { campaignId: string; countyCode: string }): Promise<{ schoolCode: string; listed: number }[]> {
    return this.campaigns.schools(input.campaignId, input.countyCode);
  }

  async openCampaignList(input: OpenCampaignListInput): Promise<void> {
    await this.campaigns.openList(input);
  }

  async closeCampaignList(input: CloseCampaignListInput): Promise<CampaignListOutcome> {
    if (input.decision === 'return') throw ApplicationFailure.nonRetryable('A returned list is reviewed again, not closed.', 'campaign.list-returned');
    return this.unitOfWork.run((tx) => this.campaigns.closeList(input, tx));
  }

  async openCampaignLists(input: OpenCampaignListsInput): Promise<void> {
    await this.campaigns.openLists(input);
  }

  async closeCampaignLists(input: { lists: CloseCampaignListInput[] }): Promise<CampaignListOutcome[]> {
    const outcomes: CampaignListOutcome[] = [];
    for (const list of input.lists) {
      stopIfCancelled();
      outcomes.push(await this.closeCampaignList(list));
      Context.current().heartbeat(outcomes.length);
    }
    return outcomes;
  }

  async planCampaignCounty(input: { campaignId: string; countyCode: string; chunkSize: number }): Promise<{ planned: number; alreadyPlanned: number }> {
    const campaign = await this.campaign(input.campaignId);
    // Resume after the last chunk an earlier attempt reported (planned rows are not 'approved' any more, so none is planned twice either way).
    let after = (Context.current().info.heartbeatDetails as { after?: string } | undefined)?.after ?? null;
    for (;;) {
      const chunk = await this.campaigns.planChunk(campaign, input.countyCode, after, input.chunkSize);
      if (!chunk.last) break;
      after = chunk.last;
      Context.current().heartbeat({ after });
      stopIfCancelled();
    }
    return this.campaigns.countyTotals(campaign.id, input.countyCode);
  }

  private async campaign(id: string): Promise<CampaignRow> {
    const campaign = await this.campaigns.find(id);
    if (!campaign) throw ApplicationFailure.nonRetryable(`No campaign ${id}.`, 'campaign.not-found');
    return campaign;
  }
}
