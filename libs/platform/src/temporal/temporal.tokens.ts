/** Injection token for the Temporal Client of the running service. */
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
