import { defineConfig } from 'vitest/config';

// Two projects: unit tests need nothing but Node; integration tests need the
// real servers of the test environment (scripts/test-env) and live under test/integration.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
});
