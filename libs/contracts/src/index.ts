export * from './task-queues';
export * from './search-attributes';
export * from './wiring/wiring-check';
export * from './registry/registry';
export * from './identity/national-id';
export * from './identity/caller';
export * from './schools/schools-activities';
