import type { ServiceDefinition } from '@eduaid/platform';
import { studentsMigrations } from './migrations';
import { AidApplicationEntity } from './aid-applications/aid-application.entity';
import { AidApplicationsModule } from './aid-applications/aid-applications.module';
import { CAMPAIGN_ENTITIES } from './campaigns/campaign.entities';
import { HOUSEHOLD_ENTITIES } from './households/household.entities';
import { PAYMENT_CYCLE_ENTITIES } from './payment-cycles/payment-cycle.entities';
import { AidPaymentEntity } from './payments/aid-payment.entity';
import { BankAccountEntity } from './payments/bank-account.entity';
import { PiiAccessEntity } from './privacy/pii-access.entity';
import { ROSTER_IMPORT_ENTITIES } from './roster-import/roster-import.entities';
import { STUDENT_ENTITIES } from './students/student.entities';
import { CampaignsModule } from './campaigns/campaigns.module';
import { HouseholdsModule } from './households/households.module';
import { KeyRotationModule } from './key-rotation/key-rotation.module';
import { PaymentCyclesModule } from './payment-cycles/payment-cycles.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ReportsModule } from './reports/reports.module';
import { RetentionModule } from './retention/retention.module';
import { RosterImportModule } from './roster-import/roster-import.module';
import { StudentsMetricsModule } from './metrics/students-metrics.module';
import { StudentsModule } from './students/students.module';
import { WiringCheckModule } from './wiring-check/wiring-check.module';

/** Households, students, enrolments, roster import, aid applications, entitlements, the payment ledger. */
export const studentsService: ServiceDefinition = {
  name: 'students',
  title: 'eduaid students',
  description: 'Registered-poor households, students and their enrolments, aid applications and payments.',
  database: { schema: 'students', entities: [...HOUSEHOLD_ENTITIES, ...STUDENT_ENTITIES, ...ROSTER_IMPORT_ENTITIES, AidApplicationEntity, AidPaymentEntity, BankAccountEntity, ...PAYMENT_CYCLE_ENTITIES, ...CAMPAIGN_ENTITIES, PiiAccessEntity], migrations: studentsMigrations },
  personalData: true,
  features: [WiringCheckModule, StudentsModule, HouseholdsModule, RosterImportModule, ReportsModule, PrivacyModule, KeyRotationModule, RetentionModule, AidApplicationsModule, PaymentCyclesModule, CampaignsModule, StudentsMetricsModule],
};
