import { describe, expect, it } from 'vitest';
import { ebfmi } from '../../../src/core/diagnostics';

describe('ebfmi', () => {
  it('matches the MCMCDiagnosticTools.jl test vectors (algorithms.md section d)', () => {
    expect(ebfmi(Float64Array.from([1, 2, 3, 4]))).toBeCloseTo(0.6, 14);
    const energy = [42, 44, 45, 46, 42, 43, 36, 36, 31, 36, 36, 32, 36, 31, 31, 29, 29, 30, 25, 26, 29, 29, 27, 30, 31, 29];
    expect(ebfmi(Float64Array.from(energy))).toBeCloseTo(0.2406937229, 10);
  });

  it('is NaN while undefined (fewer than 2 iterations or constant energy)', () => {
    expect(ebfmi(Float64Array.from([3]))).toBeNaN();
    expect(ebfmi(Float64Array.from([3, 3, 3]))).toBeNaN();
  });

  it('rejects non-finite energies, naming the iteration', () => {
    expect(() => ebfmi(Float64Array.from([1, NaN, 2]))).toThrow(/iteration 2/);
  });
});
