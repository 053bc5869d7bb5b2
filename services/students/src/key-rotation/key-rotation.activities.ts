import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { ReencryptBatchInput, ReencryptBatchResult, StudentsKeyRotationActivities } from '@eduaid/contracts';
import { Activities, FieldCipher } from '@eduaid/platform';
import { KeyRotationRepository } from './key-rotation.repository';

/** Re-encryption of national IDs under the current key, one keyset batch per call. */
@Activities()
@Injectable()
export class KeyRotationActivities implements StudentsKeyRotationActivities {
  constructor(
    private readonly students: KeyRotationRepository,
    private readonly cipher: FieldCipher,
  ) {}

  async reencryptNationalIds(input: ReencryptBatchInput): Promise<ReencryptBatchResult> {
    if (input.toVersion !== this.cipher.currentVersion) {
      // A worker whose configuration has another current key must not rotate to its own key.
      throw ApplicationFailure.nonRetryable(`this worker's current key is v${this.cipher.currentVersion}, not v${input.toVersion}`, 'KeyVersionMismatch');
    }
    const rows = await this.students.batchAfter(input.afterId, input.batchSize);
    const stale = rows.filter((r) => r.national_id_key_version !== input.toVersion);
    let reencrypted = 0;
    if (stale.length > 0) {
      const sealed = stale.map((r) => this.cipher.encrypt('national-id', this.cipher.decrypt('national-id', { cipher: r.national_id_cipher, keyVersion: r.national_id_key_version })));
      // Only rows still under the key they were read with: a concurrent write already used the new key.
      reencrypted = await this.students.reseal(
        stale.map((r, i) => ({ id: r.id, cipher: sealed[i].cipher, oldVersion: r.national_id_key_version })),
        input.toVersion,
      );
    }
    return { lastId: rows.length === input.batchSize ? rows[rows.length - 1].id : undefined, scanned: rows.length, reencrypted };
  }
}
