export * from './task-queues';
export * from './search-attributes';
export * from './wiring/wiring-check';
