import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { COMMITMENT_ENDED_UPDATE, COMPENSATION_STATUS_QUERY, CommitmentEndedAck, CommitmentEndedRequest, CompensationStatus } from '@eduaid/contracts';

/** The compensation as it stands (live view; lists and GET read the durable row). */
export const compensationStatusQuery = defineQuery<CompensationStatus>(COMPENSATION_STATUS_QUERY);
/** The commitment ended early (a caseworker reports it): instalments not yet paid are cancelled. */
export const commitmentEndedUpdate = defineUpdate<CommitmentEndedAck, [CommitmentEndedRequest]>(COMMITMENT_ENDED_UPDATE);
