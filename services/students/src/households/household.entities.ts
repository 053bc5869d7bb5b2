import { HouseholdMemberEntity } from './household-member.entity';
import { HouseholdStatusChangeEntity } from './household-status-change.entity';
import { HouseholdEntity } from './household.entity';

/** The households feature's tables, for the students service's entity list. */
export const HOUSEHOLD_ENTITIES = [HouseholdEntity, HouseholdMemberEntity, HouseholdStatusChangeEntity];
