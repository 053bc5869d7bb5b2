import { ActivityFailure, TimeoutFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import {
  SERVICE_NAMES,
  ServiceName,
  WiringActivities,
  WiringCheckInput,
  WiringCheckResult,
  WiringCheckServiceResult,
  activityTaskQueue,
} from '@eduaid/contracts';

function wiringActivitiesOf(service: ServiceName): WiringActivities {
  return proxyActivities<WiringActivities>({
    taskQueue: activityTaskQueue(service, workflowInfo().taskQueue),
    // A service whose worker is down fails the check after a minute instead of hanging it.
    scheduleToCloseTimeout: '1 minute',
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '5 seconds' },
  });
}

function reasonOf(service: ServiceName, failure: ActivityFailure): string {
  if (failure.cause instanceof TimeoutFailure) {
    return `no answer from the ${service} worker in time (timeout); is the ${service} service running?`;
  }
  return failure.cause?.message || failure.message || 'the activity failed';
}

/**
 * Runs `recordWiringCheck` on every service's task queue at once and reports which answered. A
 * failing service does not stop the others from being checked.
 */
export async function wiringCheckWorkflow(input: WiringCheckInput): Promise<WiringCheckResult> {
  const services = await Promise.all(
    SERVICE_NAMES.map(async (service): Promise<WiringCheckServiceResult> => {
      try {
        const receipt = await wiringActivitiesOf(service).recordWiringCheck(input);
        return { service, ok: true, receipt };
      } catch (error) {
        if (error instanceof ActivityFailure) {
          return { service, ok: false, error: reasonOf(service, error) };
        }
        throw error;
      }
    }),
  );
  return { checkId: input.checkId, ok: services.every((s) => s.ok), services };
}
