/** The running service's database schema name. */
export const SERVICE_SCHEMA = Symbol('SERVICE_SCHEMA');
