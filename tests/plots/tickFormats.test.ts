import { describe, expect, it } from 'vitest';
import { compactCountTick, countTick } from '../../src/plots/tickFormats';

describe('countTick', () => {
  it('countTick writes counts below 10,000 in full with thousands separators', () => {
    expect(countTick(0)).toBe('0');
    expect(countTick(500)).toBe('500');
    expect(countTick(1500)).toBe('1,500');
  });
  it('countTick abbreviates 10,000 and above with SI suffixes', () => {
    expect(countTick(20000)).toBe('20k');
    expect(countTick(200000)).toBe('200k');
    expect(countTick(1_200_000)).toBe('1.2M');
  });
});

describe('compactCountTick', () => {
  it('compactCountTick abbreviates from 1,000 on, for narrow panels', () => {
    expect(compactCountTick(500)).toBe('500');
    expect(compactCountTick(1000)).toBe('1k');
    expect(compactCountTick(1500)).toBe('1.5k');
    expect(compactCountTick(20000)).toBe('20k');
  });
});
