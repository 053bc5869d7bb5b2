import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  AID_APPEAL_UPDATE,
  AID_CHANGE_SIGNAL,
  AID_STATUS_QUERY,
  AID_WITHDRAW_UPDATE,
  AidApplicationState,
  AidApplicationStatus,
  AppealRequest,
  ChangeNotice,
  WithdrawRequest,
} from '@eduaid/contracts';

export interface AidUpdateAck {
  accepted: true;
  state: AidApplicationState;
}

/** Where the application is, who holds it, the entitlement and the timeline. */
export const aidStatusQuery = defineQuery<AidApplicationStatus>(AID_STATUS_QUERY);
/** The submitter withdraws before the end; refused once approved or closed. */
export const withdrawUpdate = defineUpdate<AidUpdateAck, [WithdrawRequest]>(AID_WITHDRAW_UPDATE);
/** A rejected applicant appeals once, within the window; the appeal goes one level up. */
export const appealUpdate = defineUpdate<AidUpdateAck, [AppealRequest]>(AID_APPEAL_UPDATE);
/** A change of facts while the application is open: re-checked, and future payments cancelled or adjusted. */
export const changeSignal = defineSignal<[ChangeNotice]>(AID_CHANGE_SIGNAL);
