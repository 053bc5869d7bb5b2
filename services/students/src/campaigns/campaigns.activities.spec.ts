import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { CloseCampaignListInput } from '@eduaid/contracts';
import type { Transaction, UnitOfWork } from '@eduaid/platform';
import { CampaignsActivities } from './campaigns.activities';
import type { CampaignRow, CampaignsRepository } from './campaigns.repository';

/**
 * A timed-out attempt of a chunked campaign activity is cancelled by Temporal, and cancellation is
 * cooperative: the attempt must stop at its next step, or it keeps its worker slot (and its place in
 * the pool's queue) until its last chunk, beside the retry doing the same work.
 */
describe('campaign activities stop when Temporal cancels the attempt', () => {
  const chunks: (string | null)[] = [];
  const closed: string[] = [];
  let env: MockActivityEnvironment;
  // The repository's answers for a county of three chunks and a batch of three lists; each call is recorded.
  const repository = {
    find: async () => ({ id: 'c-1', academic_year: '2044-2045' }) as CampaignRow,
    planChunk: async (_campaign: CampaignRow, _county: string, after: string | null) => {
      chunks.push(after);
      // The third chunk ends the county.
      return { last: chunks.length < 3 ? `s-${chunks.length}` : null, planned: 10, alreadyPlanned: 0 };
    },
    countyTotals: async () => ({ planned: 20, alreadyPlanned: 0 }),
    closeList: async (input: CloseCampaignListInput) => {
      closed.push(input.code);
      return { level: input.level, code: input.code, decision: input.decision, decidedBy: input.decidedBy, kept: 1, excluded: 0, needSignOff: 0 };
    },
  } as unknown as CampaignsRepository;
  // No database here: the unit of work hands the (unused) transaction straight to the repository's fake.
  const unitOfWork = { run: <T>(work: (tx: Transaction) => Promise<T>) => work({} as Transaction) } as unknown as UnitOfWork;
  const activities = new CampaignsActivities(repository, unitOfWork);
  const list = (code: string): CloseCampaignListInput => ({ campaignId: 'c-1', level: 'school', code, countyCode: '420102', taskId: `t-${code}`, decision: 'approve', decidedBy: 'reviewer' });

  beforeEach(() => {
    chunks.length = 0;
    closed.length = 0;
    env = new MockActivityEnvironment();
  });

  it('plans every chunk of a county when nothing cancels it', async () => {
    await expect(env.run(() => activities.planCampaignCounty({ campaignId: 'c-1', countyCode: '420102', chunkSize: 10 }))).resolves.toEqual({ planned: 20, alreadyPlanned: 0 });
    expect(chunks).toEqual([null, 's-1', 's-2']);
  });

  it('stops planning after the chunk it was on when cancelled', async () => {
    env.on('heartbeat', () => env.cancel('TIMED_OUT'));
    await expect(env.run(() => activities.planCampaignCounty({ campaignId: 'c-1', countyCode: '420102', chunkSize: 10 }))).rejects.toBeInstanceOf(CancelledFailure);
    expect(chunks).toEqual([null]);
  });

  it('stops closing lists after the list it was on when cancelled', async () => {
    env.on('heartbeat', () => env.cancel('TIMED_OUT'));
    await expect(env.run(() => activities.closeCampaignLists({ lists: [list('a'), list('b'), list('c')] }))).rejects.toBeInstanceOf(CancelledFailure);
    expect(closed).toEqual(['a']);
  });
});
