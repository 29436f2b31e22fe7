import { describe, expect, it } from 'vitest';
import { isMissingCell, NUMERIC_SHARE, parseNumericCell, typeColumn, withFactorRole } from '../../../src/core/io/tableTyping';
import { rawCellAt } from '../../../src/core/io/rawCells';

describe('isMissingCell', () => {
  it('treats empty, NA, NaN and "." as missing', () => {
    for (const t of ['', 'NA', 'NaN', '.']) expect(isMissingCell(t)).toBe(true);
  });
  it('does not treat other short tokens as missing', () => {
    for (const t of ['0', 'na', 'N', '-', 'null']) expect(isMissingCell(t)).toBe(false);
  });
});

describe('parseNumericCell', () => {
  it('reads plain decimals, signs and exponents', () => {
    expect(parseNumericCell('249.56')).toBe(249.56);
    expect(parseNumericCell('-3')).toBe(-3);
    expect(parseNumericCell('+.5')).toBe(0.5);
    expect(parseNumericCell('1e-3')).toBe(0.001);
    expect(parseNumericCell('7.')).toBe(7);
  });
  it('rejects text, hex, Infinity and thousands separators', () => {
    for (const t of ['abc', '0x1F', 'Infinity', '1,234', '1.2.3', '12abc', '']) expect(parseNumericCell(t)).toBeNaN();
  });
  it('reads a decimal comma only when asked', () => {
    expect(parseNumericCell('61,5')).toBeNaN();
    expect(parseNumericCell('61,5', { decimal: ',', grouping: false })).toBe(61.5);
    expect(parseNumericCell('-,25', { decimal: ',', grouping: false })).toBe(-0.25);
  });
});

describe('typeColumn', () => {
  it('types whole numbers as integer and keeps the parsed values', () => {
    const { column } = typeColumn('Days', ['0', '1', '2', '9']);
    expect(column.type).toBe('integer');
    expect(Array.from(column.numeric!)).toEqual([0, 1, 2, 9]);
    expect(column.asFactor).toBe(false);
  });
  it('types decimals as numeric', () => {
    expect(typeColumn('Reaction', ['249.56', '258.7047', '250']).column.type).toBe('numeric');
  });
  it('types exactly two distinct values as binary, numbers or labels', () => {
    const num = typeColumn('vote', ['0', '1', '1', '0', 'NA']).column;
    expect(num.type).toBe('binary');
    expect(num.numeric).not.toBeNull();
    const lab = typeColumn('sex', ['F', 'M', 'F']).column;
    expect(lab.type).toBe('binary');
    expect(lab.numeric).toBeNull();
  });
  it('types labels as categorical with numeric null and asFactor true', () => {
    const { column } = typeColumn('county', ['AITKIN', 'ANOKA', 'BECKER']);
    expect(column.type).toBe('categorical');
    expect(column.numeric).toBeNull();
    expect(column.asFactor).toBe(true);
  });
  it('counts empty, NA, NaN and "." cells as missing, trims the rest', () => {
    const { column } = typeColumn('x', [' 2 ', '', 'NA', 'NaN', '.', '5']);
    expect(column.nMissing).toBe(4);
    expect(Array.from(column.missing)).toEqual([0, 1, 1, 1, 1, 0]);
    expect(rawCellAt(column.raw, 0)).toBe('2');
    expect(column.numeric![1]).toBeNaN();
    expect(column.type).toBe('binary');
  });
  it('keeps a mostly numeric column numeric and turns its few non-numeric cells into missing', () => {
    const cells = Array.from({ length: 30 }, (_, i) => String(i + 0.5));
    cells[4] = 'abc';
    cells[17] = '?';
    const typed = typeColumn('score', cells);
    expect(typed.column.numeric).not.toBeNull();
    expect(typed.column.nMissing).toBe(2);
    expect(typed.column.missing[4]).toBe(1);
    expect(typed.column.numeric![17]).toBeNaN();
    expect(rawCellAt(typed.column.raw, 4)).toBe('abc');
    expect(typed.nonNumeric.count).toBe(2);
    expect(typed.nonNumeric.examples).toEqual([{ row: 4, text: 'abc' }, { row: 17, text: '?' }]);
  });
  it('reads a column as categorical once non-numeric cells pass the threshold', () => {
    const n = 20;
    let bad = 0;
    while (n - bad >= NUMERIC_SHARE * n) bad++;
    const cells = Array.from({ length: n }, (_, i) => (i < bad ? `x${i}` : String(i)));
    const typed = typeColumn('mixed', cells);
    expect(typed.column.numeric).toBeNull();
    expect(typed.column.type).toBe('categorical');
    expect(typed.column.nMissing).toBe(0);
    expect(typed.numericCells).toBe(n - bad);
  });
  it('reads an all-missing column as categorical with every cell missing', () => {
    const { column } = typeColumn('empty', ['', 'NA', '']);
    expect(column.numeric).toBeNull();
    expect(column.nMissing).toBe(3);
  });
});

describe('withFactorRole', () => {
  it('switches an integer column to a factor and back without touching the data', () => {
    const col = typeColumn('Subject', ['308', '309', '310']).column;
    const asFactor = withFactorRole(col, true);
    expect(asFactor.asFactor).toBe(true);
    expect(asFactor.type).toBe('integer');
    expect(asFactor.numeric).toBe(col.numeric);
    expect(col.asFactor).toBe(false);
    expect(withFactorRole(asFactor, false).asFactor).toBe(false);
  });
  it('keeps a label column a factor', () => {
    const col = typeColumn('g', ['a', 'b', 'c']).column;
    expect(withFactorRole(col, false).asFactor).toBe(true);
  });
});
