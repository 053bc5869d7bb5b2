import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { WIRING_CHECK_WORKFLOW, WiringCheckInput, WiringCheckResult, wiringCheckWorkflowId } from '@eduaid/contracts';
import { DomainError, WorkflowStarter } from '@eduaid/platform';
import { WiringCheckStatusDto } from './dto/wiring-check-status.dto';

/** Starts the end-to-end wiring check and reports on it from its workflow. */
@Injectable()
export class WiringCheckService {
  constructor(private readonly workflows: WorkflowStarter) {}

  async start(requestedBy: string): Promise<WiringCheckStatusDto> {
    const checkId = randomUUID();
    const input: WiringCheckInput = { checkId, requestedBy };
    await this.workflows.start(WIRING_CHECK_WORKFLOW, {
      workflowId: wiringCheckWorkflowId(checkId),
      args: [input],
      workflowExecutionTimeout: '5 minutes',
    });
    return { checkId, workflowId: wiringCheckWorkflowId(checkId), state: 'running', services: [] };
  }

  async status(checkId: string): Promise<WiringCheckStatusDto> {
    const workflowId = wiringCheckWorkflowId(checkId);
    const status = await this.workflows.statusOf(workflowId);
    if (status === undefined) throw new DomainError('wiring-check.not-found', 'not-found', `No wiring check ${checkId}.`);
    if (status === 'RUNNING') {
      return { checkId, workflowId, state: 'running', services: [] };
    }
    if (status !== 'COMPLETED') {
      return { checkId, workflowId, state: 'failed', services: [] };
    }
    const result = (await this.workflows.handle(workflowId).result()) as WiringCheckResult;
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
