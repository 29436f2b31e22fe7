import { describe, expect, it } from 'vitest';
import { stanLccdf, stanLpdf } from '../../../src/core/export/stanLpdf';

// Reference values: R 4.2.2 (dt, pt, dgamma, pgamma, dnorm, ...), e.g.
// log(dt((2 - 1) / 3, 3) / 3), pt((0 - 1) / 3, 3, lower = FALSE, log = TRUE), pgamma(1, 3, 1, log = TRUE).
describe('stanLpdf / stanLccdf, constants included as Stan Math computes them', () => {
  it('student_t', () => {
    expect(stanLpdf('student_t', [2], [3, 1, 3])).toBeCloseTo(-2.17223642663337, 10);
    expect(stanLccdf('student_t', 0, [3, 0, 59.3])).toBeCloseTo(Math.log(0.5), 12);
    expect(stanLccdf('student_t', 0, [3, 1, 3])).toBeCloseTo(-0.47869761304919, 10);
    expect(stanLccdf('student_t', 2, [3, 1, 3])).toBeCloseTo(-0.96650516697327, 10);
  });
  it('normal, cauchy, exponential, lognormal, uniform', () => {
    expect(stanLpdf('normal', [1, 2], [0, 2])).toBeCloseTo(-3.84917142752924, 10);
    expect(stanLccdf('normal', 0, [1, 2])).toBeCloseTo(-0.36894641528866, 10);
    expect(stanLpdf('cauchy', [1], [0, 2])).toBeCloseTo(-2.06102061772356, 10);
    expect(stanLccdf('cauchy', 0, [1, 2])).toBeCloseTo(-0.43450735451773, 10);
    expect(stanLpdf('exponential', [2], [1.5])).toBeCloseTo(-2.59453489189184, 10);
    expect(stanLpdf('lognormal', [2], [0, 1])).toBeCloseTo(-1.85231222072372, 10);
    expect(stanLpdf('uniform', [2], [0, 4])).toBeCloseTo(-Math.log(4), 12);
    expect(stanLpdf('uniform', [5], [0, 4])).toBe(-Infinity);
  });
  it('gamma and inv_gamma, with the lccdf at a lower bound (student nu > 1)', () => {
    expect(stanLpdf('gamma', [3], [2, 0.1])).toBeCloseTo(-3.80655789731998, 10);
    expect(stanLccdf('gamma', 1, [2, 0.1])).toBeCloseTo(-0.00468982019568, 12);
    expect(stanLpdf('inv_gamma', [2], [3, 1])).toBeCloseTo(-3.96573590279973, 10);
    expect(stanLccdf('inv_gamma', 1, [3, 1])).toBeCloseTo(-2.5219682600314, 10);
  });
  it('an unknown distribution is a clear error', () => {
    expect(() => stanLpdf('weibull', [1], [1, 1])).toThrow(/weibull_lpdf/);
  });
});
