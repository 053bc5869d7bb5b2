import { InitStudentsSchema1764400000000 } from './1764400000000-InitStudentsSchema';
import { CreateRegistries1764500000000 } from './1764500000000-CreateRegistries';
import { CreateRosterImports1764500001000 } from './1764500001000-CreateRosterImports';
import { CreateAidLedger1764600000000 } from './1764600000000-CreateAidLedger';
import { CurrentEnrolmentOnStudent1764700000000 } from './1764700000000-CurrentEnrolmentOnStudent';
import { HouseholdRegistrationOnRow1764700001000 } from './1764700001000-HouseholdRegistrationOnRow';
import { StudentPrivacyAndTransfers1764800002000 } from './1764800002000-StudentPrivacyAndTransfers';
import { AidApplicationRecord1764900000000 } from './1764900000000-AidApplicationRecord';
import { PaymentCycles1765000000000 } from './1765000000000-PaymentCycles';
import { PaymentCycleRuns1766000000000 } from './1766000000000-PaymentCycleRuns';
import { LedgerHotUpdates1766100000000 } from './1766100000000-LedgerHotUpdates';
import { Campaigns1766200000000 } from './1766200000000-Campaigns';
import { LedgerOnceIndexHot1766200000100 } from './1766200000100-LedgerOnceIndexHot';
import { GraduateImportLookups1766500000000 } from './1766500000000-GraduateImportLookups';
import { StudentNameSearch1767100000000 } from './1767100000000-StudentNameSearch';
import { LedgerRoomForClaimedVersions1767200000000 } from './1767200000000-LedgerRoomForClaimedVersions';

/** Every migration of the students schema, oldest first. */
export const studentsMigrations = [
  InitStudentsSchema1764400000000, CreateRegistries1764500000000, CreateRosterImports1764500001000, CreateAidLedger1764600000000, CurrentEnrolmentOnStudent1764700000000,
  HouseholdRegistrationOnRow1764700001000, StudentPrivacyAndTransfers1764800002000, AidApplicationRecord1764900000000, PaymentCycles1765000000000,
  PaymentCycleRuns1766000000000, LedgerHotUpdates1766100000000, Campaigns1766200000000, LedgerOnceIndexHot1766200000100,
  GraduateImportLookups1766500000000, StudentNameSearch1767100000000, LedgerRoomForClaimedVersions1767200000000,
];
