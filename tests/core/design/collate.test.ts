import { describe, expect, it } from 'vitest';
import { compareR, sortedLevelsR } from '../../../src/core/design';

describe('compareR sorts strings as R with ICU does', () => {
  it('ignores case first and puts lower case first on a tie', () => {
    expect(sortedLevelsR(['b', 'B', 'a', 'A'])).toEqual(['a', 'A', 'b', 'B']);
    expect(sortedLevelsR(['Male', 'female', 'Female'])).toEqual(['female', 'Female', 'Male']);
  });
  it('sorts digits before letters and compares digit strings character by character', () => {
    expect(sortedLevelsR(['S10', 'S2', 'S01', 'a1', '9'])).toEqual(['9', 'a1', 'S01', 'S10', 'S2']);
  });
  it('counts spaces and punctuation, which sort before digits and letters, as ICU does', () => {
    expect(sortedLevelsR(['ST LOUIS', 'STEVENS', 'STEARNS'])).toEqual(['ST LOUIS', 'STEARNS', 'STEVENS']);
    expect(sortedLevelsR(['12', '1-2', '11', '1-1'])).toEqual(['1-1', '1-2', '11', '12']);
    expect(sortedLevelsR(['top 25%', 'bottom 25%', 'mid 50%'])).toEqual(['bottom 25%', 'mid 50%', 'top 25%']);
  });
  it('is a consistent total order', () => {
    const xs = ['a', 'A', 'a_b', 'ab', 'AB', 'a b', '1', '10', '1_0', ''];
    for (const x of xs) {
      expect(compareR(x, x)).toBe(0);
      for (const y of xs) if (x !== y) expect(Math.sign(compareR(x, y))).toBe(-Math.sign(compareR(y, x)));
    }
  });
});
