import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Acceptance tests start the real CLI as a child process.
    testTimeout: 60_000,
  },
});
