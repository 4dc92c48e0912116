import { defineConfig } from 'vitest/config';

// Two projects: unit tests need nothing but Node; integration tests need the
// real servers of the test environment (scripts/test-env) and live under test/integration.
export default defineConfig({
  test: {
    // Once for both projects: the CLI the tests start as a process is built from the sources under test.
    globalSetup: ['test/setup/build.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
          // The pinned Python Jinja2 of the differential tests (scripts/python-env).
          globalSetup: ['test/setup/python-env.ts'],
          // Many unit tests start the CLI or Python: a loaded CI machine (2 cores, the
          // integration project alongside) needs more than the default 5 s. Not a speed check.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // Reuses a running environment or runs `scripts/test-env up` (which may build
          // the servers on a fresh machine); it never skips when a server is missing.
          globalSetup: ['test/setup/test-env.ts'],
          // Real servers: a rollout or a broker restart takes seconds, not milliseconds.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
