import { describe, expect, it } from 'vitest';
import { invPhi } from '../../../src/core/math/special';
import { varLogZSeries } from '../../../src/core/loo/pointwise';

/** loo:::mcse_elpd's var(log(z)) for z = 1 + rho zn, zn the 1000 normal quantiles at (r - 3/8) / (1000.25). */
function varLogZDirect(rho: number): number {
  const logs: number[] = [];
  for (let r = 1; r <= 1000; r++) logs.push(Math.log1p(rho * invPhi((r - 0.375) / 1000.25)));
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  return logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1);
}

describe('the MCSE of elpd_loo without 1000 logs', () => {
  for (const rho of [1e-8, 1e-4, 0.003, 0.02, 0.05, 0.0999]) {
    it(`var(log z) by its power series equals the direct value at rho = ${rho}`, () => {
      const direct = varLogZDirect(rho);
      expect(Math.abs(varLogZSeries(rho) / direct - 1)).toBeLessThan(1e-11);
    });
  }
});
