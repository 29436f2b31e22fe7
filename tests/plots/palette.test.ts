import { describe, expect, it } from 'vitest';
import { chainColor } from '../../src/plots/palette';

describe('chainColor', () => {
  it('chainColor gives the first four chains distinct Okabe-Ito colours, starting with blue and orange', () => {
    const four = [0, 1, 2, 3].map(chainColor);
    expect(new Set(four).size).toBe(4);
    expect(four.slice(0, 2)).toEqual(['#0072B2', '#E69F00']);
  });
  it('chainColor cycles after eight chains', () => {
    expect(chainColor(8)).toBe(chainColor(0));
    expect(chainColor(13)).toBe(chainColor(5));
  });
  it('chainColor never uses the red reserved for divergent draws', () => {
    for (let i = 0; i < 8; i++) expect(chainColor(i).toLowerCase()).not.toBe('#e41a1c');
  });
});
