import { Module } from '@nestjs/common';
import { WorkflowStarter } from '@eduaid/platform';
import { PaymentsModule } from '../payments/payments.module';
import { PaymentCycleScheduleService } from './payment-cycle-schedule.service';
import { PaymentCyclesActivities } from './payment-cycles.activities';
import { PaymentCyclesController } from './payment-cycles.controller';
import { PaymentCyclesRepository } from './payment-cycles.repository';
import { PaymentCyclesService } from './payment-cycles.service';

/** Semester payment cycles: the API, the durable record of each run, the cycle's activities on the students queue, the Schedule that starts runs. */
@Module({
  imports: [PaymentsModule],
  controllers: [PaymentCyclesController],
  providers: [WorkflowStarter, PaymentCyclesRepository, PaymentCyclesService, PaymentCyclesActivities, PaymentCycleScheduleService],
})
export class PaymentCyclesModule {}
