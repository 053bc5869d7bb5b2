/** Environment variables global-setup hands to the suites. */
export const TEST_ENV = {
  /** A PostgreSQL URL whose role may create databases; each suite creates its own. */
  adminDatabaseUrl: 'EDUAID_TEST_ADMIN_DATABASE_URL',
  /** The time-skipping test server binary. */
  testServerPath: 'EDUAID_TEST_SERVER_PATH',
  /** The workflow bundle built once for the run. */
  workflowBundle: 'EDUAID_TEST_WORKFLOW_BUNDLE',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) {
    throw new Error(`${TEST_ENV[name]} is not set: run the tests with jest's global setup (npm test)`);
  }
  return value;
}
