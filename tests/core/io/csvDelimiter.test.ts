import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../../src/core/io/csvDelimiter';
import { findUnclosedQuote, linesOfRecords } from '../../../src/core/io/csvLocate';

describe('detectDelimiter', () => {
  it('picks comma, semicolon, tab or pipe when it splits every record alike', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('a;b;c\n1,5;2;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
  });
  it('ignores delimiters inside quoted fields', () => {
    expect(detectDelimiter('id;note\n1;"a, b, c"\n2;"d,e"\n')).toBe(';');
  });
  it('prefers the consistent delimiter over the more frequent one', () => {
    expect(detectDelimiter('x;y\n1,2,3;4\n5;6\n')).toBe(';');
  });
  it('falls back to comma for a single column', () => {
    expect(detectDelimiter('y\n1\n2\n')).toBe(',');
  });
});

describe('linesOfRecords', () => {
  it('maps records to lines, counting newlines inside quotes', () => {
    const text = 'h1,h2\n1,"a\nb"\n2,c\r\n3,d\n';
    expect(linesOfRecords(text, ',', [0, 1, 2, 3])).toEqual([1, 2, 4, 5]);
  });
});

describe('findUnclosedQuote', () => {
  it('returns the line of an opening quote that never closes', () => {
    expect(findUnclosedQuote('a,b\n1,"x\n2,3\n', ',')).toBe(2);
  });
  it('returns null for balanced quotes and quotes inside unquoted fields', () => {
    expect(findUnclosedQuote('a,b\n1,"x ""y"""\n2,5" screen\n', ',')).toBeNull();
  });
});
