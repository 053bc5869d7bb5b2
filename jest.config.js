// One jest run for everything: unit specs beside the code, workflow specs, and the end-to-end
// suites under tests/. The global setup starts a real PostgreSQL and a real Temporal server unless
// DATABASE_URL / TEMPORAL_ADDRESS point at running ones.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '(services|workflows|libs|infra|tests)/.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@eduaid/(contracts|policy|platform|testing)$': '<rootDir>/libs/$1/src',
    '^@eduaid/(contracts|policy|platform|testing)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  setupFiles: ['reflect-metadata', '<rootDir>/libs/testing/src/quiet-temporal-runtime.ts'],
  reporters: ['default', '<rootDir>/libs/testing/src/plain-summary-reporter.js'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 120000,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/', '<rootDir>/.cache/'],
};
