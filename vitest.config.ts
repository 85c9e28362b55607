import { defineConfig } from 'vitest/config';

/** Unit tests run in Node; fake-indexeddb stands in for IndexedDB so the vault runs without a browser. */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['fake-indexeddb/auto'],
    testTimeout: 30_000,
  },
});
