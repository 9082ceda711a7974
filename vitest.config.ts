import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ first: tests that start bin/kpl.mjs run the current sources.
    globalSetup: ['test/setup/build.ts'],
    // Acceptance tests start the real CLI as a child process.
    testTimeout: 60_000,
  },
});
