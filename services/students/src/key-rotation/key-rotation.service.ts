import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { Caller, KEY_ROTATION_WORKFLOW, KeyRotationInput, WORKFLOW_TASK_QUEUE, keyRotationWorkflowId, taskQueueName } from '@eduaid/contracts';
import { assertProvinceWide, FieldCipher, SERVICE_CONFIG, ServiceConfig, TEMPORAL_CLIENT } from '@eduaid/platform';
import { KeyRotationStatusDto } from './dto/key-rotation.dto';
import { KeyRotationRepository } from './key-rotation.repository';

/** Starts and reports the background re-encryption to the current data key. */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly students: KeyRotationRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly cipher: FieldCipher,
  ) {}

  /** Re-encrypts every student of the province: a province-wide job (the route says so too). */
  async start(caller: Caller, batchSize: number): Promise<KeyRotationStatusDto> {
    assertProvinceWide(caller, 'Rotating the data key');
    const input: KeyRotationInput = { toVersion: this.cipher.currentVersion, batchSize };
    await this.temporal.workflow.start(KEY_ROTATION_WORKFLOW, {
      workflowId: keyRotationWorkflowId(input.toVersion),
      taskQueue: taskQueueName(WORKFLOW_TASK_QUEUE, this.config.taskQueuePrefix),
      args: [input],
    });
    return this.status();
  }

  async status(): Promise<KeyRotationStatusDto> {
    const workflowId = keyRotationWorkflowId(this.cipher.currentVersion);
    let state = 'not-started';
    try {
      const status = (await this.temporal.workflow.getHandle(workflowId).describe()).status.name;
      state = status === 'RUNNING' ? 'running' : status === 'COMPLETED' ? 'completed' : 'failed';
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    return {
      currentVersion: this.cipher.currentVersion,
      workflowId,
      state,
      rowsByKeyVersion: await this.students.rowsByKeyVersion(),
    };
  }
}
