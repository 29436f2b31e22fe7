import { defineConfig } from 'vitest/config';

// The R tier (`npm run test:r`, issue 24): the Open in R bundle checked by R itself. Not part of
// `npm test`; installs nothing; skips when Rscript with brms and rstan is absent.
export default defineConfig({
  test: {
    include: ['tests/r/**/*.test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
  },
});
