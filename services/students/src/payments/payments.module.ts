import { Module } from '@nestjs/common';
import { BankAccountsRepository } from './bank-accounts.repository';
import { BankBatchHttpProvider } from './bank-batch-http.provider';
import { BankHttpProvider } from './bank-http.provider';
import { CompensationLedgerActivities } from './compensation-ledger.activities';
import { BATCH_PAYMENT_PROVIDER } from './batch-payment-provider';
import { PAYMENT_PROVIDER } from './payment-provider';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';

/** The payment ledger, bank accounts (encrypted) and the bank adapters (single payments, and batches for the semester cycles). */
@Module({
  providers: [
    PaymentsRepository,
    BankAccountsRepository,
    PaymentsService,
    CompensationLedgerActivities,
    { provide: PAYMENT_PROVIDER, useClass: BankHttpProvider },
    { provide: BATCH_PAYMENT_PROVIDER, useClass: BankBatchHttpProvider },
  ],
  exports: [PaymentsRepository, BankAccountsRepository, PaymentsService, BATCH_PAYMENT_PROVIDER],
})
export class PaymentsModule {}
