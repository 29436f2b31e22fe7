import { describe, expect, it } from 'vitest';
import {
  Phi, digamma, digammaRatio, invLogit, invPhi, lbeta, lchoose, lgamma, lgammaRatio, log1mExp, log1mInvLogit,
  log1mTanhSq, log1p, log1pExp, logInvLogit, logSumExp, logSumExp2, logit,
} from '../../../src/core/math/special';

describe('special functions', () => {
  it('lgamma and digamma at known points', () => {
    expect(lgamma(1)).toBe(0);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lgamma(101)).toBeCloseTo(363.73937555556347, 10); // log(100!)
    expect(lgamma(0)).toBe(Infinity);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.LN2, 13);
  });
  it('lgammaRatio and digammaRatio equal the differences and stay exact for huge x', () => {
    expect(lgammaRatio(2.5, 4)).toBeCloseTo(lgamma(6.5) - lgamma(2.5), 12);
    expect(lgammaRatio(2.5, 40)).toBeCloseTo(lgamma(42.5) - lgamma(2.5), 10);
    expect(digammaRatio(1.5, 3)).toBeCloseTo(digamma(4.5) - digamma(1.5), 12);
    expect(lgammaRatio(1e12, 2)).toBeCloseTo(Math.log(1e12) + Math.log(1e12 + 1), 10);
    expect(lgammaRatio(3, 0)).toBe(0);
  });
  it('log1p, log1pExp and log1mExp are accurate in both tails', () => {
    expect(log1p(1e-20)).toBe(1e-20);
    expect(log1pExp(800)).toBe(800);
    expect(log1pExp(-800)).toBe(0);
    expect(log1pExp(-40)).toBeCloseTo(Math.exp(-40), 30);
    expect(log1pExp(0)).toBeCloseTo(Math.LN2, 15);
    expect(log1mExp(-1e-20)).toBeCloseTo(Math.log(1e-20), 10);
    expect(log1mExp(-50)).toBeCloseTo(-Math.exp(-50), 30);
    expect(log1mExp(1)).toBeNaN();
  });
  it('logSumExp does not overflow and handles -Infinity', () => {
    expect(logSumExp2(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp2(-Infinity, 3)).toBe(3);
    expect(logSumExp([1000, 1000, 1000])).toBeCloseTo(1000 + Math.log(3), 12);
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
  });
  it('inv_logit and its logs at large |x|', () => {
    expect(invLogit(0)).toBe(0.5);
    expect(invLogit(800)).toBe(1);
    expect(invLogit(-800)).toBe(0);
    expect(invLogit(-40)).toBeCloseTo(Math.exp(-40), 30);
    expect(logInvLogit(-800)).toBe(-800);
    expect(log1mInvLogit(800)).toBe(-800);
    expect(logit(invLogit(2.3))).toBeCloseTo(2.3, 12);
  });
  it('Phi and inverse Phi', () => {
    expect(Phi(0)).toBe(0.5);
    expect(Phi(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(invPhi(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(invPhi(Phi(-7))).toBeCloseTo(-7, 5);
    expect(invPhi(0)).toBe(-Infinity);
  });
  it('lbeta, lchoose and log(1 - tanh^2)', () => {
    expect(lbeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
    expect(lchoose(10, 3)).toBeCloseTo(Math.log(120), 12);
    expect(lchoose(5, 0)).toBe(0);
    expect(log1mTanhSq(0.7)).toBeCloseTo(Math.log(1 - Math.tanh(0.7) ** 2), 13);
    expect(log1mTanhSq(400)).toBeCloseTo(2 * Math.LN2 - 800, 10);
  });
});
