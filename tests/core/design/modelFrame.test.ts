import { describe, expect, it } from 'vitest';
import { parseFormula } from '../../../src/core/formula';
import { buildModelFrame } from '../../../src/core/design/modelFrame';
import { readCsvText } from '../../../src/core/io/csvRead';

/** 24 rows: score has 2 text cells (read as missing) and 1 NA; x has 1 empty cell on another row. */
const csv = [
  'score,x,g',
  '1.5,1,a', 'abc,2,a', '2.5,3,b', 'NA,4,b', '3.5,,a', 'n/a,6,b',
  ...Array.from({ length: 18 }, (_, i) => `${i + 4}.5,${i + 7},${'ab'[i % 2]}`),
].join('\n');

describe('buildModelFrame reports the rows it drops per column and reason', () => {
  const data = readCsvText(csv, 'd.csv').table!;
  it('counts non-numeric cells (read as missing) apart from missing cells', () => {
    const frame = buildModelFrame(parseFormula('score ~ x + (1 | g)'), data);
    expect(frame.nDropped).toBe(4);
    expect(frame.dropped).toEqual([
      { column: 'score', reason: 'non-numeric', rows: 2 },
      { column: 'score', reason: 'missing', rows: 1 },
      { column: 'x', reason: 'missing', rows: 1 },
    ]);
    expect(frame.messages[0]).toBe(
      "Dropped 4 of 24 rows with missing values in the model's columns (score: 2 non-numeric cells read as missing, 1 missing; x: 1 missing), as brms and lme4 do; 20 rows remain.",
    );
  });
  it('reports nothing for columns the formula does not use', () => {
    const frame = buildModelFrame(parseFormula('x ~ 1'), data);
    expect(frame.dropped).toEqual([{ column: 'x', reason: 'missing', rows: 1 }]);
  });
});
