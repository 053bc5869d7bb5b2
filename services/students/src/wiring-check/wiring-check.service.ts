import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import {
  WIRING_CHECK_WORKFLOW,
  WORKFLOW_TASK_QUEUE,
  WiringCheckInput,
  WiringCheckResult,
  taskQueueName,
  wiringCheckWorkflowId,
} from '@eduaid/contracts';
import { DomainError, SERVICE_CONFIG, ServiceConfig, TEMPORAL_CLIENT } from '@eduaid/platform';
import { WiringCheckStatusDto } from './dto/wiring-check-status.dto';

/** Starts the end-to-end wiring check and reports on it from its workflow. */
@Injectable()
export class WiringCheckService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async start(requestedBy: string): Promise<WiringCheckStatusDto> {
    const checkId = randomUUID();
    const input: WiringCheckInput = { checkId, requestedBy };
    await this.temporal.workflow.start(WIRING_CHECK_WORKFLOW, {
      workflowId: wiringCheckWorkflowId(checkId),
      taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, this.config.taskQueuePrefix),
      args: [input],
      workflowExecutionTimeout: '5 minutes',
    });
    return { checkId, workflowId: wiringCheckWorkflowId(checkId), state: 'running', services: [] };
  }

  async status(checkId: string): Promise<WiringCheckStatusDto> {
    const workflowId = wiringCheckWorkflowId(checkId);
    const handle = this.temporal.workflow.getHandle(workflowId);
    let status: string;
    try {
      status = (await handle.describe()).status.name;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new DomainError('wiring-check.not-found', 'not-found', `No wiring check ${checkId}.`);
      }
      throw error;
    }
    if (status === 'RUNNING') {
      return { checkId, workflowId, state: 'running', services: [] };
    }
    if (status !== 'COMPLETED') {
      return { checkId, workflowId, state: 'failed', services: [] };
    }
    const result = await handle.result() as WiringCheckResult;
    return {
      checkId,
      workflowId,
      state: result.ok ? 'passed' : 'failed',
      services: result.services.map((s) => ({
        service: s.service,
        ok: s.ok,
        schema: s.receipt?.schema,
        recordedAt: s.receipt?.recordedAt,
        error: s.error,
      })),
    };
  }
}
