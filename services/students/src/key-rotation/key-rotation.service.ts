import { Injectable } from '@nestjs/common';
import { Caller, KEY_ROTATION_WORKFLOW, KeyRotationInput, keyRotationWorkflowId } from '@eduaid/contracts';
import { assertProvinceWide, FieldCipher, WorkflowStarter } from '@eduaid/platform';
import { KeyRotationStatusDto } from './dto/key-rotation.dto';
import { KeyRotationRepository } from './key-rotation.repository';

/** Starts and reports the background re-encryption to the current data key. */
@Injectable()
export class KeyRotationService {
  constructor(
    private readonly students: KeyRotationRepository,
    private readonly workflows: WorkflowStarter,
    private readonly cipher: FieldCipher,
  ) {}

  /** Re-encrypts every student of the province: a province-wide job (the route says so too). */
  async start(caller: Caller, batchSize: number): Promise<KeyRotationStatusDto> {
    assertProvinceWide(caller, 'Rotating the data key');
    const input: KeyRotationInput = { toVersion: this.cipher.currentVersion, batchSize };
    await this.workflows.start(KEY_ROTATION_WORKFLOW, {
      workflowId: keyRotationWorkflowId(input.toVersion),
      args: [input],
    });
    return this.status();
  }

  async status(): Promise<KeyRotationStatusDto> {
    const workflowId = keyRotationWorkflowId(this.cipher.currentVersion);
    const status = await this.workflows.statusOf(workflowId);
    const state = status === undefined ? 'not-started' : status === 'RUNNING' ? 'running' : status === 'COMPLETED' ? 'completed' : 'failed';
    return {
      currentVersion: this.cipher.currentVersion,
      workflowId,
      state,
      rowsByKeyVersion: await this.students.rowsByKeyVersion(),
    };
  }
}
