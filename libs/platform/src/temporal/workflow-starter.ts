import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowHandle, WorkflowHandleWithStartDetails, WorkflowNotFoundError, WorkflowResultType, WorkflowStartOptions } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { Workflow } from '@temporalio/common';
import { taskQueueName, WORKFLOW_TASK_QUEUE } from '@eduaid/contracts';
import { SERVICE_CONFIG } from '../config/config.tokens';
import type { ServiceConfig } from '../config/service-config';
import type { DomainError } from '../errors/domain-error';
import { TEMPORAL_CLIENT } from './temporal.tokens';
import { domainErrorOfUpdate, UpdateRefusals } from './update-refusals';

/** What starting a workflow takes here: everything but the task queue, which is always the workflows'. */
export type StartOptions<T extends Workflow> = Omit<WorkflowStartOptions<T>, 'taskQueue'>;

/**
 * A service's processes on Temporal: starts them on the workflow worker's task queue (with this
 * deployment's prefix), waits for short ones, and reads a workflow's status. Each feature that starts
 * a process provides and injects this rather than the Temporal client and the configuration for the queue.
 */
@Injectable()
export class WorkflowStarter {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  private with<T extends Workflow>(options: StartOptions<T>): WorkflowStartOptions<T> {
    return { ...options, taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, this.config.taskQueuePrefix) } as WorkflowStartOptions<T>;
  }

  /** Starts the workflow; a second start of a running business key is refused by Temporal. */
  start<T extends Workflow>(type: string, options: StartOptions<T>): Promise<WorkflowHandleWithStartDetails<T>> {
    return this.client.workflow.start<T>(type, this.with(options));
  }

  /**
   * Starts the workflow of a row just written for it (a case, a compensation, a payment cycle's run),
   * once per id (REJECT_DUPLICATE: a second start is refused, a 409 by the exception filter). When the
   * start fails, the row is undone (`undo`), so the request can be sent again; the start's error goes on.
   */
  async startOnceOrUndo<T extends Workflow>(type: string, options: Omit<StartOptions<T>, 'workflowIdReusePolicy'>, undo: () => Promise<void>): Promise<void> {
    try {
      await this.start<T>(type, { ...options, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE } as StartOptions<T>);
    } catch (error) {
      await undo();
      throw error;
    }
  }

  /** Starts the workflow and answers its result (for processes short enough to wait for in a request). */
  execute<T extends Workflow>(type: string, options: StartOptions<T>): Promise<WorkflowResultType<T>> {
    return this.client.workflow.execute<T>(type, this.with(options));
  }

  /** A workflow by id, to query or update it. */
  handle<T extends Workflow>(workflowId: string): WorkflowHandle<T> {
    return this.client.workflow.getHandle<T>(workflowId);
  }

  /**
   * Sends an Update on behalf of an HTTP caller and answers the workflow's acknowledgement. A refusal
   * named in `refusals`, or a workflow that is gone (`gone()`), reads as the domain error that
   * domainErrorOfUpdate gives; anything else is rethrown as it is.
   */
  async update<Ack, Request>(workflowId: string, update: string, request: Request, refusals: UpdateRefusals, gone: () => DomainError): Promise<Ack> {
    try {
      return await this.client.workflow.getHandle(workflowId).executeUpdate<Ack, [Request]>(update, { args: [request] });
    } catch (error) {
      throw domainErrorOfUpdate(error, refusals, gone) ?? error;
    }
  }

  /** The workflow's execution status (RUNNING, COMPLETED, FAILED …), or undefined when there is no such workflow. */
  async statusOf(workflowId: string): Promise<string | undefined> {
    try {
      return (await this.client.workflow.getHandle(workflowId).describe()).status.name;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }
}
