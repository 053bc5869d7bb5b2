import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DisbursementResult } from '@eduaid/contracts';
import { BankAccountsRepository } from './bank-accounts.repository';
import { PAYMENT_PROVIDER, PaymentOutcome, PaymentOutcomeUnknown, PaymentProvider } from './payment-provider';
import { PaymentsRepository } from './payments.repository';

/**
 * Pays a semester's planned payments, never twice: the ledger row goes planned → sending before the
 * bank is asked, the bank dedups by the same idempotency key, and an unknown outcome (timeout, lost
 * answer) is resolved by looking the key up at the bank before anything is sent again. An unknown
 * outcome the lookup cannot resolve fails the activity, which Temporal retries.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly ledger: PaymentsRepository,
    private readonly accounts: BankAccountsRepository,
    @Inject(PAYMENT_PROVIDER) private readonly bank: PaymentProvider,
  ) {}

  async disburse(workflowId: string, semester: string): Promise<DisbursementResult> {
    const rows = await this.ledger.ofSemester(workflowId, semester);
    const result: DisbursementResult = { semester, paid: 0, alreadyPaid: 0, failed: [], cancelled: 0 };
    let unresolved: Error | undefined;
    for (const row of rows) {
      if (row.status === 'paid') { result.alreadyPaid += 1; continue; }
      if (row.status === 'cancelled') { result.cancelled += 1; continue; }
      if (row.status === 'failed') { result.failed.push({ idempotencyKey: row.idempotency_key, reason: row.failure_reason ?? 'failed' }); continue; }
      const account = await this.accounts.reveal(row.student_id);
      if (!account) {
        await this.ledger.markFailed(row.id, 'no bank account on file');
        result.failed.push({ idempotencyKey: row.idempotency_key, reason: 'no bank account on file' });
        continue;
      }
      try {
        let outcome: PaymentOutcome | undefined;
        // A row left 'sending' by an earlier attempt may have been paid: ask before sending again.
        if (row.status === 'sending') outcome = await this.bank.lookup(row.idempotency_key);
        if (!outcome) {
          await this.ledger.markSending(row.id);
          try {
            outcome = await this.bank.pay({ idempotencyKey: row.idempotency_key, account: account.account, holderName: account.holderName, amountFen: Number(row.amount_fen), reference: `${row.scheme} ${semester}` });
          } catch (error) {
            if (!(error instanceof PaymentOutcomeUnknown)) throw error;
            this.logger.warn({ event: 'payment.outcome-unknown', idempotencyKey: row.idempotency_key, reason: error.message }, 'payment outcome unknown; asking the bank');
            outcome = await this.bank.lookup(row.idempotency_key);
            if (!outcome) throw error;
          }
        }
        if (outcome.status === 'accepted') {
          await this.ledger.markPaid(row.id, outcome.bankReference);
          result.paid += 1;
        } else {
          await this.ledger.markFailed(row.id, outcome.reason);
          result.failed.push({ idempotencyKey: row.idempotency_key, reason: outcome.reason });
        }
      } catch (error) {
        unresolved ??= error as Error;
      }
    }
    if (unresolved) throw unresolved; // retried by Temporal; rows already paid are skipped next time
    return result;
  }
}
