import { BankReturnFeedEntity } from './bank-return-feed.entity';
import { PaymentCycleCountyEntity } from './payment-cycle-county.entity';
import { PaymentCycleRowEntity } from './payment-cycle-row.entity';
import { PaymentCycleEntity } from './payment-cycle.entity';

/** The payment cycles' tables, for the students service's entity list. */
export const PAYMENT_CYCLE_ENTITIES = [PaymentCycleEntity, PaymentCycleCountyEntity, PaymentCycleRowEntity, BankReturnFeedEntity];
