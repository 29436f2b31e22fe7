import { describe, expect, it } from 'vitest';
import { ppcKind } from '../../src/app/workspace/ppc';
import { FAMILIES } from '../../src/core/model/spec';

describe('ppcKind', () => {
  it('continuous families get a density overlay, whatever the data look like', () => {
    expect(ppcKind('gaussian')).toBe('density');
    expect(ppcKind('student')).toBe('density');
  });
  it('binary, binomial and count families get bars', () => {
    for (const f of ['bernoulli', 'binomial', 'poisson', 'negbinomial'] as const) expect(ppcKind(f)).toBe('bars');
  });
  it('every family of the family select has a kind', () => {
    for (const f of FAMILIES) expect(['density', 'bars']).toContain(ppcKind(f));
  });
});
