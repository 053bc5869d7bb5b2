import { Injectable } from '@nestjs/common';
import type { LedgerRowView, StudentsCompensationActivities } from '@eduaid/contracts';
import { Activities } from '@eduaid/platform';
import { PaymentsRepository } from './payments.repository';

/**
 * The ledger read a graduate's compensation needs (queue `students`): after an early end cancelled
 * the unpaid instalments, which rows were kept (paid, being sent) and which cancelled. Planning and
 * cancelling use the aid activities (planAidPayments, cancelAidPayments). Read-only, so idempotent.
 */
@Activities()
@Injectable()
export class CompensationLedgerActivities implements StudentsCompensationActivities {
  constructor(private readonly ledger: PaymentsRepository) {}

  async ledgerRowsOf(input: { workflowId: string }): Promise<LedgerRowView[]> {
    return (await this.ledger.ofApplication(input.workflowId)).map((r) => ({ semester: r.semester, scheme: r.scheme, amountFen: Number(r.amount_fen), status: r.status }));
  }
}
