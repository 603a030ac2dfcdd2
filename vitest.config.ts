import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // EGRESS_TEST_DB=postgres: a throwaway PostgreSQL cluster for the control-API suites.
    globalSetup: ['tests/support/postgres-global-setup.ts'],
  },
});
