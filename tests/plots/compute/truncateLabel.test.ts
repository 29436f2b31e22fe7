import { describe, expect, it } from 'vitest';
import { truncateLabel } from '../../../src/plots/compute/truncateLabel';

describe('truncateLabel', () => {
  it('truncateLabel keeps a label that fits', () => {
    expect(truncateLabel('ANOKA', 5)).toEqual({ text: 'ANOKA', truncated: false });
  });
  it('truncateLabel cuts a long label to maxChars including an ellipsis', () => {
    const r = truncateLabel('LAC QUI PARLE', 8);
    expect(r).toEqual({ text: 'LAC QUI\u2026', truncated: true });
    expect(Array.from(r.text).length).toBe(8);
  });
  it('truncateLabel never splits a code point', () => {
    expect(truncateLabel('\u{1F600}\u{1F600}\u{1F600}', 2).text).toBe('\u{1F600}\u2026');
  });
  it('truncateLabel rejects maxChars below 2', () => {
    expect(() => truncateLabel('abc', 1)).toThrow(/maxChars/);
  });
});
