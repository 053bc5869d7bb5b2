import { Injectable } from '@nestjs/common';
import type { CompensationTransition, MentoringCompensationActivities } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';
import { CompensationsRepository } from './compensations.repository';

/** Mentoring's compensation activity: a transition written to the durable row, idempotent by its sequence. */
@Activities()
@Injectable()
export class CompensationActivities implements MentoringCompensationActivities {
  constructor(private readonly compensations: CompensationsRepository) {}

  async recordCompensation(input: CompensationTransition): Promise<{ applied: boolean }> {
    return { applied: await this.compensations.record(input) };
  }
}
