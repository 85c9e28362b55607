import { defineConfig } from 'vitest/config';

/**
 * The Firefox smoke suite drives the built extension (dist/firefox) in real headless Firefox ESR
 * over WebDriver BiDi; one file at a time, with generous timeouts (a shared, slow CI machine).
 */
export default defineConfig({
  test: {
    include: ['test/firefox/**/*.firefox.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
