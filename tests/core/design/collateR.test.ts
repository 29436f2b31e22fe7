import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareR, sortedLevelsR } from '../../../src/core/design';

/** R's sort() of ~300 tricky strings (tests/fixtures/collation/make_collation.R, R 4.2 with ICU). */
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/collation/r_sort.json', import.meta.url), 'utf8')) as {
  input: string[];
  sorted: string[];
};

describe('sortedLevelsR matches R with ICU (Debian, macOS)', () => {
  it('sorts the fixture of tricky strings exactly as R sort() does', () => {
    expect(fixture.input.length).toBeGreaterThanOrEqual(200);
    expect(sortedLevelsR(fixture.input)).toEqual(fixture.sorted);
  });
  it('puts "New York" before "Newark" and "St Louis" before "Stevens" (spaces count)', () => {
    expect(sortedLevelsR(['Newark', 'New York'])).toEqual(['New York', 'Newark']);
    expect(sortedLevelsR(['Stevens', 'St Louis'])).toEqual(['St Louis', 'Stevens']);
  });
  it('orders pasted interaction levels as R does ("1_1" before "10_28")', () => {
    expect(sortedLevelsR(['10_28', '1_1', '1_10', '10_1'])).toEqual(['1_1', '1_10', '10_1', '10_28']);
  });
  it('does not depend on the default locale (Swedish sorts ä after z; R in C.UTF-8 does not)', () => {
    expect(sortedLevelsR(['z', 'ä', 'a'])).toEqual(['a', 'ä', 'z']);
  });
  it('breaks ties between canonically equivalent strings by code units, so the order is total', () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    expect(sortedLevelsR([decomposed, composed])).toEqual(sortedLevelsR([composed, decomposed]));
    expect(Math.sign(compareR(composed, decomposed))).toBe(-Math.sign(compareR(decomposed, composed)));
    expect(compareR(composed, decomposed)).not.toBe(0);
  });
});
