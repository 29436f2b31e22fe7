import { defineConfig } from 'vitest/config';

// The slow tier: simulation-based calibration. Not part of `npm test`.
export default defineConfig({
  test: {
    include: ['tests/sbc/**/*.test.ts'],
    testTimeout: 3_600_000,
  },
});
