import { defineConfig } from 'vitest/config';

// The fuzz tier (`npm run test:fuzz`, not part of `npm test`): seeded generators for formulas,
// CSVs, priors and session files, run through the core. Each file is `tests/fuzz/*.fuzz.ts`.
export default defineConfig({
  test: {
    include: ['tests/fuzz/**/*.fuzz.ts'],
    testTimeout: 900_000,
    pool: 'forks',
  },
});
