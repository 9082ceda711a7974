import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ first: tests that start bin/kpl.mjs run the current sources.
    // and starts a temporary PostgreSQL for the tests of `--engine postgres` (test/setup/postgres.ts).
    globalSetup: ['test/setup/build.ts', 'test/setup/postgres.ts'],
    // Diagnostics without colour whatever the CI's environment (FORCE_COLOR…): tests compare text.
    // The colour tests set these variables themselves.
    env: { NO_COLOR: '1' },
    // Acceptance tests start the real CLI as a child process.
    testTimeout: 60_000,
  },
});
