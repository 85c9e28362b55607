import { defineConfig } from 'vitest/config';

/** End-to-end tests drive the built extension in real headless Chromium; one file at a time. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    // The crash-safety test runs on its own (npm run test:crash; why in vitest.crash.config.ts).
    exclude: ['test/e2e/crash.e2e.ts', '**/node_modules/**'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
