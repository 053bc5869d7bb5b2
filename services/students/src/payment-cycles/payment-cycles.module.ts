import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module';
import { PaymentCyclesActivities } from './payment-cycles.activities';
import { PaymentCyclesController } from './payment-cycles.controller';
import { PaymentCyclesRepository } from './payment-cycles.repository';
import { PaymentCyclesService } from './payment-cycles.service';

/** Semester payment cycles: the API, the durable cycle record, the cycle's activities on the students queue. */
@Module({
  imports: [PaymentsModule],
  controllers: [PaymentCyclesController],
  providers: [PaymentCyclesRepository, PaymentCyclesService, PaymentCyclesActivities],
})
export class PaymentCyclesModule {}
