/** Injection token for the validated ServiceConfig of the running service. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
