import { describe, expect, it } from 'vitest';
import { madR, medianR, roundR, brmsRename, brmsLevelName, closestName, editDistance } from '../../../src/core/design';

describe('R statistics used by brms default priors', () => {
  it('medianR averages the two middle values of an even-length sample', () => {
    expect(medianR([3, 1, 2])).toBe(2);
    expect(medianR([4, 1, 3, 2])).toBe(2.5);
    expect(medianR([])).toBeNaN();
  });
  it('madR is 1.4826 times the median absolute deviation from the median', () => {
    expect(madR([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 12);
    expect(madR([5, 5, 5])).toBe(0);
  });
  it('roundR rounds half to even on exact ties and to the nearer double otherwise (R >= 4)', () => {
    expect(roundR(2.5)).toBe(2);
    expect(roundR(3.5)).toBe(4);
    expect(roundR(-2.5)).toBe(-2);
    expect(roundR(0.25, 1)).toBe(0.2);
    expect(roundR(0.75, 1)).toBe(0.8);
    expect(roundR(0.15, 1)).toBe(0.1); // 0.15 is stored as 0.1499999999999999944...
    expect(roundR(2.675, 2)).toBe(2.67); // stored below the tie
    expect(roundR(59.2567, 1)).toBe(59.3);
    expect(roundR(-1.26, 1)).toBe(-1.3);
  });
});

describe('brms names', () => {
  it('brmsRename removes brackets and spaces and spells operators as brms does', () => {
    expect(brmsRename('I(age^2)')).toBe('IageE2');
    expect(brmsRename('factor(period)2')).toBe('factorperiod2');
    expect(brmsRename('livch3+')).toBe('livch3P');
    expect(brmsRename('I(a * b/2)')).toBe('IaMUbD2');
    expect(brmsRename('log(x - 1)')).toBe('logxM1');
    expect(brmsRename('vrtop 25%')).toBe('vrtop25%');
    expect(brmsRename('age:SexMale')).toBe('age:SexMale');
  });
  it('brmsLevelName writes whitespace in levels as dots, as brms r_ names do', () => {
    expect(brmsLevelName('top 25%')).toBe('top.25%');
    expect(brmsLevelName('308')).toBe('308');
  });
  it('closestName suggests by edit distance, ignoring case first', () => {
    expect(editDistance('Dys', 'Days')).toBe(1);
    expect(closestName('days', ['Days', 'Reaction'])).toBe('Days');
    expect(closestName('Subjct', ['Days', 'Subject'])).toBe('Subject');
    expect(closestName('zzzzzz', ['Days', 'Subject'])).toBeNull();
  });
});
