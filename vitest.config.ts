import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'tests/sbc/**', 'tests/r/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
