import { Module } from '@nestjs/common';
import { BankAccountsRepository } from './bank-accounts.repository';
import { BankHttpProvider } from './bank-http.provider';
import { PAYMENT_PROVIDER } from './payment-provider';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';

/** The payment ledger, bank accounts (encrypted) and the bank adapter. */
@Module({
  providers: [PaymentsRepository, BankAccountsRepository, PaymentsService, { provide: PAYMENT_PROVIDER, useClass: BankHttpProvider }],
  exports: [PaymentsRepository, BankAccountsRepository, PaymentsService],
})
export class PaymentsModule {}
