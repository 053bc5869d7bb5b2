import { condition, defineUpdate, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { activityTaskQueue } from '@eduaid/contracts';

export const benchPokeUpdate = defineUpdate<number, []>('benchPoke');

/**
 * The benchmark's baseline (tests/benchmarks/workflows.bench.ts): the same number of activities and
 * updates as an aid application, doing nothing, so the two throughputs compare on one server.
 */
export async function bareBenchWorkflow(activities: number, updateAfter: number[]): Promise<number> {
  const { benchNoop } = proxyActivities<{ benchNoop(input: { fireUpdate: boolean }): Promise<void> }>({
    taskQueue: activityTaskQueue('students', workflowInfo().taskQueue),
    startToCloseTimeout: '1 minute',
  });
  let received = 0;
  setHandler(benchPokeUpdate, () => (received += 1));
  for (let i = 0; i < activities; i += 1) {
    const fire = updateAfter.includes(i);
    await benchNoop({ fireUpdate: fire });
    if (fire) await condition(() => received >= updateAfter.filter((k) => k <= i).length);
  }
  return received;
}
