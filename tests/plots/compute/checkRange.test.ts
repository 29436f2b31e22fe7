import { describe, expect, it } from 'vitest';
import { checkRange } from '../../../src/plots/compute/checkRange';

describe('checkRange', () => {
  it('checkRange accepts any range inside the array, empty ones included', () => {
    expect(() => checkRange([1, 2, 3], 0, 3, 'x')).not.toThrow();
    expect(() => checkRange([1, 2, 3], 3, 3, 'x')).not.toThrow();
  });
  it('checkRange names the caller and explains a count beyond the array', () => {
    expect(() => checkRange([1, 2], 0, 5, 'tracePlot: chain 3')).toThrow('tracePlot: chain 3: count 5 exceeds the array length 2');
  });
  it('checkRange rejects reversed, negative and fractional ranges', () => {
    expect(() => checkRange([1], 1, 0, 'x')).toThrow(/not a valid index range/);
    expect(() => checkRange([1], -1, 1, 'x')).toThrow(/not a valid/);
    expect(() => checkRange([1], 0, 0.5, 'x')).toThrow(/not a valid/);
  });
});
