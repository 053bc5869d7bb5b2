export * from './test-env';
export * from './suite-database';
export * from './eduaid-harness';
export * from './http-client';
export * from './time-skipping';
export * from './entity-schema';
